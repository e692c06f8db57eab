package dev.sonde.core.library;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A map from program objects, told apart by identity and held weakly, to what the probe keeps about
 * them (a prepared statement's SQL, a task's request): the probe never calls a program object's
 * {@code equals} or {@code hashCode}, and never keeps one alive. The JDK has no weak identity map, and
 * the libraries that have one start threads or run lambdas, which the probe's recording path must not;
 * so this is a {@link ConcurrentHashMap} keyed by weak references that compare their objects by
 * identity, collected ones dropped as the next object is kept. Bounded: past {@code maxSize} live
 * entries, further ones are not kept.
 *
 * <p>No caller ever waits for another here but for the moment the map's own bin lock is held, and no
 * holder of it can block: the executors unit looks tasks up on the JDK's virtual-thread carriers,
 * which must never wait for a virtual thread that could need them to run again.
 *
 * @param <V> what is kept for each object
 */
final class WeakIdentityMap<V> {

    private final int maxSize;
    private final ReferenceQueue<Object> collected = new ReferenceQueue<>();
    private final ConcurrentHashMap<Object, V> entries = new ConcurrentHashMap<>();

    WeakIdentityMap(int maxSize) {
        this.maxSize = maxSize;
    }

    /** What is kept for {@code key}, or null. */
    V get(Object key) {
        return key == null ? null : entries.get(new Lookup(key));
    }

    /** Keeps {@code value} for {@code key}, unless {@code maxSize} other objects are kept already. */
    void put(Object key, V value) {
        if (key == null || value == null) {
            return;
        }
        dropCollected();
        int hash = System.identityHashCode(key);
        if (entries.size() >= maxSize) {
            entries.replace(new Lookup(key, hash), value);
            return;
        }
        // an entry for the same object keeps its key and takes the new value
        entries.put(new Weak(key, hash, collected), value);
    }

    /** Forgets {@code key}; returns what was kept for it, or null. */
    V remove(Object key) {
        return key == null ? null : entries.remove(new Lookup(key));
    }

    /** How many objects are kept now (collected ones dropped first). */
    int size() {
        dropCollected();
        return entries.size();
    }

    private void dropCollected() {
        Object gone;
        while ((gone = collected.poll()) != null) {
            // a cleared key equals only itself: this removes its entry, or nothing if it was removed already
            entries.remove(gone);
        }
    }

    /** A key: the object it stands for, compared by identity. */
    private interface Identity {
        Object target();
    }

    private static boolean same(Identity key, Object other) {
        if (other == key) {
            return true;
        }
        if (!(other instanceof Identity)) {
            return false;
        }
        Object target = key.target();
        return target != null && target == ((Identity) other).target();
    }

    /** A kept key, holding its object weakly. */
    private static final class Weak extends WeakReference<Object> implements Identity {
        private final int hash;

        Weak(Object key, int hash, ReferenceQueue<Object> queue) {
            super(key, queue);
            this.hash = hash;
        }

        @Override
        public Object target() {
            return get();
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object other) {
            return same(this, other);
        }
    }

    /** A key to look one up by, for the moment of the look-up. */
    private static final class Lookup implements Identity {
        private final Object target;
        private final int hash;

        Lookup(Object target) {
            this(target, System.identityHashCode(target));
        }

        Lookup(Object target, int hash) {
            this.target = target;
            this.hash = hash;
        }

        @Override
        public Object target() {
            return target;
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object other) {
            return same(this, other);
        }
    }
}
