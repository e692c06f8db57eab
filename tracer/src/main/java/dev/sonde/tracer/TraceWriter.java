package dev.sonde.tracer;

import dev.sonde.core.internal.Log;
import dev.sonde.core.report.JsonWriter;
import dev.sonde.core.report.ReportFile;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.lang.reflect.Array;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.objectweb.asm.Type;

/**
 * Turns the recorded event stream into {@code sonde-trace-<pid>.txt} (for people) and
 * {@code sonde-trace-<pid>.jsonl} (one object per event), on a thread of its own. Values are rendered
 * without running any of the program's code: primitives exactly, strings quoted and cut, boxed
 * primitives by value, other objects as {@code Type@identity}. Every frame entered ends with a marker:
 * its return or unwind, or a cut when tracing stopped before it ended; a return value is shown only
 * when it was recorded at that very return instruction.
 *
 * <p>The files are streamed under their final names, created new (see {@link ReportFile}), so that what
 * was written can be read while the program runs and survives a JVM that dies.
 */
final class TraceWriter implements Runnable {

    /** Why an unwind has no exception type. */
    static final String UNSEEN = "an exception thrown before its super(…) call completed; its type is not recorded";
    /** Why a frame the trace has no end for is cut. */
    static final String STILL_RUNNING = "still running when the trace ended";

    /** Levels of indentation in the text file; deeper frames show their depth as a number instead. */
    static final int MAX_INDENT = 20;

    private final TraceRecorder recorder;
    private final long maxBytes;
    private final Path textFile;
    private final Path jsonFile;
    private final Writer text;
    private final JsonWriter json;
    /** By thread id, in the order threads first traced something. */
    private final Map<Integer, Decoder> decoders = new TreeMap<>();

    private volatile boolean finishing;
    private volatile List<TraceRecorder.Chunk> lastChunks = List.of();
    private long bytes;
    private long steps;
    private long invocations;
    private boolean byteCapReached;
    private boolean failed;
    private final java.util.Set<Integer> methodsSeen = new java.util.HashSet<>();
    /** Methods the notes say are traced with less detail or run interpreted: how many, by detail. */
    private final java.util.Set<String> detailed = new java.util.HashSet<>();

    private final int[] lessDetail = new int[TracingWeaver.Detail.values().length];
    private int interpreted;

    /** Creates {@code stem.txt} and {@code stem.jsonl} in {@code directory}, or the first free names after. */
    TraceWriter(
            TraceRecorder recorder, Path directory, String stem, Set<PosixFilePermission> permissions, long maxBytes)
            throws IOException {
        this.recorder = recorder;
        this.maxBytes = maxBytes;
        ReportFile.Created[] files =
                ReportFile.createFirstFree(directory, stem, new String[] {".txt", ".jsonl"}, permissions, "the trace");
        this.textFile = files[0].path;
        this.jsonFile = files[1].path;
        this.text = new BufferedWriter(new OutputStreamWriter(files[0].out, StandardCharsets.UTF_8), 1 << 16);
        this.json = JsonWriter.compact(
                new BufferedWriter(new OutputStreamWriter(files[1].out, StandardCharsets.UTF_8), 1 << 16));
    }

    Path textFile() {
        return textFile;
    }

    Path jsonFile() {
        return jsonFile;
    }

    /** Per thread: where in the stream it is, and its traced calls. */
    private static final class Decoder {
        final String thread;
        final Deque<TracedMethod> calls = new ArrayDeque<>();
        long marker; // the marker whose values are being read, or 0
        int expected;
        long[] raw = new long[16];
        Object[] refs = new Object[16];
        int count;
        /** The value a return instruction was about to return, when the event just written was its step. */
        String returning;

        Decoder(String thread) {
            this.thread = thread;
        }
    }

    @Override
    public void run() {
        try {
            while (true) {
                // a writer that failed still takes chunks, so that the program never waits for it
                TraceRecorder.Chunk chunk = recorder.take(finishing ? 0 : 100);
                try {
                    // the notes on a method come before its events: its class was woven before its code ran
                    notes();
                    if (chunk != null) {
                        write(chunk);
                    } else if (finishing) {
                        break;
                    }
                } catch (RuntimeException | Error e) {
                    fail(new IllegalStateException(e)); // an OutOfMemoryError, say: stop writing, keep taking
                }
            }
            // what threads had published when the JVM began to exit, after everything they handed over
            notes();
            for (TraceRecorder.Chunk chunk : lastChunks) {
                write(chunk);
            }
            notes();
            end();
            String summary = detailSummary();
            if (summary != null) {
                Log.warn(summary);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                json.close();
                text.close();
            } catch (IOException e) {
                Log.warn("the trace could not be closed: " + e);
            }
        }
    }

