package dev.sonde.tracer;

import dev.sonde.bootstrap.Trace;
import dev.sonde.bootstrap.TraceBuffer;
import dev.sonde.bootstrap.TraceSink;
import java.io.InputStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.ref.WeakReference;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Cost of one traced instruction, with stack and locals recorded, in a hot loop once compiled:
 * {@code bench.Loop.sum(1000)} (13,009 instructions) woven with the real weaver and recorded by the real
 * recorder, whose chunks another thread takes and drops, as the writer would (rendering runs on its
 * own thread, not the program's). Also the woven method with tracing off, and the original, per
 * instruction too.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar org.openjdk.jmh.Main TraceCost</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TraceCost {

    static final int N = 1000;
    static final int INSTRUCTIONS = 13 * N + 9;

    private MethodHandle woven;
    private MethodHandle original;
    private TraceRecorder recorder;
    private Thread drain;
    private volatile boolean draining = true;

    /** Counts step events, to check the instruction count this benchmark divides by. */
    static final class Counting extends TraceBuffer {
        long steps;

        @Override
        public void step(int instruction) {
            steps++;
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

    @Setup(Level.Trial)
    public void setUp() throws Throwable {
        recorder = new TraceRecorder(Long.MAX_VALUE, 0);
        byte[] bytes;
        try (InputStream in = TraceCost.class.getClassLoader().getResourceAsStream("bench/Loop.class")) {
            bytes = in.readAllBytes();
        }
        ClassReader reader = new ClassReader(bytes);
        ClassNode node = new ClassNode();
        reader.accept(node, ClassReader.EXPAND_FRAMES);
        for (MethodNode method : node.methods) {
            if (method.name.equals("sum")) {
                List<Instruction> analysis = MethodAnalysis.analyze(reader, node.name, method);
                int id = recorder.register(new TracedMethod(
                        "bench.Loop",
                        method.name,
                        method.desc,
                        true,
                        analysis,
                        TracingWeaver.Detail.STACK_AND_LOCALS,
                        true,
                        new WeakReference<>(null)));
                TracingWeaver.weave(node.name, method, id, analysis, TracingWeaver.Detail.STACK_AND_LOCALS);
            }
        }
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        node.accept(writer);
        byte[] wovenBytes = writer.toByteArray();
        ClassLoader loader = new ClassLoader(TraceCost.class.getClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                if (!name.equals("bench.Loop")) {
                    return super.loadClass(name, resolve);
                }
                synchronized (getClassLoadingLock(name)) {
                    Class<?> loaded = findLoadedClass(name);
                    return loaded != null ? loaded : defineClass(name, wovenBytes, 0, wovenBytes.length);
                }
            }
        };
        MethodType type = MethodType.methodType(int.class, int.class);
        woven = MethodHandles.lookup().findStatic(Class.forName("bench.Loop", true, loader), "sum", type);
        original = MethodHandles.lookup().findStatic(bench.Loop.class, "sum", type);

        Counting counting = new Counting();
        Trace.install(new TraceSink() {
            @Override
            public TraceBuffer enter(int method) {
                return counting;
            }
        });
        int result = (int) woven.invokeExact(N);
        if (counting.steps != INSTRUCTIONS || result != (int) original.invokeExact(N)) {
            throw new IllegalStateException("expected " + INSTRUCTIONS + " instructions, traced " + counting.steps);
        }
        drain = new Thread(
                () -> {
                    while (draining) {
                        try {
                            recorder.take(100);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                },
                "drain");
        drain.setDaemon(true);
        drain.start();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        draining = false;
        drain.join();
        Trace.install(null);
    }

    @Benchmark
    @OperationsPerInvocation(INSTRUCTIONS)
    public int tracedInstruction() throws Throwable {
        Trace.install(recorder);
        return (int) woven.invokeExact(N);
    }

    @Benchmark
    @OperationsPerInvocation(INSTRUCTIONS)
    public int wovenButNotTracedInstruction() throws Throwable {
        Trace.install(TraceSink.NONE);
        return (int) woven.invokeExact(N);
    }

    @Benchmark
    @OperationsPerInvocation(INSTRUCTIONS)
    public int originalInstruction() throws Throwable {
        return (int) original.invokeExact(N);
    }
}
