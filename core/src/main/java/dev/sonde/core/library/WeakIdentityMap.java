package dev.sonde.core.library;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;

/**
 * A map from program objects, told apart by identity and held weakly, to what the probe keeps about
 * them (a prepared statement's SQL, a task's request): the probe never calls a program object's
 * {@code equals} or {@code hashCode}, and never keeps one alive. The JDK has no weak identity map, and
 * the libraries that have one start threads or run lambdas, which the probe's recording path must not;
 * so this is a small one of its own: a hash table of weak references, cleared entries dropped as they
 * are met. Bounded: past {@code maxSize} live entries, further ones are not kept.
 *
 * @param <V> what is kept for each object
 */
final class WeakIdentityMap<V> {

    private final int maxSize;
    private final ReferenceQueue<Object> collected = new ReferenceQueue<>();
    private Entry<V>[] table = newTable(64);
    private int size;

    WeakIdentityMap(int maxSize) {
        this.maxSize = maxSize;
    }

    @SuppressWarnings("unchecked")
    private static <V> Entry<V>[] newTable(int length) {
        return (Entry<V>[]) new Entry<?>[length];
    }

    /** What is kept for {@code key}, or null. */
    synchronized V get(Object key) {
        Entry<V> entry = entry(key);
        return entry == null ? null : entry.value;
    }

    /** Keeps {@code value} for {@code key}, unless {@code maxSize} other objects are kept already. */
    synchronized void put(Object key, V value) {
        dropCollected();
        Entry<V> entry = entry(key);
        if (entry != null) {
            entry.value = value;
            return;
        }
        if (size >= maxSize) {
            return;
        }
        int hash = System.identityHashCode(key);
        int index = hash & (table.length - 1);
        table[index] = new Entry<>(key, hash, value, table[index], collected);
        size++;
        if (size > table.length * 3 / 4) {
            resize();
        }
    }

    /** Forgets {@code key}; returns what was kept for it, or null. */
    synchronized V remove(Object key) {
        Entry<V> entry = entry(key);
        if (entry == null) {
            return null;
        }
        unlink(entry);
        entry.clear(); // not enqueued: the collector has nothing left to do for it
        return entry.value;
    }

    /** How many objects are kept now (collected ones dropped first). */
    synchronized int size() {
        dropCollected();
        return size;
    }

    private Entry<V> entry(Object key) {
        if (key == null) {
            return null;
        }
        int hash = System.identityHashCode(key);
        for (Entry<V> entry = table[hash & (table.length - 1)]; entry != null; entry = entry.next) {
            if (entry.hash == hash && entry.get() == key) {
                return entry;
            }
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private void dropCollected() {
        Object gone;
        while ((gone = collected.poll()) != null) {
            unlink((Entry<V>) gone);
        }
    }

    /** Takes {@code dead} out of its bucket, if it is still there (one removed already is not). */
    private void unlink(Entry<V> dead) {
        int index = dead.hash & (table.length - 1);
        Entry<V> previous = null;
        for (Entry<V> entry = table[index]; entry != null; previous = entry, entry = entry.next) {
            if (entry == dead) {
                if (previous == null) {
                    table[index] = entry.next;
                } else {
                    previous.next = entry.next;
                }
                size--;
                return;
            }
        }
    }

    private void resize() {
        Entry<V>[] old = table;
        Entry<V>[] grown = newTable(old.length * 2);
        for (Entry<V> head : old) {
            Entry<V> entry = head;
            while (entry != null) {
                Entry<V> next = entry.next;
                int index = entry.hash & (grown.length - 1);
                entry.next = grown[index];
                grown[index] = entry;
                entry = next;
            }
        }
        table = grown;
    }

    private static final class Entry<V> extends WeakReference<Object> {
        final int hash;
        V value;
        Entry<V> next;

        Entry(Object key, int hash, V value, Entry<V> next, ReferenceQueue<Object> queue) {
            super(key, queue);
            this.hash = hash;
            this.value = value;
            this.next = next;
        }
    }
}
