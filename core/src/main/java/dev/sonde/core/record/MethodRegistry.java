package dev.sonde.core.record;

import dev.sonde.core.snapshot.LeftOutMethods;
import dev.sonde.core.snapshot.UntimedMethods;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Hands out the small integer ids that woven code passes to the bridge, and keeps the statistics of
 * the methods that were called.
 *
 * <p>The same method always gets the same id, so re-weaving (retransformation, a second copy of a
 * class in another loader) adds to one row. An id costs only its name until the method is first
 * called; statistics are then made for it, for at most {@code maxMethods} methods (the setting
 * {@code max.methods}). A method first called past that cap stays untimed: its calls are counted in
 * total, and the report says how many such methods there were and in which packages.
 */
public final class MethodRegistry {

    public static final int FULL = -1;
    /** Ids share an int with two flag bits in the per-thread buffers; far more than any program weaves. */
    public static final int MAX_WOVEN = 1 << 24;
    /** Packages named in the report for untimed methods; more are folded into one count. */
    static final int MAX_UNTIMED_PACKAGES = 1000;
    /** Classes whose small methods left out are counted one by one (so that a class woven again counts once). */
    static final int MAX_LEFT_OUT_CLASSES = 100_000;

    /**
     * Given to a method called past the cap: records nothing. Made when first asked for, not with the
     * registry: the statistics classes (and the histogram library behind them) are then loaded off the
     * program's start (see {@link Recorder#preload}).
     */
    static MethodStats untimedStats() {
        return Untimed.STATS;
    }

    private static final class Untimed {
        static final MethodStats STATS = new MethodStats(new MethodKey("", "", ""), new MethodStats.FlatBudget());
    }

    private int maxMethods;
    private final Map<MethodKey, Integer> ids = new HashMap<>();
    private MethodKey[] keys = new MethodKey[64];
    /** Indexed by id; replaced, never changed in place, when it grows. Guarded by this registry for writes. */
    private volatile MethodStats[] stats = new MethodStats[64];

    private int size;
    private int timed;
    private int untimedMethods;
    private long untimedCalls;
    private final Map<String, int[]> untimedByPackage = new TreeMap<>();
    private int untimedInOtherPackages;
    /** Classes that had methods left out as too small, with how many; at most {@link #MAX_LEFT_OUT_CLASSES}. */
    private final Map<String, Integer> leftOutByClass = new HashMap<>();
    /** Small methods left out in classes past that cap. */
    private int leftOutInUncountedClasses;

    private String leftOutRule = "";
    /**
     * The counter of each method woven with both paths, by id, given as it is registered: counters are
     * numbered from 0, so that a thread's array of counts is as long as the highest counter it counted
     * under, not as the highest method id.
     */
    private final Map<Integer, Integer> counterById = new HashMap<>();

    private int counters;
    /** Methods in the counted tier now; a method taken back to the timed tier keeps its counter. */
    private final java.util.BitSet countedNow = new java.util.BitSet();

    private boolean countFromStart;
    private boolean bothPaths;
    /**
     * By counter: whether a method woven with both paths is timed now (else counted). Read at each call of
     * such a method without a lock (a call that starts just before a change is counted, the next one
     * timed, or the other way round: the call is recorded either way); written under this registry's lock,
     * and published again after each write (a volatile write) so that callers see it at their next read.
     */
    volatile boolean[] timedCounters = new boolean[0];
    /** Most methods woven with both paths (8 bytes per counter in each thread that counts them all). */
    public static final int MAX_COUNTED = 65_536;

    private final MethodStats.FlatBudget flatBudget = new MethodStats.FlatBudget();

    public MethodRegistry(int maxMethods) {
        this.maxMethods = maxMethods;
    }

    /** The id of a method about to be woven; {@link #FULL} when {@value #MAX_WOVEN} methods are woven already. */
    public synchronized int register(MethodKey key) {
        return register(key, false);
    }

