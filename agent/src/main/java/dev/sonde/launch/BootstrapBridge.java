package dev.sonde.launch;

import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;

/**
 * Puts the bridge classes (stored under {@code SONDE-INF/bootstrap/}) into the boot class loader, where
 * code in every loader can reach them.
 *
 * <p>They are defined directly in the boot loader rather than by appending a jar to the bootstrap
 * search path, because such an append turns off class data sharing for every other loader: start-up
 * gets slower and HotSpot prints a warning on the program's stderr. Should the direct way fail on
 * some JVM, the append is the fallback. {@code Unsafe} is called directly, not through reflection:
 * this module is compiled with {@code jdk.internal.misc} exported to it, as it is at run time.
 */
final class BootstrapBridge {

    static final String PREFIX = "SONDE-INF/bootstrap/";
    /** In definition order: a superclass before its subclasses. */
    static final List<String> CLASSES = List.of(
            "dev.sonde.bootstrap.Frames",
            "dev.sonde.bootstrap.Frames$1",
            "dev.sonde.bootstrap.Sink",
            "dev.sonde.bootstrap.Sink$1",
            "dev.sonde.bootstrap.Bridge",
            "dev.sonde.bootstrap.Carried",
            "dev.sonde.bootstrap.TraceBuffer",
            "dev.sonde.bootstrap.TraceSink",
            "dev.sonde.bootstrap.TraceSink$1",
            "dev.sonde.bootstrap.Trace");

    private BootstrapBridge() {}

    /** Defines the bridge unless an earlier probe did; returns the bridge class, as the boot loader sees it. */
    static Class<?> install(Instrumentation instrumentation, JarFile jar) throws Exception {
        Class<?> existing = findInBootLoader();
        if (existing != null) {
            return existing;
        }
        try {
            defineInBootLoader(instrumentation, jar);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            appendToBootstrapSearch(instrumentation, jar);
        }
        Class<?> bridge = findInBootLoader();
        if (bridge == null) {
            throw new IllegalStateException("the bridge is not visible in the boot class loader");
        }
        return bridge;
    }

    private static Class<?> findInBootLoader() {
        try {
            return Class.forName("dev.sonde.bootstrap.Bridge", false, null);
        } catch (ClassNotFoundException e) {
            return null;
        }
    }

    private static void defineInBootLoader(Instrumentation instrumentation, JarFile jar) throws Exception {
        Module base = Object.class.getModule();
        instrumentation.redefineModule(
                base,
                Set.of(),
                Map.of("jdk.internal.misc", Set.of(BootstrapBridge.class.getModule())),
                Map.of(),
                Set.of(),
                Map.of());
        jdk.internal.misc.Unsafe unsafe = jdk.internal.misc.Unsafe.getUnsafe();
        for (String name : CLASSES) {
            byte[] bytes = read(jar, name);
            unsafe.defineClass(name, bytes, 0, bytes.length, null, null);
        }
    }

    private static void appendToBootstrapSearch(Instrumentation instrumentation, JarFile jar) throws IOException {
        Path bridgeJar = Files.createTempFile("sonde-bridge", ".jar");
        bridgeJar.toFile().deleteOnExit();
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(bridgeJar))) {
            for (String name : CLASSES) {
                out.putNextEntry(new JarEntry(name.replace('.', '/') + ".class"));
                out.write(read(jar, name));
                out.closeEntry();
            }
        }
        instrumentation.appendToBootstrapClassLoaderSearch(new JarFile(bridgeJar.toFile()));
    }

    private static byte[] read(JarFile jar, String className) throws IOException {
        JarEntry entry = jar.getJarEntry(PREFIX + className.replace('.', '/') + ".class");
        if (entry == null) {
            throw new IOException("sonde.jar lacks " + PREFIX + className);
        }
        return CoreClassLoader.read(jar, entry);
    }
}
