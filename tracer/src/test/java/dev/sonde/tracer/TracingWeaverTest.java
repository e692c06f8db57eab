package dev.sonde.tracer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.sonde.bootstrap.Trace;
import dev.sonde.bootstrap.TraceBuffer;
import dev.sonde.bootstrap.TraceSink;
import dev.sonde.testkit.ClassFiles;
import dev.sonde.testkit.WeavingLoader;
import dev.sonde.testkit.WovenCode;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Weaves every method of the target classes, loads them in a child loader (so the verifier checks
 * each one), runs them traced, and checks that results are those of the untraced classes and that each
 * event carries exactly the values the analysis promised.
 */
class TracingWeaverTest {

    private final List<MethodNode> methods = new ArrayList<>();
    private final Map<Integer, List<Instruction>> analyses = new HashMap<>();
    private final List<String> events = new ArrayList<>();

    @AfterEach
    void uninstall() {
        Trace.install(TraceSink.NONE);
    }

    private final class Recording extends TraceBuffer {
        @Override
        public void step(int instruction) {
            events.add("step " + instruction);
        }

        @Override
        public void i(int value) {
            events.add("I " + value);
        }

        @Override
        public void j(long value) {
            events.add("J " + value);
        }

        @Override
        public void f(float value) {
            events.add("F " + value);
        }

        @Override
        public void d(double value) {
            events.add("D " + value);
        }

        @Override
        public void a(Object value) {
            events.add("A "
                    + (value instanceof String
                            ? "\"" + value + "\""
                            : value == null ? "null" : value.getClass().getSimpleName()));
        }

        @Override
        public void u() {
            events.add("U");
        }

        @Override
        public void call(Object receiver) {
            events.add("call");
        }

        @Override
        public void returned() {
            events.add("returned");
        }

        @Override
        public void unwound(Throwable thrown) {
            events.add("unwound " + thrown.getClass().getSimpleName());
        }
    }

    private WeavingLoader weavingLoader(TracingWeaver.Detail detail) {
        return new WeavingLoader(
                TracingWeaverTest.class.getClassLoader(),
                "tracing.targets.",
                (name, original, loader) -> weave(original, detail));
    }

