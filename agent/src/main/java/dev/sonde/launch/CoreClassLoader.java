package dev.sonde.launch;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLConnection;
import java.net.URLStreamHandler;
import java.nio.file.Path;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.security.cert.Certificate;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Loads the probe's core (its own classes and relocated libraries), stored under {@code SONDE-INF/core/}
 * in {@code sonde.jar} where no class path can see them. Its parent is the platform loader, so the
 * program's classes are never visible to the probe nor the probe's to the program.
 */
final class CoreClassLoader extends ClassLoader {

    static final String PREFIX = "SONDE-INF/core/";

    static {
        registerAsParallelCapable();
    }

    private final JarFile jar;
    private final URL jarUrl;
    private final ProtectionDomain domain;

    CoreClassLoader(Path jarPath) throws IOException {
        super("sonde", ClassLoader.getPlatformClassLoader());
        this.jar = new JarFile(jarPath.toFile(), false);
        this.jarUrl = jarPath.toUri().toURL();
        this.domain = new ProtectionDomain(new CodeSource(jarUrl, (Certificate[]) null), null, this, null);
    }

    /**
     * The probe's own classes (all but the bridge's, which are the boot loader's) are looked up here
     * first: asking the platform loader and the boot loader about each, as the default order does, is
     * start-up time the program pays for a hundred names they cannot hold.
     */
    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (!name.startsWith("dev.sonde.") || name.startsWith("dev.sonde.bootstrap.")) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> loaded = findLoadedClass(name);
            if (loaded == null) {
                loaded = findClass(name);
            }
            if (resolve) {
                resolveClass(loaded);
            }
            return loaded;
        }
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        JarEntry entry = jar.getJarEntry(PREFIX + name.replace('.', '/') + ".class");
        if (entry == null) {
            throw new ClassNotFoundException(name);
        }
        byte[] bytes;
        try {
            bytes = read(jar, entry);
        } catch (IOException e) {
            throw new ClassNotFoundException(name, e);
        }
        int dot = name.lastIndexOf('.');
        if (dot > 0) {
            String packageName = name.substring(0, dot);
            if (getDefinedPackage(packageName) == null) {
                try {
                    definePackage(packageName, null, null, null, null, null, null, null);
                } catch (IllegalArgumentException raced) {
                    // another thread defined it first
                }
            }
        }
        return defineClass(name, bytes, 0, bytes.length, domain);
    }

    /**
     * The bytes of an entry, read into an array of its size at once: the entries are stored, not
     * deflated, so that no inflater runs and no growing buffer is copied for each class the probe loads
     * while the program starts.
     */
    static byte[] read(JarFile jar, JarEntry entry) throws IOException {
        long size = entry.getSize();
        try (InputStream in = jar.getInputStream(entry)) {
            if (size < 0 || size > Integer.MAX_VALUE - 8) {
                return in.readAllBytes();
            }
            byte[] bytes = new byte[(int) size];
            int read = in.readNBytes(bytes, 0, bytes.length);
            if (read != bytes.length) {
                throw new IOException(entry.getName() + " ends after " + read + " of its " + size + " bytes");
            }
            return bytes;
        }
    }

    /**
     * Reads a resource of the core straight from the jar: going through a {@code jar:} URL would open
     * the jar a second time through the JDK's URL machinery, a cost the program's start-up would pay.
     */
    @Override
    public InputStream getResourceAsStream(String name) {
        JarEntry entry = jar.getJarEntry(PREFIX + name);
        if (entry == null) {
            return super.getResourceAsStream(name);
        }
        try {
            return jar.getInputStream(entry);
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * The probe's own service files are only in the core: asking the parent first would open the JDK's
     * runtime image for a name it cannot hold, a cost the program's start-up would pay.
     */
    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        return name.startsWith(OWN_SERVICES) ? findResources(name) : super.getResources(name);
    }

    static final String OWN_SERVICES = "META-INF/services/dev.sonde.";

    @Override
    protected Enumeration<URL> findResources(String name) {
        URL url = findResource(name);
        return url == null ? Collections.emptyEnumeration() : Collections.enumeration(List.of(url));
    }

    /**
     * A URL that reads the jar entry itself: a {@code jar:} URL would open the jar a second time through
     * the JDK's URL machinery, a cost the program's start-up would pay.
     */
    @Override
    protected URL findResource(String name) {
        JarEntry entry = jar.getJarEntry(PREFIX + name);
        if (entry == null) {
            return null;
        }
        try {
            return new URL("sonde", null, -1, "/" + PREFIX + name, new URLStreamHandler() {
                @Override
                protected URLConnection openConnection(URL url) {
                    return new URLConnection(url) {
                        @Override
                        public void connect() {}

                        @Override
                        public InputStream getInputStream() throws IOException {
                            return jar.getInputStream(entry);
                        }
                    };
                }
            });
        } catch (MalformedURLException e) {
            throw new UncheckedIOException(e);
        }
    }
}
