package dev.sonde.tracer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sonde.bootstrap.Trace;
import dev.sonde.bootstrap.TraceBuffer;
import dev.sonde.bootstrap.TraceSink;
import dev.sonde.testkit.WeavingLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Runs each method of {@code tracing.targets.Expected} traced, groups the instructions recorded by
 * source line, and compares them with the {@code // trace:} comment on that line of the source.
 */
class ExpectedTraceTest {

    private static final String TARGET = "tracing.targets.Expected";
    private final List<TracedMethod> methods = new ArrayList<>();
    private final Map<Integer, List<String>> byLine = new TreeMap<>();

    @AfterEach
    void uninstall() {
        Trace.install(TraceSink.NONE);
    }

    private final class ByLine extends TraceBuffer {
        private final TracedMethod method;

        ByLine(TracedMethod method) {
            this.method = method;
        }

        @Override
        public void step(int instruction) {
            Instruction insn = method.instructions().get(instruction);
            byLine.computeIfAbsent(insn.line(), k -> new ArrayList<>()).add(insn.mnemonic());
        }

        @Override
        public void i(int value) {}

        @Override
        public void j(long value) {}

        @Override
        public void f(float value) {}

        @Override
        public void d(double value) {}

        @Override
        public void a(Object value) {}

        @Override
        public void u() {}

        @Override
        public void call(Object receiver) {}

        @Override
        public void returned() {}

        @Override
        public void unwound(Throwable thrown) {}
    }

    private byte[] weave(String className, byte[] original) {
        try {
            ClassReader reader = new ClassReader(original);
            ClassNode node = new ClassNode();
            reader.accept(node, ClassReader.EXPAND_FRAMES);
            for (MethodNode method : node.methods) {
                if (method.instructions.size() == 0 || method.name.startsWith("lambda$")) {
                    continue;
                }
                List<Instruction> analysis = MethodAnalysis.analyze(reader, node.name, method);
                methods.add(new TracedMethod(
                        className,
                        method.name,
                        method.desc,
                        false,
                        analysis,
                        TracingWeaver.Detail.STACK_AND_LOCALS,
                        true,
                        null));
                TracingWeaver.weave(
                        node.name, method, methods.size() - 1, analysis, TracingWeaver.Detail.STACK_AND_LOCALS);
            }
            ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
            node.accept(writer);
            return writer.toByteArray();
        } catch (org.objectweb.asm.tree.analysis.AnalyzerException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void everyLineTracesTheInstructionsWrittenBesideIt() throws Exception {
        Trace.install(new TraceSink() {
            @Override
            public TraceBuffer enter(int method) {
                return new ByLine(methods.get(method));
            }
        });
        ClassLoader loader = new WeavingLoader(
                getClass().getClassLoader(), TARGET, (name, original, defining) -> weave(name, original));
        Class<?> expected = Class.forName(TARGET, true, loader); // runs the static initialiser, traced
        call(expected, "branches", int.class, 7);
        call(expected, "wide", double.class, 2.5);
        call(expected, "table", int.class, 2);
        call(expected, "caught", String.class, "x");
        call(expected, "locked", int.class, 5);
        call(expected, "lambda", int.class, 9);
        call(expected, "nested", int.class, 1);
        call(expected, "loop", int.class, 2);
        java.lang.reflect.Constructor<?> derived =
                Class.forName(TARGET + "$Derived", true, loader).getDeclaredConstructor(int.class);
        derived.setAccessible(true);
        derived.newInstance(4);

        Map<Integer, List<String>> written = new TreeMap<>();
        List<String> source = Files.readAllLines(Path.of("src/test/java/tracing/targets/Expected.java"));
        Matcher comment = Pattern.compile("// trace: (.*)$").matcher("");
        for (int i = 0; i < source.size(); i++) {
            if (comment.reset(source.get(i)).find()) {
                written.put(i + 1, List.of(comment.group(1).trim().split(" ")));
            }
        }
        Map<Integer, List<String>> traced = new TreeMap<>();
        byLine.forEach((line, mnemonics) -> {
            // nested's Derived and the direct Derived(4) both run the constructors' lines: compare one run of each
            traced.put(line, mnemonics);
        });
        assertEquals(render(written), render(dedupeConstructors(traced, written)));
    }

    /** Constructor lines ran twice (via nested and directly); keep the first run, as written. */
    private static Map<Integer, List<String>> dedupeConstructors(
            Map<Integer, List<String>> traced, Map<Integer, List<String>> written) {
        Map<Integer, List<String>> result = new TreeMap<>();
        traced.forEach((line, mnemonics) -> {
            List<String> expected = written.get(line);
            if (expected != null
                    && mnemonics.size() == 2 * expected.size()
                    && mnemonics
                            .subList(0, expected.size())
                            .equals(mnemonics.subList(expected.size(), mnemonics.size()))) {
                result.put(line, mnemonics.subList(0, expected.size()));
            } else {
                result.put(line, mnemonics);
            }
        });
        return result;
    }

    private static String render(Map<Integer, List<String>> lines) {
        StringBuilder text = new StringBuilder();
        lines.forEach((line, mnemonics) -> text.append(line)
                .append(": ")
                .append(String.join(" ", mnemonics))
                .append('\n'));
        return text.toString();
    }

    private static void call(Class<?> type, String name, Class<?> parameter, Object argument) throws Exception {
        java.lang.reflect.Method method = type.getDeclaredMethod(name, parameter);
        method.setAccessible(true);
        method.invoke(null, argument);
    }
}