    /**
     * The same; {@code pinned} when a selector names the method exactly: it stays timed whatever its
     * calls look like, never moved to the counted tier.
     */
    public synchronized int register(MethodKey key, boolean pinned) {
        Integer known = ids.get(key);
        if (known != null) {
            if (pinned && !this.pinned.get(known)) {
                this.pinned.set(known);
                if (countedNow.get(known)) {
                    // named exactly in another loader's copy: timed, like every method named exactly
                    countedNow.clear(known);
                    flag(counterById.get(known), true);
                }
            }
            return known;
        }
        if (size >= MAX_WOVEN) {
            return FULL;
        }
        int id = size++;
        if (id == keys.length) {
            MethodKey[] grownKeys = new MethodKey[keys.length * 2];
            System.arraycopy(keys, 0, grownKeys, 0, keys.length);
            keys = grownKeys;
            MethodStats[] grown = new MethodStats[keys.length];
            System.arraycopy(stats, 0, grown, 0, id);
            stats = grown;
        }
        keys[id] = key;
        ids.put(key, id);
        if (pinned) {
            this.pinned.set(id);
        } else if (bothPaths && counters < MAX_COUNTED) {
            int counter = counters++;
            counterById.put(id, counter);
            if (countFromStart) {
                countedNow.set(id);
            } else {
                flag(counter, true);
            }
        }
        return id;
    }

    /** Sets the flag that says whether the method of {@code counter}, woven with both paths, is timed. */
    private void flag(int counter, boolean timed) {
        boolean[] flags = timedCounters;
        if (counter >= flags.length) {
            flags = java.util.Arrays.copyOf(flags, Math.max(counter + 1, Math.max(64, flags.length * 2)));
        }
        flags[counter] = timed;
        timedCounters = flags; // published again: callers read the flag after a volatile read
    }

    /** Ids of the methods a selector names exactly: never moved to the counted tier. */
    private final java.util.BitSet pinned = new java.util.BitSet();

    /**
     * Moves a method woven with both paths to the counted tier: its calls are counted, not timed, from
     * its next call. False, and nothing done, when it is pinned, counted already, or woven to be timed
     * only (named exactly, or registered past the {@value #MAX_COUNTED} counters).
     */
    public synchronized boolean moveToCounted(int id) {
        Integer counter = counterById.get(id);
        if (counter == null || pinned.get(id) || countedNow.get(id)) {
            return false;
        }
        countedNow.set(id);
        flag(counter, false);
        return true;
    }

    /**
     * Takes a method of the counted tier back to the timed tier for good, from its next call: its calls
     * proved long enough for timing to cost little. What its counter counted stays in its count.
     */
    public synchronized void promoteToTimed(int id) {
        Integer counter = counterById.get(id);
        if (counter == null || !countedNow.get(id)) {
            return;
        }
        countedNow.clear(id);
        pinned.set(id);
        flag(counter, true);
    }

    /**
     * Whether a method is woven with both paths, counted or timed as its flag says (see
     * {@link #bothPaths}), so that moving it between the tiers weaves nothing again.
     */
    public synchronized boolean isSwitchable(int id) {
        return counterById.containsKey(id);
    }

    /**
     * Methods registered from now on (unless a selector names them exactly), up to {@value #MAX_COUNTED}
     * of them, are woven with both paths and given a counter at once: moving them between the tiers
     * then changes a flag, and the JVM keeps the compiled code of their classes. They start timed, or
     * counted with {@link #countFromStart}.
     */
    public synchronized void bothPaths(boolean on) {
        bothPaths = on;
    }

    /**
     * Methods registered from now on with both paths ({@link #bothPaths}) start in the counted tier: a
     * whole program counted, and timed only where calls prove long.
     */
    public synchronized void countFromStart(boolean on) {
        countFromStart = on;
        if (on) {
            bothPaths = true;
        }
    }

    /** Whether a selector names a method exactly. */
    public synchronized boolean isPinned(int id) {
        return pinned.get(id);
    }

    /** Whether a method is in the counted tier. */
    public synchronized boolean isCounted(int id) {
        return countedNow.get(id);
    }

