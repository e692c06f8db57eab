package dev.sonde.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Class files as a loader finds them, for tests that weave them. */
public final class ClassFiles {

    private ClassFiles() {}

    /** The class file of {@code className} (binary name, with dots) as {@code loader} finds it. */
    public static byte[] bytes(ClassLoader loader, String className) {
        String resource = className.replace('.', '/') + ".class";
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no class file " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The class file of a loaded class, as its own loader finds it. */
    public static byte[] bytes(Class<?> type) {
        ClassLoader loader = type.getClassLoader() == null ? ClassLoader.getSystemClassLoader() : type.getClassLoader();
        return bytes(loader, type.getName());
    }
}
