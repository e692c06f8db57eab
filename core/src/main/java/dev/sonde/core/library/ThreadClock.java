package dev.sonde.core.library;

import java.lang.management.ManagementFactory;

/**
 * The calling thread's CPU time and the bytes it allocated so far, as the JVM keeps them
 * ({@code com.sun.management.ThreadMXBean}): CPU time from the operating system's clock of the thread
 * (on Linux {@code clock_gettime(CLOCK_THREAD_CPUTIME_ID)}, in nanoseconds), allocated bytes from the
 * JVM's own count of the thread's allocations (exact but for the part of its current allocation buffer it
 * has not used yet). Either is -1 when the JVM cannot give it: no {@code java.management} module in the
 * runtime, or the measurement switched off.
 */
final class ThreadClock {

    /** Gives nothing: every reading -1. */
    static final ThreadClock NONE = new ThreadClock(null, false, false);

    private final com.sun.management.ThreadMXBean threads;
    private final boolean cpu;
    private final boolean allocations;

    private ThreadClock(com.sun.management.ThreadMXBean threads, boolean cpu, boolean allocations) {
        this.threads = threads;
        this.cpu = cpu;
        this.allocations = allocations;
    }

    /** This JVM's clock of threads, or {@link #NONE} when it has none. */
    static ThreadClock of() {
        try {
            java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
            if (!(bean instanceof com.sun.management.ThreadMXBean)) {
                return NONE;
            }
            com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
            boolean cpu = threads.isCurrentThreadCpuTimeSupported() && threads.isThreadCpuTimeEnabled();
            boolean allocations =
                    threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled();
            return new ThreadClock(threads, cpu, allocations);
        } catch (LinkageError | RuntimeException e) {
            return NONE; // a runtime without java.management, or a JVM that refuses
        }
    }

    /** The calling thread's CPU time so far, in nanoseconds, or -1. */
    long cpuNanos() {
        return cpu ? threads.getCurrentThreadCpuTime() : -1;
    }

    /** The bytes the calling thread allocated so far, or -1. */
    long allocatedBytes() {
        return allocations ? threads.getCurrentThreadAllocatedBytes() : -1;
    }
}