    /** The id of a registered method, or -1: how stack samples find the methods they saw. */
    public synchronized int idOf(MethodKey key) {
        Integer id = ids.get(key);
        return id == null ? -1 : id;
    }

    /** The counter a method was ever given, counted now or not (its counts stay its own), or -1. */
    public synchronized int counterEverGiven(int id) {
        Integer counter = counterById.get(id);
        return counter == null ? -1 : counter;
    }

    /** How many methods were woven (ids handed out). */
    public synchronized int size() {
        return size;
    }

    /** The method behind an id. */
    public synchronized MethodKey key(int id) {
        return keys[id];
    }

    public synchronized int maxMethods() {
        return maxMethods;
    }

    /** Sets the cap on methods with statistics; methods that already have some keep them. */
    public synchronized void maxMethods(int cap) {
        this.maxMethods = cap;
    }

    /** The statistics table; a null entry is a method not called yet. */
    MethodStats[] table() {
        return stats;
    }

    /**
     * The statistics of a method called for the first time: new ones while fewer than {@code maxMethods}
     * methods have some, else {@link #untimedStats()}. Called by the recorder, under its lock.
     */
    synchronized MethodStats firstCall(int id) {
        MethodStats[] table = stats;
        MethodStats known = table[id];
        if (known != null) {
            return known;
        }
        MethodStats made;
        if (timed < maxMethods) {
            made = new MethodStats(keys[id], flatBudget);
            timed++;
        } else {
            made = untimedStats();
            untimedMethods++;
            String pkg = keys[id].packageName();
            int[] count = untimedByPackage.get(pkg);
            if (count == null && untimedByPackage.size() < MAX_UNTIMED_PACKAGES) {
                count = new int[1];
                untimedByPackage.put(pkg, count);
            }
            if (count != null) {
                count[0]++;
            } else {
                untimedInOtherPackages++;
            }
        }
        table[id] = made;
        return made;
    }

    /**
     * Notes that weaving left out {@code methods} of class {@code className} as too small to time;
     * a class woven again replaces its earlier count. {@code rule} says what "too small" means.
     */
    public synchronized void leftOut(String className, int methods, String rule) {
        leftOutRule = rule;
        if (leftOutByClass.containsKey(className) || leftOutByClass.size() < MAX_LEFT_OUT_CLASSES) {
            if (methods > 0) {
                leftOutByClass.put(className, methods);
            } else {
                leftOutByClass.remove(className);
            }
        } else {
            leftOutInUncountedClasses += methods;
        }
    }

    /** The methods left out as too small, by package, for the report. */
    public synchronized LeftOutMethods leftOut() {
        Map<String, Integer> byPackage = new TreeMap<>();
        int total = leftOutInUncountedClasses;
        int inOtherPackages = leftOutInUncountedClasses;
        for (Map.Entry<String, Integer> entry : leftOutByClass.entrySet()) {
            String className = entry.getKey();
            int dot = className.lastIndexOf('.');
            String pkg = dot < 0 ? "" : className.substring(0, dot);
            int methods = entry.getValue();
            total += methods;
            Integer known = byPackage.get(pkg);
            if (known != null || byPackage.size() < MAX_UNTIMED_PACKAGES) {
                byPackage.put(pkg, (known == null ? 0 : known) + methods);
            } else {
                inOtherPackages += methods;
            }
        }
        return new LeftOutMethods(total, byPackage, inOtherPackages, leftOutRule);
    }

    /** Counts a call of a method that has no statistics; called under the recorder's lock. */
    void untimedCall() {
        untimedCalls++;
    }

    /** What the cap left out, for the report. */
    public synchronized UntimedMethods untimed() {
        Map<String, Integer> byPackage = new TreeMap<>();
        for (Map.Entry<String, int[]> entry : untimedByPackage.entrySet()) {
            byPackage.put(entry.getKey(), entry.getValue()[0]);
        }
        return new UntimedMethods(maxMethods, untimedMethods, untimedCalls, byPackage, untimedInOtherPackages);
    }
}
