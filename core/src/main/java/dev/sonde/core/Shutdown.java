package dev.sonde.core;

import dev.sonde.core.internal.Log;
import java.lang.instrument.Instrumentation;
import java.util.Map;
import java.util.Set;

/**
 * Runs the probe's last work (the reports) as late in the JVM's shutdown as is safe: after every
 * shutdown hook of the program has finished, so that a server's own shutdown is measured too.
 *
 * <p>The JDK runs its shutdown in slots: the console (0), the program's hooks, all of them joined (1),
 * files marked delete-on-exit (2); the rest are free. The probe takes the last free slot, through the
 * JDK's internal access to them, which needs {@code jdk.internal.access} exported to the probe's module
 * (this module is compiled with that export and calls it directly: reflection would cost start-up).
 * Where that is refused, it falls back to an ordinary shutdown hook, which runs beside the program's.
 */
final class Shutdown {

    private static final int LAST_SLOT = 9;
    private static final int FIRST_FREE_SLOT = 3;

    private Shutdown() {}

    /** Registers {@code work}; it runs on the thread that shuts the JVM down, or on a hook thread of its own. */
    static void atLast(Instrumentation instrumentation, Runnable work) {
        try {
            Module base = Object.class.getModule();
            Module probe = Shutdown.class.getModule();
            if (!base.isExported("jdk.internal.access", probe)) {
                instrumentation.redefineModule(
                        base, Set.of(), Map.of("jdk.internal.access", Set.of(probe)), Map.of(), Set.of(), Map.of());
            }
            jdk.internal.access.JavaLangAccess access = jdk.internal.access.SharedSecrets.getJavaLangAccess();
            for (int slot = LAST_SLOT; slot >= FIRST_FREE_SLOT; slot--) {
                try {
                    access.registerShutdownHook(slot, false, work);
                    return;
                } catch (IllegalStateException taken) {
                    // this slot is someone else's: try the one before
                }
            }
        } catch (RuntimeException | LinkageError e) {
            Log.debug("reports at exit through an ordinary shutdown hook: " + e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(work, "sonde-report"));
    }
}
