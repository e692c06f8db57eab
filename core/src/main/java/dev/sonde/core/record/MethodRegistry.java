package dev.sonde.core.record;

import java.util.HashMap;
import java.util.Map;

/**
 * Hands out the small integer ids that woven code passes to the bridge. The same method always gets
 * the same id, so re-weaving (retransformation, a second copy of a class in another loader) adds to
 * one row. At most {@code cap} methods; past it {@link #register} answers {@link #FULL}.
 */
public final class MethodRegistry {

    public static final int FULL = -1;

    private final int cap;
    private final Map<MethodKey, Integer> ids = new HashMap<>();
    private MethodStats[] stats = new MethodStats[64];
    private int size;
    private final MethodStats.FlatBudget flatBudget = new MethodStats.FlatBudget();
    private boolean capReached;

    public MethodRegistry(int cap) {
        this.cap = cap;
    }

    public synchronized int register(MethodKey key) {
        Integer known = ids.get(key);
        if (known != null) {
            return known;
        }
        if (size >= cap) {
            capReached = true;
            return FULL;
        }
        int id = size++;
        if (id == stats.length) {
            MethodStats[] grown = new MethodStats[stats.length * 2];
            System.arraycopy(stats, 0, grown, 0, stats.length);
            stats = grown;
        }
        stats[id] = new MethodStats(key, flatBudget);
        ids.put(key, id);
        return id;
    }

    public synchronized int size() {
        return size;
    }

    /** Whether some selected method was refused an id because the cap was reached. */
    public synchronized boolean capReached() {
        return capReached;
    }

    public int cap() {
        return cap;
    }

    /** The stats table; ids handed out so far index into it, and later growth copies it rather than changing it. */
    synchronized MethodStats[] table() {
        return stats;
    }
}
