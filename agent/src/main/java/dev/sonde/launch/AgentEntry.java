package dev.sonde.launch;

import java.lang.instrument.Instrumentation;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.jar.JarFile;

/**
 * {@code Premain-Class} and {@code Agent-Class} of {@code sonde.jar}: puts the bridge that woven code
 * calls into the boot class loader, then starts the core in its own class loader.
 * Whatever goes wrong is said on stderr and the program runs on unprobed.
 */
public final class AgentEntry {

    private AgentEntry() {
    }

    public static void premain(String arguments, Instrumentation instrumentation) {
        start(arguments, instrumentation);
    }

    public static void agentmain(String arguments, Instrumentation instrumentation) {
        start(arguments, instrumentation);
    }

    private static void start(String arguments, Instrumentation instrumentation) {
        try {
            CodeSource source = AgentEntry.class.getProtectionDomain().getCodeSource();
            Path jar = Path.of(source.getLocation().toURI());
            Class<?> bridge;
            try (JarFile jarFile = new JarFile(jar.toFile(), false)) {
                bridge = BootstrapBridge.install(instrumentation, jarFile);
            }
            if (!(Boolean) bridge.getMethod("claim").invoke(null)) {
                System.err.println("[sonde] the probe is already active in this JVM; ignoring the second -javaagent");
                return;
            }
            ClassLoader core = new CoreClassLoader(jar);
            Class<?> agent = Class.forName("dev.sonde.core.Agent", true, core);
            agent.getMethod("start", Instrumentation.class, String.class).invoke(null, instrumentation, arguments);
        } catch (Throwable e) {
            System.err.println("[sonde] the probe could not start and stays out of the way: " + e);
        }
    }
}
