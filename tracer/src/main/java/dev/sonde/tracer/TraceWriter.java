package dev.sonde.tracer;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.Writer;
import java.lang.reflect.Array;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.Type;

/**
 * Turns the recorded event stream into {@code sonde-trace-<pid>.txt} (for people) and
 * {@code sonde-trace-<pid>.jsonl} (one object per event), on a thread of its own. Values are rendered
 * without running any of the program's code: primitives exactly, strings quoted and cut, boxed
 * primitives by value, other objects as {@code Type@identity}.
 */
final class TraceWriter implements Runnable {

    private final TraceRecorder recorder;
    private final long maxBytes;
    private final Writer text;
    private final Writer jsonOut;
    private final JsonGenerator json;
    private final Map<Integer, Decoder> decoders = new HashMap<>();
    private volatile boolean finishing;
    private long bytes;
    private long steps;
    private long invocations;
    private boolean byteCapReached;
    private final java.util.Set<Integer> methodsSeen = new java.util.HashSet<>();

    TraceWriter(TraceRecorder recorder, Path textFile, Path jsonFile, long maxBytes) throws IOException {
        this.recorder = recorder;
        this.maxBytes = maxBytes;
        this.text = Files.newBufferedWriter(textFile, StandardCharsets.UTF_8);
        this.jsonOut = Files.newBufferedWriter(jsonFile, StandardCharsets.UTF_8);
        this.json = new JsonFactory().createGenerator(jsonOut);
        this.json.setRootValueSeparator(null);
    }

    /** Per thread: where in the stream it is, and its traced calls. */
    private static final class Decoder {
        final Deque<TracedMethod> calls = new ArrayDeque<>();
        long marker;               // the marker whose values are being read, or 0
        int expected;
        long[] raw = new long[16];
        Object[] refs = new Object[16];
        int count;
        String lastTop;            // the value on top of the stack at the last step, for return values
    }

    @Override
    public void run() {
        try {
            while (true) {
                TraceRecorder.Chunk chunk = recorder.take(100);
                if (chunk != null) {
                    write(chunk);
                } else if (finishing) {
                    break;
                }
            }
            String note = byteCapReached ? "tracing stopped: trace.max.bytes=" + maxBytes + " reached"
                    : recorder.eventCapReached() ? "tracing stopped after trace.max.events=" + recorder.maxEvents()
                            + " instruction events" : null;
            if (note != null) {
                text.write("[sonde] " + note + "\n");
                json.writeStartObject();
                json.writeStringField("event", "stopped");
                json.writeStringField("reason", note);
                json.writeEndObject();
                json.writeRaw('\n');
            }
        } catch (IOException | RuntimeException e) {
            dev.sonde.core.internal.Log.warn("the trace could not be written: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                json.close();
                text.close();
            } catch (IOException e) {
                dev.sonde.core.internal.Log.warn("the trace could not be closed: " + e);
            }
        }
    }

