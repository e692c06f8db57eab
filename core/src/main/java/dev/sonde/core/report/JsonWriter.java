package dev.sonde.core.report;

import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.Writer;

/**
 * Writes JSON (RFC 8259): objects, arrays, strings, whole numbers, booleans and null, pretty-printed
 * with two-space indents, or compact for JSON Lines. Strings are escaped as the RFC requires (quote,
 * backslash, control characters) and an unpaired surrogate is written as a backslash-u escape, so that
 * any Java string gives valid JSON.
 *
 * <p>The probe writes its reports with this rather than with a JSON library: it writes at the JVM's
 * exit, and loading the library's generator there was one of the two largest parts of the probe's
 * start-up cost (about 15 ms a run, BENCHMARKS.md), and its classes half of {@code sonde.jar}'s size.
 * What it writes is checked against a real parser in the tests.
 */
public final class JsonWriter implements Closeable, Flushable {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final Writer out;
    private final boolean pretty;
    /** Per open container: whether something was written in it yet. */
    private boolean[] written = new boolean[16];

    private int depth;
    /** A field's name was written: its value follows, with no comma or line before it. */
    private boolean afterName;

    private JsonWriter(Writer out, boolean pretty) {
        this.out = out;
        this.pretty = pretty;
    }

    /** Pretty-printed, for a file people may read. */
    public static JsonWriter pretty(Writer out) {
        return new JsonWriter(out, true);
    }

    /** On one line, for JSON Lines. */
    public static JsonWriter compact(Writer out) {
        return new JsonWriter(out, false);
    }

    public JsonWriter writeStartObject() throws IOException {
        return open('{');
    }

    public JsonWriter writeEndObject() throws IOException {
        return close('}');
    }

    public JsonWriter writeStartArray() throws IOException {
        return open('[');
    }

    public JsonWriter writeEndArray() throws IOException {
        return close(']');
    }

    public JsonWriter writeFieldName(String name) throws IOException {
        beforeValue();
        string(name);
        out.write(pretty ? ": " : ":");
        afterName = true;
        return this;
    }

    public JsonWriter writeString(String value) throws IOException {
        if (value == null) {
            return writeNull();
        }
        beforeValue();
        string(value);
        return this;
    }

    public JsonWriter writeNumber(long value) throws IOException {
        beforeValue();
        out.write(Long.toString(value));
        return this;
    }

    /** A fraction from 0 to 1, to four decimals ({@code 0.4123}); NaN and infinities are refused. */
    public JsonWriter writeFraction(double value) throws IOException {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("no JSON number: " + value);
        }
        beforeValue();
        long tenThousandths = Math.round(value * 10_000);
        String digits = Long.toString(Math.abs(tenThousandths) % 10_000);
        StringBuilder text = new StringBuilder();
        if (tenThousandths < 0) {
            text.append('-');
        }
        text.append(Math.abs(tenThousandths) / 10_000).append('.');
        for (int i = digits.length(); i < 4; i++) {
            text.append('0');
        }
        out.write(text.append(digits).toString());
        return this;
    }

    public JsonWriter writeBoolean(boolean value) throws IOException {
        beforeValue();
        out.write(value ? "true" : "false");
        return this;
    }

    public JsonWriter writeNull() throws IOException {
        beforeValue();
        out.write("null");
        return this;
    }

    public JsonWriter writeStringField(String name, String value) throws IOException {
        return writeFieldName(name).writeString(value);
    }

    public JsonWriter writeNumberField(String name, long value) throws IOException {
        return writeFieldName(name).writeNumber(value);
    }

    public JsonWriter writeBooleanField(String name, boolean value) throws IOException {
        return writeFieldName(name).writeBoolean(value);
    }

    public JsonWriter writeArrayFieldStart(String name) throws IOException {
        return writeFieldName(name).writeStartArray();
    }

    public JsonWriter writeObjectFieldStart(String name) throws IOException {
        return writeFieldName(name).writeStartObject();
    }

    /** Ends a value at the top: a line break, as between the lines of JSON Lines or at a file's end. */
    public JsonWriter endLine() throws IOException {
        if (depth != 0) {
            throw new IllegalStateException("a JSON value is still open");
        }
        out.write('\n');
        return this;
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    private JsonWriter open(char bracket) throws IOException {
        beforeValue();
        out.write(bracket);
        if (depth == written.length) {
            written = java.util.Arrays.copyOf(written, depth * 2);
        }
        written[depth++] = false;
        return this;
    }

    private JsonWriter close(char bracket) throws IOException {
        if (depth == 0 || afterName) {
            throw new IllegalStateException("nothing to close with '" + bracket + "'");
        }
        boolean any = written[--depth];
        if (pretty && any) {
            newLine();
        }
        out.write(bracket);
        return this;
    }

    /** Writes what separates this value from the one before: a comma, a line and the indent. */
    private void beforeValue() throws IOException {
        if (afterName) {
            afterName = false;
            return;
        }
        if (depth == 0) {
            return;
        }
        if (written[depth - 1]) {
            out.write(',');
        }
        written[depth - 1] = true;
        if (pretty) {
            newLine();
        }
    }

    private void newLine() throws IOException {
        out.write('\n');
        for (int i = 0; i < depth; i++) {
            out.write("  ");
        }
    }

    private void string(String value) throws IOException {
        out.write('"');
        int length = value.length();
        int start = 0;
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            String escape = null;
            if (c == '"') {
                escape = "\\\"";
            } else if (c == '\\') {
                escape = "\\\\";
            } else if (c < 0x20) {
                escape = c == '\n'
                        ? "\\n"
                        : c == '\r' ? "\\r" : c == '\t' ? "\\t" : c == '\b' ? "\\b" : c == '\f' ? "\\f" : unicode(c);
            } else if (Character.isSurrogate(c)) {
                boolean paired = Character.isHighSurrogate(c)
                        ? i + 1 < length && Character.isLowSurrogate(value.charAt(i + 1))
                        : i > 0 && Character.isHighSurrogate(value.charAt(i - 1));
                if (!paired) {
                    escape = unicode(c);
                }
            }
            if (escape != null) {
                out.write(value, start, i - start);
                out.write(escape);
                start = i + 1;
            }
        }
        out.write(value, start, length - start);
        out.write('"');
    }

    private static String unicode(char c) {
        return new String(
                new char[] {'\\', 'u', HEX[c >> 12 & 0xF], HEX[c >> 8 & 0xF], HEX[c >> 4 & 0xF], HEX[c & 0xF]});
    }
}