    private byte[] weave(byte[] original, TracingWeaver.Detail detail) {
        try {
            ClassReader reader = new ClassReader(original);
            ClassNode node = new ClassNode();
            reader.accept(node, ClassReader.EXPAND_FRAMES);
            for (MethodNode method : node.methods) {
                if (method.instructions.size() == 0) {
                    continue;
                }
                List<Instruction> analysis = MethodAnalysis.analyze(reader, node.name, method);
                int id = methods.size();
                methods.add(method);
                analyses.put(id, analysis);
                TracingWeaver.weave(node.name, method, id, analysis, detail);
            }
            ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
            node.accept(writer);
            return writer.toByteArray();
        } catch (org.objectweb.asm.tree.analysis.AnalyzerException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object call(Class<?> type, String name, Object... args) throws Throwable {
        for (Method method : type.getDeclaredMethods()) {
            if (method.getName().equals(name) && method.getParameterCount() == args.length) {
                method.setAccessible(true);
                try {
                    return method.invoke(null, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            }
        }
        throw new NoSuchMethodException(name);
    }

    /** Runs the same calls on the untraced and the traced class; returns what each returned or threw. */
    private static List<String> exercise(ClassLoader loader) throws Exception {
        Class<?> shapes = Class.forName("tracing.targets.Shapes", true, loader);
        Class<?> samples = Class.forName("tracing.targets.Samples", true, loader);
        Class<?> colour = Class.forName("tracing.targets.Shapes$Colour", true, loader);
        List<String> results = new ArrayList<>();
        Object[][] calls = {
            {shapes, "add", new Object[] {2, 3}},
            {shapes, "colour", new Object[] {colour.getEnumConstants()[1]}},
            {shapes, "thrower", new Object[] {-4}},
            {shapes, "catcher", new Object[] {-4}},
            {shapes, "catcher", new Object[] {6}},
            {shapes, "locked", new Object[] {new Object(), 5}},
            {shapes, "lambda", new Object[] {41}},
            {shapes, "methodReference", new Object[] {"7"}},
            {shapes, "nestedNew", new Object[] {12}},
            {shapes, "squares", new Object[] {}},
            {samples, "nested", new Object[] {}},
            {samples, "afterJoin", new Object[] {true}},
            {samples, "afterJoin", new Object[] {false}},
            {samples, "scoped", new Object[] {true}},
            {samples, "scoped", new Object[] {false}},
            {samples, "wide", new Object[] {3L, 1.5}},
            {samples, "loop", new Object[] {3}},
            {samples, "switches", new Object[] {2, "x"}},
            {samples, "switches", new Object[] {9, "x"}},
            {samples, "switches", new Object[] {9, "y"}},
            {samples, "caught", new Object[] {"12"}},
            {samples, "caught", new Object[] {"twelve"}},
            {samples, "constants", new Object[] {}},
        };
        for (Object[] c : calls) {
            try {
                Object result = call((Class<?>) c[0], (String) c[1], (Object[]) c[2]);
                results.add(c[1] + " = "
                        + (result == null
                                ? null
                                : result.getClass().isArray()
                                        ? "array"
                                        : result.toString().replaceAll("@[0-9a-f]+$", "@…")));
            } catch (Throwable e) {
                results.add(c[1] + " threw " + e);
            }
        }
        Object instance = shapes.getConstructor(long.class).newInstance(4L);
        Method wide = shapes.getMethod("wide", long.class, double.class, float.class);
        results.add("wide = " + wide.invoke(instance, 2L, 2.5, 0.5f));
        return results;
    }

    @ParameterizedTest
    @EnumSource(TracingWeaver.Detail.class)
    void tracedClassesVerifyAndBehaveExactlyAsUntraced(TracingWeaver.Detail detail) throws Exception {
        List<String> untraced = exercise(getClass().getClassLoader());
        Trace.install(new TraceSink() {
            @Override
            public TraceBuffer enter(int method) {
                events.add("enter " + method);
                return new Recording();
            }
        });

        List<String> traced = exercise(weavingLoader(detail));

        assertEquals(untraced, traced);
        checkEveryEvent(detail);
    }

    @ParameterizedTest
    @EnumSource(TracingWeaver.Detail.class)
    void tracedCodeReachesOnlyTheJdkTheBridgeAndItsOwnClasses(TracingWeaver.Detail detail) {
        for (String target : List.of("tracing.targets.Samples", "tracing.targets.Shapes", "tracing.targets.Capped")) {
            byte[] original = ClassFiles.bytes(getClass().getClassLoader(), target);

            byte[] woven = weave(original, detail);

            assertEquals(Set.of(), WovenCode.typesAddedBeyond(original, woven, "dev/sonde/bootstrap/"), target);
        }
    }

    @Test
    void untracedInvocationsRunTheOriginalCode() throws Exception {
        Trace.install(TraceSink.NONE);

        List<String> results = exercise(weavingLoader(TracingWeaver.Detail.STACK_AND_LOCALS));

        assertEquals(exercise(getClass().getClassLoader()), results);
        assertEquals(List.of(), events);
    }

    @Test
    void aSmallMethodTracesExactly() throws Throwable {
        Trace.install(new TraceSink() {
            @Override
            public TraceBuffer enter(int method) {
                events.add("enter " + methods.get(method).name);
                return new Recording();
            }
        });
        Class<?> shapes =
                Class.forName("tracing.targets.Shapes", true, weavingLoader(TracingWeaver.Detail.STACK_AND_LOCALS));
        events.clear();

        assertEquals(5, call(shapes, "add", 2, 3));

        assertEquals(
                List.of(
                        "enter add",
                        "I 2",
                        "I 3",
                        "step 0",
                        "I 2",
                        "I 3", // iload_0: locals a, b
                        "step 1",
                        "I 2",
                        "I 2",
                        "I 3", // iload_1: stack [2]
                        "step 2",
                        "I 2",
                        "I 3",
                        "I 2",
                        "I 3", // iadd: stack [2, 3]
                        "step 3",
                        "I 5",
                        "I 2",
                        "I 3", // istore_2: stack [5]
                        "step 4",
                        "I 2",
                        "I 3",
                        "I 5", // iload_2: locals a, b, sum
                        "step 5",
                        "I 5",
                        "I 2",
                        "I 3",
                        "I 5", // ireturn: stack [5]
                        "returned"),
                events);
    }

    /** Walks the event stream: each step is followed by exactly the values its instruction promised. */
    private void checkEveryEvent(TracingWeaver.Detail detail) {
        List<Integer> open = new ArrayList<>();
        int i = 0;
        int steps = 0;
        while (i < events.size()) {
            String event = events.get(i++);
            if (event.startsWith("enter ")) {
                int method = Integer.parseInt(event.substring(6));
                open.add(method);
                MethodNode node = methods.get(method);
                int arguments = org.objectweb.asm.Type.getArgumentTypes(node.desc).length
                        + ((node.access & org.objectweb.asm.Opcodes.ACC_STATIC) == 0 ? 1 : 0);
                i += arguments;
            } else if (event.startsWith("step ")) {
                steps++;
                Instruction instruction =
                        analyses.get(open.get(open.size() - 1)).get(Integer.parseInt(event.substring(5)));
                List<Kind> expected = new ArrayList<>();
                if (detail != TracingWeaver.Detail.INSTRUCTIONS) {
                    expected.addAll(instruction.stack());
                }
                if (detail == TracingWeaver.Detail.STACK_AND_LOCALS) {
                    instruction.locals().forEach(local -> expected.add(local.kind()));
                }
                for (Kind kind : expected) {
                    String value = events.get(i++);
                    String tag = kind == Kind.INT
                            ? "I "
                            : kind == Kind.LONG
                                    ? "J "
                                    : kind == Kind.FLOAT
                                            ? "F "
                                            : kind == Kind.DOUBLE ? "D " : kind == Kind.REFERENCE ? "A " : "U";
                    if (!value.startsWith(tag)) {
                        fail("at " + instruction + ": expected " + kind + ", got " + value);
                    }
                }
            } else if (event.equals("returned") || event.startsWith("unwound ")) {
                open.remove(open.size() - 1);
            } else {
                fail("unexpected event " + event + " at " + (i - 1));
            }
        }
        assertEquals(List.of(), open, "every traced invocation ended");
        assertTrue(steps > 300, "steps: " + steps);
    }
}
