package dev.sonde.bootstrap;

/**
 * The class that woven methods call first; it lives in the boot class loader so that code in any
 * class loader can reach it, and forwards to a no-op {@link Sink} until the probe installs its own.
 * A timed method runs:
 * <pre>
 *   Frames frames = Bridge.frames();
 *   int frame = frames.enter(METHOD_ID);
 *   try { …; frames.exit(frame); return …; }
 *   catch (any t) { frames.exitWithError(frame); throw t; }
 * </pre>
 */
public final class Bridge {

    private static volatile Sink sink = Sink.NONE;
    private static boolean claimed;

    private Bridge() {}

    /** The calling thread's stack of timed calls. */
    public static Frames frames() {
        return sink.frames();
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

    /** Lets a later probe claim the bridge again: the one that claimed it has stopped. */
    public static synchronized void release() {
        claimed = false;
    }

    /** The sink currently receiving timings. */
    public static Sink installed() {
        return sink;
    }
}
