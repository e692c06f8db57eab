package dev.sonde.bootstrap;

/**
 * The one class that woven methods call; it lives on the bootstrap class path so that code in any
 * class loader can reach it, and forwards to a no-op {@link Sink} until the probe installs its own.
 */
public final class Bridge {

    private static volatile Sink sink = Sink.NONE;
    private static boolean claimed;

    private Bridge() {
    }

    /** Called by a woven method just before it returns normally. */
    public static void exit(int method, long startNanos) {
        long elapsed = System.nanoTime() - startNanos;
        sink.record(method, elapsed);
    }

    /** Called by a woven method when a throwable leaves it; the throwable is rethrown untouched. */
    public static void exitWithError(int method, long startNanos) {
        long elapsed = System.nanoTime() - startNanos;
        sink.recordError(method, elapsed);
    }

    /** Routes timings to {@code newSink}; {@link Sink#NONE} turns recording off again. */
    public static void install(Sink newSink) {
        sink = newSink == null ? Sink.NONE : newSink;
    }

    /**
     * Returns true to the first caller in this JVM and false to every later one, so that a probe
     * loaded twice (say through {@code JAVA_TOOL_OPTIONS} and the command line) starts once.
     */
    public static synchronized boolean claim() {
        if (claimed) {
            return false;
        }
        claimed = true;
        return true;
    }

    /** The sink currently receiving timings. */
    public static Sink installed() {
        return sink;
    }
}
