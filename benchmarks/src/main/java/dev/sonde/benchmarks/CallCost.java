package dev.sonde.benchmarks;

import bench.Target;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Cost of one call: of a timed method, of a method of the counted tier, of their untimed twin, and of the two clock reads that exact
 * timing cannot avoid. {@link CallCostRunner} runs it with and without the probe.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CallCost {

    private long x;

    @Benchmark
    public long timed() {
        return Target.timed(x++);
    }

    @Benchmark
    public long counted() {
        return Target.counted(x++);
    }

    @Benchmark
    public long untimed() {
        return Target.untimed(x++);
    }

    @Benchmark
    public long clockPair() {
        long start = System.nanoTime();
        return System.nanoTime() - start + x++;
    }
}
