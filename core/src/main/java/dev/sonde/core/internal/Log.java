package dev.sonde.core.internal;

import java.io.PrintStream;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The probe's voice on stderr: every line starts with {@code [sonde]}; a problem with one cause is said once. */
public final class Log {

    private static final Set<String> SAID = ConcurrentHashMap.newKeySet();
    private static volatile boolean verbose;
    private static volatile PrintStream out = System.err;

    private Log() {}

    public static void verbose(boolean on) {
        verbose = on;
    }

    public static boolean isVerbose() {
        return verbose;
    }

    public static void warn(String message) {
        out.println("[sonde] " + message);
    }

    /** Says the message the first time {@code cause} is seen; at most a few thousand distinct causes are remembered. */
    public static void warnOnce(String cause, String message) {
        if (SAID.size() < 4096 && SAID.add(cause)) {
            warn(message);
        }
    }

    public static void debug(String message) {
        if (verbose) {
            out.println("[sonde] " + message);
        }
    }
}
