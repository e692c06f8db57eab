package dev.sonde.launch;

import java.io.File;
import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.function.BiFunction;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * {@code Premain-Class} and {@code Agent-Class} of {@code sonde.jar}: puts the bridge that woven code
 * calls into the boot class loader, then starts the core in its own class loader.
 * Whatever goes wrong is said on stderr and the program runs on unprobed. The JVM of {@code sonde}'s own
 * command line, which inherits the probe when it is in {@code JAVA_TOOL_OPTIONS}, is left alone.
 */
public final class AgentEntry {

    /** Agent arguments that start with this are commands for the running probe: {@code sonde:stop}. */
    static final String COMMAND_PREFIX = "sonde:";

    /**
     * The core's entry, made in its own class loader: one per JVM, so that a probe stopped and started
     * again is the same core. Given arguments, it starts the probe (and returns null) or runs the command
     * they hold (and returns what to say).
     */
    private static BiFunction<Instrumentation, String, String> core;

    /** The class in the core that implements {@link #core}. */
    static final String CORE_ENTRY = "dev.sonde.core.Agent$Entry";

    private AgentEntry() {}

    /** What {@code sonde.jar}'s manifest names as its {@code Main-Class}. */
    static final String LAUNCHER = "dev.sonde.launch.Main";

    public static void premain(String arguments, Instrumentation instrumentation) {
        if (isSondeLauncher(System.getProperty("sun.java.command"), System.getProperty("java.class.path"))) {
            return;
        }
        start(arguments, instrumentation);
    }

    public static void agentmain(String arguments, Instrumentation instrumentation) {
        if (arguments != null && arguments.startsWith(COMMAND_PREFIX)) {
            command(arguments.substring(COMMAND_PREFIX.length()), instrumentation);
        } else {
            start(arguments, instrumentation);
        }
    }

    /** Passes a command to the core, which says on stderr what it did. */
    private static synchronized void command(String command, Instrumentation instrumentation) {
        try {
            if (core == null) {
                System.err.println("[sonde] the probe is not running in this JVM: nothing to " + command);
                return;
            }
            String said = core.apply(instrumentation, COMMAND_PREFIX + command);
            if (said != null) {
                System.err.println("[sonde] " + said);
            }
        } catch (Throwable e) {
            System.err.println("[sonde] the command '" + command + "' failed: " + e);
        }
    }

    private static synchronized void start(String arguments, Instrumentation instrumentation) {
        try {
            CodeSource source = AgentEntry.class.getProtectionDomain().getCodeSource();
            Path jar = Path.of(source.getLocation().toURI());
            try (JarFile jarFile = new JarFile(jar.toFile(), false)) {
                BootstrapBridge.install(instrumentation, jarFile);
            }
            // linked only now, to the class just put in the boot loader
            if (!dev.sonde.bootstrap.Bridge.claim()) {
                System.err.println("[sonde] the probe is already active in this JVM; ignoring the second -javaagent ("
                        + jar + ")"
                        + (arguments == null || arguments.isEmpty()
                                ? ", which had no arguments"
                                : " and its arguments '" + arguments + "'"));
                return;
            }
            if (core == null) {
                core = entry(new CoreClassLoader(jar));
            }
            String said = core.apply(instrumentation, arguments);
            if (said != null) {
                System.err.println("[sonde] " + said);
            }
        } catch (Throwable e) {
            System.err.println("[sonde] the probe could not start and stays out of the way: " + e);
        }
    }

    @SuppressWarnings("unchecked")
    private static BiFunction<Instrumentation, String, String> entry(ClassLoader loader) throws Exception {
        return (BiFunction<Instrumentation, String, String>)
                Class.forName(CORE_ENTRY, true, loader).getDeclaredConstructor().newInstance();
    }

    /**
     * True in the JVM of the {@code sonde} command itself: its main class is the launcher, or it runs a jar
     * ({@code java -jar}: the class path is that jar and the command starts with it) whose manifest names
     * the launcher — any copy of {@code sonde.jar}, not only the one this probe came from.
     */
    static boolean isSondeLauncher(String command, String classPath) {
        if (command == null || classPath == null) {
            return false;
        }
        if (command.equals(LAUNCHER) || command.startsWith(LAUNCHER + " ")) {
            return true;
        }
        boolean runsAJar = !classPath.isEmpty()
                && classPath.indexOf(File.pathSeparatorChar) < 0
                && (command.equals(classPath) || command.startsWith(classPath + " "));
        if (!runsAJar) {
            return false;
        }
        try (JarFile jar = new JarFile(classPath, false)) {
            Manifest manifest = jar.getManifest();
            return manifest != null
                    && LAUNCHER.equals(manifest.getMainAttributes().getValue(Attributes.Name.MAIN_CLASS));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
