package dev.sonde.benchmarks;

import dev.sonde.bootstrap.Bridge;
import dev.sonde.bootstrap.Frames;
import dev.sonde.core.record.MethodKey;
import dev.sonde.core.record.MethodRegistry;
import dev.sonde.core.record.Recorder;
import dev.sonde.core.record.ScopeListener;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The bridge's paths as woven code takes them, on the real recorder: a timed call, a library scope
 * (with a listener that does nothing, so that the bridge's own cost shows), a scope inside one of the
 * same kind (refused at once), and carrying a context to a thread and back.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar org.openjdk.jmh.Main ScopeCost</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ScopeCost {

    private int method;
    private int kind;
    private int outer = -1;
    private final Object request = new Object();

    @Setup
    public void install() {
        MethodRegistry registry = new MethodRegistry(100);
        method = registry.register(new MethodKey("bench.Target", "timed", "(J)J"));
        Recorder recorder = new Recorder(registry, 64);
        kind = recorder.kind(new ScopeListener() {
            @Override
            public Object entered(Object value, Object context) {
                return context;
            }

            @Override
            public void exited(Object value, Object outcome, Object context, long nanos, long selfNanos) {}
        });
        Bridge.install(recorder);
    }

    @TearDown
    public void uninstall() {
        Bridge.install(null);
    }

    @Benchmark
    public void timedCall() {
        Frames frames = Bridge.frames();
        int frame = frames.enter(method);
        frames.exit(frame);
    }

    @Benchmark
    public void scope() {
        Frames frames = Bridge.frames();
        int frame = frames.enterScope(kind, "SELECT 1");
        frames.exitScope(frame, null);
    }

    @Benchmark
    public void scopeInsideOneOfTheSameKind() {
        Frames frames = Bridge.frames();
        if (outer < 0) {
            outer = frames.enterScope(kind, "outer");
        }
        int frame = frames.enterScope(kind, "inner");
        frames.exitScope(frame, null);
    }

    @Benchmark
    public Object contextCarried() {
        Frames frames = Bridge.frames();
        Object previous = frames.attach(request);
        Object seen = frames.context();
        frames.detach(previous);
        return seen;
    }

    @Benchmark
    public long clockPair() {
        long start = System.nanoTime();
        return System.nanoTime() - start;
    }
}