    /** Closes the frames still open and says why tracing stopped, if it stopped early. */
    private void end() {
        if (failed) {
            return;
        }
        try {
            if (!byteCapReached) {
                cutOpenFrames(STILL_RUNNING);
            }
            String note = byteCapReached
                    ? "tracing stopped: trace.max.bytes=" + maxBytes + " reached"
                    : recorder.eventCapReached()
                            ? "tracing stopped after trace.max.events=" + recorder.maxEvents() + " instruction events"
                            : null;
            if (note != null) {
                text.write("[sonde] " + note + "\n");
                json.writeStartObject();
                json.writeStringField("event", "stopped");
                json.writeStringField("reason", note);
                json.writeEndObject();
                json.endLine();
            }
        } catch (IOException | RuntimeException e) {
            fail(e);
        }
    }

    /**
     * Asks the writer to end once every chunk handed over so far is written, followed by {@code last}:
     * what each thread had recorded but not yet handed over.
     */
    void finish(List<TraceRecorder.Chunk> last) {
        lastChunks = last;
        finishing = true;
    }

    long steps() {
        return steps;
    }

    long invocations() {
        return invocations;
    }

    int methods() {
        return methodsSeen.size();
    }

    boolean capped() {
        return byteCapReached || recorder.eventCapReached();
    }

    private void fail(Exception e) {
        if (!failed) {
            failed = true;
            recorder.stop();
            Log.warn("the trace could not be written (" + textFile + ", " + jsonFile + "): " + e);
        }
    }

    /** Writes the notes on methods not traced as asked: not traced at all, or with less detail, or interpreted. */
    private void notes() {
        for (MethodNote note = recorder.nextNote(); note != null; note = recorder.nextNote()) {
            TracingWeaver.Detail detail = note.detail();
            if (detail != null && detailed.size() < TraceRecorder.MAX_NOTES && detailed.add(note.method())) {
                lessDetail[detail.ordinal()]++;
                interpreted += note.interpreted() ? 1 : 0;
            }
            if (byteCapReached || failed) {
                continue;
            }
            try {
                json.writeStartObject();
                json.writeStringField("event", detail == null ? "skipped" : "detail");
                json.writeStringField("method", note.method());
                if (detail != null) {
                    json.writeStringField("recorded", MethodNote.recorded(detail));
                    json.writeBooleanField("interpreted", note.interpreted());
                }
                json.writeStringField("reason", note.reason());
                json.writeEndObject();
                json.endLine();
                String line = detail == null
                        ? "[sonde] not traced: " + note.method() + ": " + note.reason() + "\n"
                        : "[sonde] " + note.sentence() + "\n";
                text.write(line);
                bytes += line.length() * 2L;
            } catch (IOException | RuntimeException e) {
                fail(e);
            }
        }
    }

    /**
     * One line for stderr on the methods traced with less detail than asked or running interpreted, whose
     * notes the trace files hold; null when there are none.
     */
    String detailSummary() {
        int less = 0;
        StringBuilder levels = new StringBuilder();
        TracingWeaver.Detail[] all = TracingWeaver.Detail.values();
        for (int i = 1; i < all.length; i++) {
            if (lessDetail[i] > 0) {
                less += lessDetail[i];
                levels.append(levels.length() == 0 ? "" : ", ")
                        .append(lessDetail[i])
                        .append(" with ")
                        .append(all[i] == TracingWeaver.Detail.STACK ? "the operand stack only" : "instructions only");
            }
        }
        if (less == 0 && interpreted == 0) {
            return null;
        }
        StringBuilder line = new StringBuilder("trace: ");
        if (less > 0) {
            line.append(methods(less))
                    .append(" traced with less detail, to stay compilable or within 64 KiB (")
                    .append(levels)
                    .append(")");
        }
        if (interpreted > 0) {
            line.append(less > 0 ? "; " : "")
                    .append(methods(interpreted))
                    .append(" ran interpreted once traced (past ")
                    .append(MethodNote.JIT_LIMIT)
                    .append(")");
        }
        return line.append("; the trace files say which and why").toString();
    }

    private static String methods(int count) {
        return count == 1 ? "1 method" : count + " methods";
    }