    /** Asks the writer to end once every chunk handed over so far is written. */
    void finish() {
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

    private void write(TraceRecorder.Chunk chunk) throws IOException {
        if (byteCapReached) {
            return;
        }
        Decoder decoder = decoders.get(chunk.owner);
        if (decoder == null) {
            decoder = new Decoder();
            decoders.put(chunk.owner, decoder);
        }
        for (int i = 0; i < chunk.length; i++) {
            long value = chunk.data[i];
            Object ref = chunk.refs[i];
            chunk.refs[i] = null;
            if (decoder.marker == 0) {
                start(decoder, chunk.thread, value, ref);
            } else {
                if (decoder.count == decoder.raw.length) {
                    decoder.raw = java.util.Arrays.copyOf(decoder.raw, decoder.count * 2);
                    decoder.refs = java.util.Arrays.copyOf(decoder.refs, decoder.count * 2);
                }
                decoder.raw[decoder.count] = value;
                decoder.refs[decoder.count] = ref;
                decoder.count++;
                if (decoder.count == decoder.expected) {
                    complete(decoder, chunk.thread);
                }
            }
            if (bytes > maxBytes) {
                byteCapReached = true;
                recorder.stop();
                return;
            }
        }
    }

    private void start(Decoder decoder, String thread, long marker, Object ref) throws IOException {
        long tag = marker & TraceRecorder.TAG;
        int operand = (int) (marker & ~TraceRecorder.TAG);
        if (tag == TraceRecorder.ENTER) {
            TracedMethod method = recorder.method(operand);
            decoder.calls.push(method);
            methodsSeen.add(operand);
            invocations++;
            expect(decoder, marker, method.enterValues(), thread);
        } else if (tag == TraceRecorder.STEP) {
            expect(decoder, marker, decoder.calls.peek().stepValues(operand), thread);
        } else if (tag == TraceRecorder.SKIPPED) {
            int depth = decoder.calls.size();
            json.writeStartObject();
            json.writeStringField("thread", thread);
            json.writeNumberField("depth", depth);
            json.writeStringField("event", "skipped");
            json.writeStringField("reason", String.valueOf(ref));
            json.writeEndObject();
            json.writeRaw('\n');
            line(thread, depth, "-- not followed: " + ref);
        } else if (tag == TraceRecorder.RETURNED || tag == TraceRecorder.UNWOUND) {
            TracedMethod method = decoder.calls.pop();
            int depth = decoder.calls.size();
            String what;
            json.writeStartObject();
            json.writeStringField("thread", thread);
            json.writeNumberField("depth", depth);
            json.writeStringField("method", method.toString());
            if (tag == TraceRecorder.RETURNED) {
                boolean value = Type.getReturnType(method.descriptor()) != Type.VOID_TYPE && decoder.lastTop != null;
                json.writeStringField("event", "return");
                if (value) {
                    json.writeStringField("value", decoder.lastTop);
                }
                what = "returns" + (value ? " " + decoder.lastTop : "");
            } else {
                String type = ref == null ? "?" : ref.getClass().getName();
                json.writeStringField("event", "unwind");
                json.writeStringField("exception", type);
                what = "unwinds " + type;
            }
            json.writeEndObject();
            json.writeRaw('\n');
            line(thread, depth, "<- " + method + " " + what);
        }
    }

    private void expect(Decoder decoder, long marker, int count, String thread) throws IOException {
        decoder.marker = marker;
        decoder.expected = count;
        decoder.count = 0;
        if (count == 0) {
            complete(decoder, thread);
        }
    }

    private void complete(Decoder decoder, String thread) throws IOException {
        long tag = decoder.marker & TraceRecorder.TAG;
        int operand = (int) (decoder.marker & ~TraceRecorder.TAG);
        TracedMethod method = decoder.calls.peek();
        int depth = decoder.calls.size() - 1;
        if (tag == TraceRecorder.ENTER) {
            List<String> arguments = new ArrayList<>();
            Type[] types = Type.getArgumentTypes(method.descriptor());
            int v = 0;
            if (!method.isStatic()) {
                arguments.add(render(method.name().equals("<init>") ? Kind.UNINITIALIZED : Kind.REFERENCE, decoder, v++));
            }
            for (Type type : types) {
                arguments.add(render(Kind.of(type), decoder, v++));
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
            json.writeRaw('\n');
            line(thread, depth, "-> " + method + " (" + String.join(", ", arguments) + ")");
        } else {
            steps++;
            Instruction instruction = method.instructions().get(operand);
            List<String> stack = new ArrayList<>();
            int v = 0;
            if (method.detail() != TracingWeaver.Detail.INSTRUCTIONS) {
                for (Kind kind : instruction.stack()) {
                    stack.add(render(kind, decoder, v++));
                }
            }
            Map<String, String> locals = new java.util.LinkedHashMap<>();
            if (method.detail() == TracingWeaver.Detail.STACK_AND_LOCALS) {
                for (Instruction.Local local : instruction.locals()) {
                    locals.put(local.name() == null ? Integer.toString(local.slot()) : local.name(),
                            render(local.kind(), decoder, v++));
                }
            }
            decoder.lastTop = stack.isEmpty() ? null : stack.get(stack.size() - 1);
            json.writeStartObject();
            json.writeStringField("thread", thread);
            json.writeNumberField("depth", depth);
            json.writeStringField("method", method.toString());
            json.writeNumberField("offset", instruction.offset());
            json.writeStringField("opcode", instruction.mnemonic());
            json.writeStringField("operands", instruction.operands());
            json.writeArrayFieldStart("stack");
            for (String value : stack) {
                json.writeString(value);
            }
            json.writeEndArray();
            json.writeObjectFieldStart("locals");
            for (Map.Entry<String, String> local : locals.entrySet()) {
                json.writeStringField(local.getKey(), local.getValue());
            }
            json.writeEndObject();
            json.writeEndObject();
            json.writeRaw('\n');
            StringBuilder line = new StringBuilder();
            line.append(pad(Integer.toString(instruction.offset()), 5)).append(": ")
                    .append(instruction.mnemonic());
            if (!instruction.operands().isEmpty()) {
                line.append(' ').append(instruction.operands());
            }
            line.append("   stack=").append(stack);
            if (method.detail() == TracingWeaver.Detail.STACK_AND_LOCALS) {
                line.append(" locals=").append(locals);
            }
            line(thread, depth + 1, line.toString());
        }
        java.util.Arrays.fill(decoder.refs, 0, decoder.count, null);
        decoder.marker = 0;
    }

    private void line(String thread, int depth, String content) throws IOException {
        String line = "[" + thread + "] " + "  ".repeat(Math.max(0, depth)) + content + "\n";
        text.write(line);
        bytes += line.length() * 2L;   // the JSON line is about as long again
    }

    private static String pad(String value, int width) {
        return " ".repeat(Math.max(0, width - value.length())) + value;
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
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte
                || value instanceof Boolean || value instanceof Double || value instanceof Float) {
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
