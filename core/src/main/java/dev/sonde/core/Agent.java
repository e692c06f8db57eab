package dev.sonde.core;

import dev.sonde.bootstrap.Bridge;
import dev.sonde.core.config.Settings;
import dev.sonde.core.config.SettingsLoader;
import dev.sonde.core.feature.Features;
import dev.sonde.core.internal.Log;
import java.lang.instrument.Instrumentation;
import java.util.function.BiFunction;

/**
 * The probe inside one JVM: reads the settings, starts a {@link Session} with the features they ask
 * for, and ends it as late in the JVM's shutdown as is safe, after the program's own shutdown hooks. A
 * session can also be stopped while the program runs on (the classes it wove get their original bytes
 * back), and a new one started later. Called by the launcher in the jar's root through an {@link Entry},
 * made in the probe's isolated class loader, which the launcher keeps for the JVM's life.
 */
public final class Agent {

    /** Agent arguments that start with this are commands for the running probe, not settings. */
    public static final String COMMAND_PREFIX = "sonde:";

    private static final Object LOCK = new Object();
    private static Session current;
    private static boolean exitRegistered;

    private Agent() {}

    /**
     * What the launcher calls, through a JDK interface both class loaders know: it makes one with a
     * single reflective {@code newInstance()} and then calls it directly. A reflective call of each
     * static method instead would cost start-up: from JDK 18 on, each is a method handle spun on first use.
     */
    public static final class Entry implements BiFunction<Instrumentation, String, String> {

        public Entry() {}

        /**
         * Runs {@code arguments} as a command when it starts with {@value #COMMAND_PREFIX} and returns what
         * to say; otherwise starts the probe with them as settings and returns null. Never throws.
         */
        @Override
        public String apply(Instrumentation instrumentation, String arguments) {
            if (arguments != null && arguments.startsWith(COMMAND_PREFIX)) {
                return command(instrumentation, arguments.substring(COMMAND_PREFIX.length()));
            }
            start(instrumentation, arguments);
            return null;
        }
    }

    /**
     * Entry point for {@code -javaagent} and for a dynamic load with settings, called through {@link Entry}
     * by {@code dev.sonde.launch.AgentEntry} once it has claimed the bridge. Never throws.
     */
    public static void start(Instrumentation instrumentation, String agentArguments) {
        try {
            Features features = Features.discover(Agent.class.getClassLoader());
            Settings settings =
                    SettingsLoader.load(features.settings(), agentArguments, System.getProperties(), System.getenv());
            Log.verbose(settings.get(ProbeSettings.VERBOSE));
            for (String problem : settings.problems()) {
                Log.warn(problem);
            }
            for (String warning : settings.warnings()) {
                Log.warn(warning);
            }
            Session session = new Session(instrumentation, settings, features);
            synchronized (LOCK) {
                current = session;
                if (!exitRegistered) {
                    exitRegistered = true;
                    Shutdown.atLast(instrumentation, new Runnable() {
                        @Override
                        public void run() {
                            atExit();
                        }
                    });
                }
            }
            session.start();
        } catch (Throwable e) {
            Log.warn("the probe could not start and stays out of the way: " + e);
            if (Log.isVerbose()) {
                e.printStackTrace();
            }
        }
    }

    /**
     * A command for the running probe, given as agent arguments {@code sonde:COMMAND} to a dynamic load
     * of {@code sonde.jar} (the Attach API lets only the JVM's own user do that). {@code stop} ends the
     * session (the report is written) and takes the probe out of the JVM. Returns what to say on the
     * JVM's stderr, or null.
     */
    public static String command(Instrumentation instrumentation, String command) {
        try {
            if (command.equals("stop")) {
                Session session;
                synchronized (LOCK) {
                    session = current;
                    current = null;
                }
                if (session == null) {
                    return "the probe is not running in this JVM: nothing to stop";
                }
                session.stop();
                Bridge.release();
                return "the probe stopped; every class it wove has its original bytes back";
            }
            return "unknown command '" + command + "'; known: stop";
        } catch (Throwable e) {
            return "the command '" + command + "' failed: " + e;
        }
    }

    private static void atExit() {
        Session session;
        synchronized (LOCK) {
            session = current;
        }
        if (session != null) {
            session.end();
        }
    }
}