    private void write(TraceRecorder.Chunk chunk) {
        if (byteCapReached || failed) {
            return; // still taken from the queue, so that the program never waits for a writer that stopped
        }
        Decoder decoder = decoders.get(chunk.owner);
        if (decoder == null) {
            decoder = new Decoder(chunk.thread);
            decoders.put(chunk.owner, decoder);
        }
        int length = chunk.published.get();
        try {
            for (int i = 0; i < length; i++) {
                long value = chunk.data[i];
                Object ref = chunk.refs[i];
                chunk.refs[i] = null;
                if (decoder.marker == 0) {
                    start(decoder, value, ref);
                } else {
                    if (decoder.count == decoder.raw.length) {
                        decoder.raw = java.util.Arrays.copyOf(decoder.raw, decoder.count * 2);
                        decoder.refs = java.util.Arrays.copyOf(decoder.refs, decoder.count * 2);
                    }
                    decoder.raw[decoder.count] = value;
                    decoder.refs[decoder.count] = ref;
                    decoder.count++;
                    if (decoder.count == decoder.expected) {
                        complete(decoder);
                    }
                }
                if (bytes > maxBytes) {
                    byteCapReached = true;
                    recorder.stop();
                    cutOpenFrames("tracing stopped at trace.max.bytes");
                    return;
                }
            }
        } catch (IOException | RuntimeException e) {
            fail(e);
        }
    }

    private void start(Decoder decoder, long marker, Object ref) throws IOException {
        long tag = marker & TraceRecorder.TAG;
        int operand = (int) (marker & ~TraceRecorder.TAG);
        String returning = decoder.returning;
        decoder.returning = null;
        if (tag == TraceRecorder.ENTER) {
            TracedMethod method = recorder.method(operand);
            decoder.calls.push(method);
            expect(decoder, marker, method.enterValues());
        } else if (tag == TraceRecorder.STEP) {
            expect(decoder, marker, decoder.calls.peek().stepValues(operand));
        } else if (tag == TraceRecorder.SKIPPED) {
            int depth = decoder.calls.size();
            json.writeStartObject();
            json.writeStringField("thread", decoder.thread);
            json.writeNumberField("depth", depth);
            json.writeStringField("event", "skipped");
            json.writeStringField("reason", String.valueOf(ref));
            json.writeEndObject();
            json.endLine();
            line(decoder.thread, depth, 0, "-- not followed: " + ref);
        } else if (tag == TraceRecorder.RETURNED || tag == TraceRecorder.RETURNED_CUT) {
            TracedMethod method = decoder.calls.pop();
            boolean cut = tag == TraceRecorder.RETURNED_CUT;
            boolean hasValue = Type.getReturnType(method.descriptor()) != Type.VOID_TYPE;
            String value = !cut && hasValue ? returning : null;
            String why = cut
                    ? (hasValue ? "tracing stopped; return value not recorded" : "tracing stopped")
                    : hasValue && value == null
                            ? (method.detail() == TracingWeaver.Detail.INSTRUCTIONS
                                    ? "traced with instructions only; return value not recorded"
                                    : "return value not recorded")
                            : null;
            int depth = decoder.calls.size();
            frameEnd(decoder.thread, depth, method, "return", cut, why);
            if (value != null) {
                json.writeStringField("value", value);
            }
            json.writeEndObject();
            json.endLine();
            line(
                    decoder.thread,
                    depth,
                    0,
                    "<- " + method + " returns" + (value != null ? " " + value : "")
                            + (why != null ? " (" + why + ")" : ""));
        } else if (tag == TraceRecorder.UNSEEN) {
            TracedMethod method = decoder.calls.pop();
            int depth = decoder.calls.size();
            frameEnd(decoder.thread, depth, method, "unwind", false, UNSEEN);
            json.writeEndObject();
            json.endLine();
            line(decoder.thread, depth, 0, "<- " + method + " unwinds (" + UNSEEN + ")");
        } else if (tag == TraceRecorder.UNWOUND || tag == TraceRecorder.UNWOUND_CUT) {
            TracedMethod method = decoder.calls.pop();
            boolean cut = tag == TraceRecorder.UNWOUND_CUT;
            String type = ref == null ? "?" : ref.getClass().getName();
            int depth = decoder.calls.size();
            frameEnd(decoder.thread, depth, method, "unwind", cut, cut ? "tracing stopped" : null);
            json.writeStringField("exception", type);
            json.writeEndObject();
            json.endLine();
            line(decoder.thread, depth, 0, "<- " + method + " unwinds " + type + (cut ? " (tracing stopped)" : ""));
        }
    }

