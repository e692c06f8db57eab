package dev.sonde.core.library;

import dev.sonde.core.feature.FeatureContext;
import dev.sonde.core.internal.Log;
import dev.sonde.core.weave.ScopePoint;
import dev.sonde.core.weave.ScopeTransformer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Starts each unit of library instrumentation that is on when the first class of its library loads
 * ({@link LibrariesFeature#startedBy}): until then a unit has no class, selector nor table of its own,
 * and the classes that load cost it a look at their names' beginnings. A program without the library
 * never starts the unit.
 *
 * <p>A unit that selects classes by their supertypes (a driver's statements, the program's servlets)
 * meets such a class before its library's first one when defining that class is what loads the library's
 * type (a statement class loaded before anything else of JDBC): once the unit starts, the loaded classes
 * it would have woven are retransformed, on a thread of the probe's (a class loading is no place to
 * retransform).
 *
 * <p>A prefix that ends with {@code /} starts its unit with any class of that package or below; any other
 * names one class exactly (not its nested classes: {@code ForkJoinPool$ManagedBlocker}, which every
 * lock's waiting loads, is not {@code ForkJoinPool}).
 */
final class UnitStarter implements ScopeTransformer.Arrivals {

    /** The prefixes that start a unit, as internal names and as binary names, and the unit each starts (an index into {@link #units}). */
    private final String[] prefixes;

    private final String[] binaryPrefixes;

    private final int[] unitOf;
    /** The candidates among the prefixes for the classes of each package met so far, by internal and binary name. */
    private final Map<String, int[]> internalPackages = new ConcurrentHashMap<>();

    private final Map<String, int[]> binaryPackages = new ConcurrentHashMap<>();
    private final String[] units;
    /** Which units have started (or failed to). Read without the lock: a stale false is checked again under it. */
    private final boolean[] started;
    /** How many units are still waiting; 0 makes every arrival a single read. */
    private volatile int waiting;

    /** When a started unit looks at the loaded classes it would have woven, first and last, after it starts. */
    static final long FIRST_LOOK_MILLIS = 20;

    static final long SECOND_LOOK_MILLIS = 500;

    private final LibrariesFeature feature;
    private FeatureContext context;
    private ScopeTransformer library;
    /** Started units whose loaded classes are still to be looked at. Guarded by this. */
    private final List<CatchUp> pending = new ArrayList<>();
    /** The thread looking, while there is something to look for. Guarded by this. */
    private Thread worker;
    /** Set as the session ends. Guarded by this. */
    private boolean stopped;

    UnitStarter(List<String> on, LibrariesFeature feature) {
        this.feature = feature;
        this.units = on.toArray(new String[0]);
        this.started = new boolean[units.length];
        int count = 0;
        for (String unit : units) {
            count += LibrariesFeature.startedBy(unit).length;
        }
        prefixes = new String[count];
        binaryPrefixes = new String[count];
        unitOf = new int[count];
        int next = 0;
        for (int unit = 0; unit < units.length; unit++) {
            for (String prefix : LibrariesFeature.startedBy(units[unit])) {
                prefixes[next] = prefix;
                binaryPrefixes[next] = prefix.replace('/', '.');
                unitOf[next++] = unit;
            }
        }
        waiting = units.length;
    }

    /** What a started unit's loaded classes are retransformed with: set once the transformers are made. */
    synchronized void transformers(FeatureContext context, ScopeTransformer library) {
        this.context = context;
        this.library = library;
    }

    @Override
    public void arrived(String internalName) {
        arrived(internalName, '/', prefixes, internalPackages);
    }

    @Override
    public void arrivedBefore(String binaryName) {
        arrived(binaryName, '.', binaryPrefixes, binaryPackages);
    }

    /**
     * Every class that loads comes by here, the thousand of a JDK's start among them, while the probe's code
     * is still interpreted: so a class is judged by its package, whose prefixes that may start a unit are
     * looked for once (most packages have none) and kept.
     */
    private void arrived(String name, char separator, String[] startingWith, Map<String, int[]> packages) {
        if (waiting == 0) {
            return;
        }
        int last = name.lastIndexOf(separator);
        String inPackage = last < 0 ? "" : name.substring(0, last + 1);
        int[] candidates = packages.get(inPackage);
        if (candidates == null) {
            candidates = candidates(inPackage, separator, startingWith);
            packages.put(inPackage, candidates);
        }
        for (int i : candidates) {
            String prefix = startingWith[i];
            if (!started[unitOf[i]]
                    && name.startsWith(prefix)
                    && (name.length() == prefix.length() || prefix.charAt(prefix.length() - 1) == separator)) {
                start(unitOf[i], name);
            }
        }
    }

    /** The prefixes that may start a unit with a class of this package: its own or its parents', or a class named in it. */
    private static int[] candidates(String inPackage, char separator, String[] startingWith) {
        int[] found = new int[startingWith.length];
        int count = 0;
        for (int i = 0; i < startingWith.length; i++) {
            String prefix = startingWith[i];
            boolean packagePrefix = prefix.charAt(prefix.length() - 1) == separator;
            if (packagePrefix
                    ? inPackage.startsWith(prefix)
                    : prefix.startsWith(inPackage) && prefix.indexOf(separator, inPackage.length()) < 0) {
                found[count++] = i;
            }
        }
        return java.util.Arrays.copyOf(found, count);
    }

    private void start(int unit, String by) {
        String name = units[unit];
        List<ScopePoint> added;
        synchronized (this) {
            if (started[unit]) {
                return;
            }
            started[unit] = true;
            waiting--;
        }
        try {
            added = feature.startUnit(name);
        } catch (Throwable e) {
            Log.warn("could not start the " + name + " unit; its library runs unobserved: " + e);
            return;
        }
        Log.debug("started the " + name + " unit, as " + by.replace('/', '.') + " loaded");
        if (!added.isEmpty()) {
            catchUp(name, added);
        }
    }

    /**
     * Has the loaded classes {@code added} would have woven retransformed, on a thread of the probe's
     * ({@code sonde-units}, started when there is such work and gone when it is done). The class whose
     * loading started the unit is most often one of them, and still being defined as the unit starts: the
     * thread looks a moment later, and once more after {@link #SECOND_LOOK_MILLIS}, for a class defined
     * slowly (each look passes over the classes woven already).
     */
    private void catchUp(String unit, List<ScopePoint> added) {
        synchronized (this) {
            if (context == null || stopped) {
                return; // still starting (the transformers' first look at the loaded classes comes after), or ended
            }
            pending.add(new CatchUp(unit, added));
            if (worker != null) {
                return;
            }
            worker = new Thread(
                    new Runnable() {
                        @Override
                        public void run() {
                            catchUps();
                        }
                    },
                    "sonde-units");
            worker.setDaemon(true);
            worker.start();
        }
    }

    /** A started unit's points, to look for among the loaded classes. */
    private static final class CatchUp {
        final String unit;
        final List<ScopePoint> added;

        CatchUp(String unit, List<ScopePoint> added) {
            this.unit = unit;
            this.added = added;
        }
    }

    /** What the worker does: the units started so far, looked for twice, until none is left. */
    private void catchUps() {
        try {
            while (true) {
                Thread.sleep(FIRST_LOOK_MILLIS);
                List<CatchUp> batch;
                synchronized (this) {
                    batch = new ArrayList<>(pending);
                    pending.clear();
                }
                look(batch, "");
                Thread.sleep(SECOND_LOOK_MILLIS - FIRST_LOOK_MILLIS);
                look(batch, ", a second look");
                synchronized (this) {
                    if (pending.isEmpty() || stopped) {
                        worker = null;
                        return;
                    }
                }
            }
        } catch (InterruptedException e) {
            synchronized (this) {
                worker = null;
            }
        }
    }

    private void look(List<CatchUp> batch, String which) {
        for (CatchUp catchUp : batch) {
            FeatureContext reweaving;
            synchronized (this) {
                if (stopped) {
                    return;
                }
                reweaving = context;
            }
            try {
                reweaving.reweave(
                        library, library.selecting(catchUp.added), "the " + catchUp.unit + " unit started" + which);
            } catch (Throwable e) {
                Log.warn("could not weave the classes loaded before the " + catchUp.unit + " unit started: " + e);
            }
        }
    }

    /**
     * Ends the looking: no class is retransformed for a started unit from now on, and the worker, if any,
     * is gone once this returns (or a second later at most).
     */
    void stop() {
        Thread running;
        synchronized (this) {
            stopped = true;
            running = worker;
        }
        if (running != null) {
            running.interrupt();
            try {
                running.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
