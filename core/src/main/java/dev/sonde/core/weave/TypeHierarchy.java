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
 * Answers "is this class a subtype of …" while the class is being defined, when its supertypes may not
 * be loaded yet, without ever loading a class. What it knows of a type (its direct supertypes) comes
 * from the header of a class file the weaving already has in hand, or else from reading the class file
 * as a resource of the defining loader; either way once per type and loader. JDK types ({@code java/},
 * {@code jdk/}, {@code sun/}) are known once for all loaders. At most {@value #CAP} types per loader are
 * kept (least recently used dropped first).
 *
 * <p>One instance serves every transformer of the probe ({@link #shared()}): a program's hierarchy is
 * the same whatever is being woven.
 */
public final class TypeHierarchy {

    static final int CAP = 20_000;
    private static final String[] NONE = new String[0];
    private static final Object BOOT = new Object();
    private static final TypeHierarchy SHARED = new TypeHierarchy();

    /** A type's direct supertypes, with dots, and its name with dots. */
    private static final class Node {
        final String dotted;
        final String[] supertypes;

        Node(String internalName, String[] supertypes) {
            this.dotted = internalName.replace('/', '.');
            this.supertypes = supertypes;
        }
    }

    /** Keyed by loader, weakly, so that an unloaded loader's entries go with it. */
    private final Map<Object, Map<String, Node>> byLoader = new WeakHashMap<>();

    private final Map<String, Node> jdk = lruMap();
    private final java.util.concurrent.atomic.AtomicLong recorded = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong read = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong readNanos = new java.util.concurrent.atomic.AtomicLong();

    /** What it has learnt so far and how, for the log: types known from headers, and from class files read. */
    public String describe() {
        return recorded.get() + " types known from the classes being woven, " + read.get() + " from class files read ("
                + readNanos.get() / 1_000_000 + " ms)";
    }

    /** The instance every transformer shares. */
    public static TypeHierarchy shared() {
        return SHARED;
    }

    /**
     * Records a class whose header the weaving has in hand (internal names), so that its subclasses,
     * often defined right after it, need not read its class file again.
     */
    public void record(ClassLoader loader, String internalName, String superName, String[] interfaces) {
        Map<String, Node> cache = cacheFor(loader, internalName);
        synchronized (cache) {
            if (!cache.containsKey(internalName)) {
                cache.put(internalName, new Node(internalName, supertypes(superName, interfaces)));
                recorded.incrementAndGet();
            }
        }
    }

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
            Node node = node(loader, type);
            if (nameTest.test(node.dotted)) {
                return true;
            }
            for (String supertype : node.supertypes) {
                pending.add(supertype);
            }
        }
        return false;
    }

    private Node node(ClassLoader loader, String internalName) {
        Map<String, Node> cache = cacheFor(loader, internalName);
        synchronized (cache) {
            Node known = cache.get(internalName);
            if (known != null) {
                return known;
            }
        }
        long started = System.nanoTime();
        Node found = new Node(internalName, read(loader, internalName));
        read.incrementAndGet();
        readNanos.addAndGet(System.nanoTime() - started);
        synchronized (cache) {
            cache.put(internalName, found);
        }
        return found;
    }

    private Map<String, Node> cacheFor(ClassLoader loader, String internalName) {
        if (isJdk(internalName)) {
            return jdk;
        }
        synchronized (byLoader) {
            Object key = loader == null ? BOOT : loader;
            Map<String, Node> cache = byLoader.get(key);
            if (cache == null) {
                cache = lruMap();
                byLoader.put(key, cache);
            }
            return cache;
        }
    }

    /** Types only the boot and platform loaders define, the same in every loader's view. */
    private static boolean isJdk(String internalName) {
        return internalName.startsWith("java/") || internalName.startsWith("jdk/") || internalName.startsWith("sun/");
    }

    private static String[] supertypes(String superName, String[] interfaces) {
        if (superName == null) {
            return interfaces.length == 0 ? NONE : interfaces;
        }
        String[] all = new String[interfaces.length + 1];
        all[0] = superName;
        System.arraycopy(interfaces, 0, all, 1, interfaces.length);
        return all;
    }

    private static String[] read(ClassLoader loader, String internalName) {
        if (internalName.equals("java/lang/Object")) {
            return NONE; // every class's last supertype: not worth opening the runtime image for
        }
        String resource = internalName + ".class";
        try (InputStream in = loader != null && !isJdk(internalName)
                ? loader.getResourceAsStream(resource)
                : ClassLoader.getPlatformClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                return NONE;
            }
            ClassReader reader = new ClassReader(in);
            return supertypes(reader.getSuperName(), reader.getInterfaces());
        } catch (IOException | RuntimeException e) {
            return NONE;
        }
    }

    private static Map<String, Node> lruMap() {
        return new LinkedHashMap<>(64, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Node> eldest) {
                return size() > CAP;
            }
        };
    }
}