    /** Starts the JSON object of a frame's end; the caller adds its own fields and ends it. */
    private void frameEnd(String thread, int depth, TracedMethod method, String event, boolean cut, String why)
            throws IOException {
        json.writeStartObject();
        json.writeStringField("thread", thread);
        json.writeNumberField("depth", depth);
        json.writeStringField("method", method.toString());
        json.writeStringField("event", event);
        if (cut) {
            json.writeBooleanField("cut", true);
        }
        if (why != null) {
            json.writeStringField("reason", why);
        }
    }

    /**
     * Ends every frame still open, innermost first, with a cut marker saying why: the trace stopped
     * before they returned. A frame whose enter event was never complete was never written, and is dropped.
     */
    private void cutOpenFrames(String why) throws IOException {
        for (Decoder decoder : decoders.values()) {
            if ((decoder.marker & TraceRecorder.TAG) == TraceRecorder.ENTER) {
                decoder.calls.pop();
            }
            decoder.marker = 0;
            decoder.count = 0;
            decoder.returning = null;
            while (!decoder.calls.isEmpty()) {
                TracedMethod method = decoder.calls.pop();
                int depth = decoder.calls.size();
                // a constructor left by an exception before super(…) has no end, and no traced caller noticed
                String reason = why == STILL_RUNNING && method.name().equals("<init>")
                        ? STILL_RUNNING + ", or ended by " + UNSEEN.substring(0, UNSEEN.indexOf(';'))
                        : why;
                frameEnd(decoder.thread, depth, method, "cut", false, reason);
                json.writeEndObject();
                json.endLine();
                line(decoder.thread, depth, 0, "<- " + method + " cut: " + reason);
            }
        }
    }

    private void expect(Decoder decoder, long marker, int count) throws IOException {
        decoder.marker = marker;
        decoder.expected = count;
        decoder.count = 0;
        if (count == 0) {
            complete(decoder);
        }
    }

    private void complete(Decoder decoder) throws IOException {
        long tag = decoder.marker & TraceRecorder.TAG;
        int operand = (int) (decoder.marker & ~TraceRecorder.TAG);
        TracedMethod method = decoder.calls.peek();
        int depth = decoder.calls.size() - 1;
        String thread = decoder.thread;
        if (tag == TraceRecorder.ENTER) {
            methodsSeen.add(operand);
            invocations++;
            List<String> arguments = new ArrayList<>();
            Type[] types = Type.getArgumentTypes(method.descriptor());
            int v = 0;
            if (!method.isStatic()) {
                arguments.add(
                        render(method.name().equals("<init>") ? Kind.UNINITIALIZED : Kind.REFERENCE, decoder, v++));
            }
            for (Type type : types) {
                arguments.add(
                        type.getSort() == Type.BOOLEAN ? bool(decoder.raw[v++]) : render(Kind.of(type), decoder, v++));
            }
            json.writeStartObject();
            json.writeStringField("thread", thread);
            json.writeNumberField("depth", depth);
            json.writeStringField("method", method.toString());
            json.writeStringField("event", "enter");
            json.writeArrayFieldStart("arguments");
            for (String argument : arguments) {
                json.writeString(argument);
            }
            json.writeEndArray();
            json.writeEndObject();
            json.endLine();
            line(thread, depth, 0, "-> " + method + " (" + String.join(", ", arguments) + ")");
        } else {
            steps++;
            Instruction instruction = method.instructions().get(operand);
            // what the method is traced without is left out, not shown empty
            boolean hasStack = method.detail() != TracingWeaver.Detail.INSTRUCTIONS;
            boolean hasLocals = method.detail() == TracingWeaver.Detail.STACK_AND_LOCALS;
            List<String> stack = new ArrayList<>();
            int v = 0;
            if (hasStack) {
                // stack values have no declared type: a boolean there is the int the JVM holds
                for (Kind kind : instruction.stack()) {
                    stack.add(render(kind, decoder, v++));
                }
            }
            Map<String, String> locals = new java.util.LinkedHashMap<>();
            if (hasLocals) {
                for (Instruction.Local local : instruction.locals()) {
                    locals.put(
                            local.name() == null ? Integer.toString(local.slot()) : local.name(),
                            local.isBoolean() ? bool(decoder.raw[v++]) : render(local.kind(), decoder, v++));
                }
            }
            if (isValueReturn(instruction) && !stack.isEmpty()) {
                decoder.returning = Type.getReturnType(method.descriptor()).getSort() == Type.BOOLEAN
                        ? bool(decoder.raw[stack.size() - 1])
                        : stack.get(stack.size() - 1);
            }
            json.writeStartObject();
            json.writeStringField("thread", thread);
            json.writeNumberField("depth", depth);
            json.writeStringField("method", method.toString());
            json.writeNumberField("offset", instruction.offset());
            json.writeStringField("opcode", instruction.mnemonic());
            json.writeStringField("operands", instruction.operands());
            if (hasStack) {
                json.writeArrayFieldStart("stack");
                for (String value : stack) {
                    json.writeString(value);
                }
                json.writeEndArray();
            }
            if (hasLocals) {
                json.writeObjectFieldStart("locals");
                for (Map.Entry<String, String> local : locals.entrySet()) {
                    json.writeStringField(local.getKey(), local.getValue());
                }
                json.writeEndObject();
            }
            json.writeEndObject();
            json.endLine();
            StringBuilder line = new StringBuilder();
            line.append(pad(Integer.toString(instruction.offset()), 5))
                    .append(": ")
                    .append(instruction.mnemonic());
            if (!instruction.operands().isEmpty()) {
                line.append(' ').append(instruction.operands());
            }
            if (hasStack) {
                line.append("   stack=").append(stack);
            }
            if (hasLocals) {
                line.append(" locals=").append(locals);
            }
            line(thread, depth, 1, line.toString());
        }
        java.util.Arrays.fill(decoder.refs, 0, decoder.count, null);
        decoder.marker = 0;
    }

