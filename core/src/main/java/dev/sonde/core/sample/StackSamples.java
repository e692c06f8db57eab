package dev.sonde.core.sample;

/**
 * What stack samples say of the selected methods: for each, in how many samples it was on the stack
 * (once per sample, however deep its recursion) and in how many it was the innermost selected method
 * (its self time, in the probe's sense: time in methods that are not selected counts as the caller's).
 * Fed by a sampler, one stack at a time, innermost frame first; read by the report. Knows nothing of
 * where the stacks come from, so that it can be tested with stacks written by hand.
 */
public final class StackSamples implements SampleSink {

    /** Finds the id of a selected method, or -1 for a method that is not one. */
    public interface Methods {
        int idOf(String className, String methodName, String descriptor);
    }

    private final Methods methods;
    private long[] onStack = new long[64];
    private long[] innermost = new long[64];
    private int[] seenIn = new int[64];
    private int sample;
    private long samples;
    private long truncated;
    private Boolean exactInCompiledCode;

    public StackSamples(Methods methods) {
        this.methods = methods;
    }

    /**
     * Adds one sampled stack of {@code depth} frames, innermost first; {@code truncated} when the
     * sampler cut it at its depth limit.
     */
    @Override
    public void add(
            long threadId,
            long epochNanos,
            String[] classNames,
            String[] methodNames,
            String[] descriptors,
            int depth,
            boolean cut) {
        add(classNames, methodNames, descriptors, depth, cut);
    }

    public synchronized void add(
            String[] classNames, String[] methodNames, String[] descriptors, int depth, boolean cut) {
        sample++;
        samples++;
        if (cut) {
            truncated++;
        }
        boolean innermostSeen = false;
        for (int i = 0; i < depth; i++) {
            int id = methods.idOf(classNames[i], methodNames[i], descriptors[i]);
            if (id < 0) {
                continue;
            }
            ensure(id);
            if (!innermostSeen) {
                innermostSeen = true;
                innermost[id]++;
            }
            if (seenIn[id] != sample) {
                seenIn[id] = sample;
                onStack[id]++;
            }
        }
    }

    private void ensure(int id) {
        if (id < onStack.length) {
            return;
        }
        int length = Math.max(id + 1, onStack.length * 2);
        onStack = java.util.Arrays.copyOf(onStack, length);
        innermost = java.util.Arrays.copyOf(innermost, length);
        seenIn = java.util.Arrays.copyOf(seenIn, length);
    }

    /** Samples with method {@code id} on the stack. */
    public synchronized long onStack(int id) {
        return id >= 0 && id < onStack.length ? onStack[id] : 0;
    }

    /** Samples with method {@code id} the innermost selected method. */
    public synchronized long innermost(int id) {
        return id >= 0 && id < innermost.length ? innermost[id] : 0;
    }

    /** Stacks added. */
    public synchronized long samples() {
        return samples;
    }

    /**
     * Notes whether the JVM places a sample in compiled code exactly (HotSpot's
     * {@code DebugNonSafepoints}), or at the nearest call or safepoint poll the JIT kept debug
     * information for.
     */
    public synchronized void exactInCompiledCode(boolean exact) {
        exactInCompiledCode = exact;
    }

    /** What {@link #exactInCompiledCode(boolean)} noted, or null when the sampler did not say. */
    public synchronized Boolean exactInCompiledCode() {
        return exactInCompiledCode;
    }

    /** Stacks added that the sampler had cut at its depth limit. */
    public synchronized long truncated() {
        return truncated;
    }
}
