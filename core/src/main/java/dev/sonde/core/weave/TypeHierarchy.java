package dev.sonde.core.weave;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.function.Predicate;
import org.objectweb.asm.ClassReader;

/**
 * Answers "is this class a subtype of …" while the class is being defined, when its supertypes may
 * not be loaded yet: it reads their class files as resources of the defining loader, never loading a
 * class. What it learns is cached per loader, at most {@value #CAP} types per loader (least recently
 * used dropped first).
 */
public final class TypeHierarchy {

    static final int CAP = 20_000;
    private static final String[] NONE = new String[0];
    private static final Object BOOT = new Object();

    /** Keyed by loader, weakly, so that an unloaded loader's entries go with it. */
    private final Map<Object, Map<String, String[]>> supertypesByLoader = new WeakHashMap<>();

    /**
     * Whether the class (given by its own super name and interfaces, internal names) or any supertype
     * has a dotted name accepted by the test.
     */
    public boolean selfOrSupertype(
            ClassLoader loader,
            String internalName,
            String superName,
            String[] interfaces,
            Predicate<String> nameTest) {
        if (nameTest.test(internalName.replace('/', '.'))) {
            return true;
        }
        Set<String> seen = new HashSet<>();
        Deque<String> pending = new ArrayDeque<>();
        if (superName != null) {
            pending.add(superName);
        }
        for (String each : interfaces) {
            pending.add(each);
        }
        while (!pending.isEmpty()) {
            String type = pending.poll();
            if (!seen.add(type)) {
                continue;
            }
            if (nameTest.test(type.replace('/', '.'))) {
                return true;
            }
            for (String supertype : supertypes(loader, type)) {
                pending.add(supertype);
            }
        }
        return false;
    }

    private String[] supertypes(ClassLoader loader, String internalName) {
        Map<String, String[]> cache;
        synchronized (supertypesByLoader) {
            Object key = loader == null ? BOOT : loader;
            cache = supertypesByLoader.get(key);
            if (cache == null) {
                cache = lruMap();
                supertypesByLoader.put(key, cache);
            }
        }
        synchronized (cache) {
            String[] known = cache.get(internalName);
            if (known != null) {
                return known;
            }
        }
        String[] found = read(loader, internalName);
        synchronized (cache) {
            cache.put(internalName, found);
        }
        return found;
    }

    private static String[] read(ClassLoader loader, String internalName) {
        String resource = internalName + ".class";
        try (InputStream in = loader != null
                ? loader.getResourceAsStream(resource)
                : ClassLoader.getPlatformClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                return NONE;
            }
            ClassReader reader = new ClassReader(in);
            String superName = reader.getSuperName();
            String[] interfaces = reader.getInterfaces();
            if (superName == null) {
                return interfaces;
            }
            String[] all = new String[interfaces.length + 1];
            all[0] = superName;
            System.arraycopy(interfaces, 0, all, 1, interfaces.length);
            return all;
        } catch (IOException | RuntimeException e) {
            return NONE;
        }
    }

    private static Map<String, String[]> lruMap() {
        return new LinkedHashMap<>(64, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, String[]> eldest) {
                return size() > CAP;
            }
        };
    }
}