    private static boolean isValueReturn(Instruction instruction) {
        String mnemonic = instruction.mnemonic();
        return mnemonic.length() == 7 && mnemonic.endsWith("return"); // ireturn, lreturn, freturn, dreturn, areturn
    }

    /**
     * One line of the text file: indented two spaces a level, {@code extra} levels under its frame's
     * depth; frames deeper than {@value #MAX_INDENT} stay at that indentation and give their depth instead.
     */
    private void line(String thread, int depth, int extra, String content) throws IOException {
        StringBuilder line = new StringBuilder(content.length() + 64)
                .append('[')
                .append(thread)
                .append("] ");
        int levels = Math.min(Math.max(0, depth), MAX_INDENT) + extra;
        for (int i = 0; i < levels; i++) {
            line.append("  ");
        }
        if (depth > MAX_INDENT) {
            line.append("(depth ").append(depth).append(") ");
        }
        line.append(content).append('\n');
        text.write(line.toString());
        bytes += line.length() * 2L; // the JSON line is about as long again
    }

    private static String pad(String value, int width) {
        return " ".repeat(Math.max(0, width - value.length())) + value;
    }

    /** A value declared {@code boolean}; one that is neither 0 nor 1 (no compiler writes it) stays an int. */
    private static String bool(long raw) {
        int value = (int) raw;
        return value == 0 ? "false" : value == 1 ? "true" : Integer.toString(value);
    }

    private static String render(Kind kind, Decoder decoder, int index) {
        long raw = decoder.raw[index];
        switch (kind) {
            case INT:
                return Integer.toString((int) raw);
            case LONG:
                return Long.toString(raw);
            case FLOAT:
                return Float.toString(Float.intBitsToFloat((int) raw));
            case DOUBLE:
                return Double.toString(Double.longBitsToDouble(raw));
            case UNINITIALIZED:
                return "<uninitialized>";
            default:
                return object(decoder.refs[index]);
        }
    }

    /** An object, without calling any of its methods (only JDK value types are read). */
    static String object(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String) {
            return MethodAnalysis.quote((String) value);
        }
        if (value instanceof Integer
                || value instanceof Long
                || value instanceof Short
                || value instanceof Byte
                || value instanceof Boolean
                || value instanceof Double
                || value instanceof Float) {
            return value.getClass().getSimpleName() + "(" + value + ")";
        }
        if (value instanceof Character) {
            return "Character('" + value + "')";
        }
        Class<?> type = value.getClass();
        String identity = Integer.toHexString(System.identityHashCode(value));
        if (type.isArray()) {
            String name = type.getComponentType().getTypeName();
            return name + "[" + Array.getLength(value) + "]@" + identity;
        }
        return type.getName() + "@" + identity;
    }
}
