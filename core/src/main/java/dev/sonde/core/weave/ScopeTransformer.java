package dev.sonde.core.weave;

import dev.sonde.core.internal.Log;
import dev.sonde.core.selector.MethodSelection;
import dev.sonde.core.selector.TypeView;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Weaves scopes around the library methods that a set of {@link ScopePoint}s selects: what a unit of
 * library instrumentation (JDBC, Redis, HTTP) gives the engine. A method selected by two points gets
 * the first one's.
 */
public final class ScopeTransformer extends WeavingTransformer {

    /** Told of each class as it loads or was loaded: what starts a unit when its library shows up. */
    public interface Arrivals {
        /** A class as it loads, by its internal name ({@code java/sql/Driver}); called for every class, so quick. */
        void arrived(String internalName);

        /** A class loaded before, by its binary name ({@code java.sql.Driver}). */
        void arrivedBefore(String binaryName);
    }

    /** The points so far, replaced whole as more are added. */
    private volatile ScopePoint[] points;
    /**
     * The names of the only classes the points can choose, when every point names its classes exactly
     * (the JDK's classes are then judged by a set's look-up); null otherwise.
     */
    private volatile Set<String> exactNames;

    private final TypeHierarchy hierarchy = TypeHierarchy.shared();

    private final boolean jdkModules;
    private final Arrivals arrivals;

    /** Scopes woven into libraries and the program's own classes, never into the JDK's own modules. */
    public ScopeTransformer(List<ScopePoint> points, Consumer<Module> bridgeReader) {
        this(points, bridgeReader, false);
    }

    /**
     * With {@code jdkModules}, the points may also choose classes of the JDK's own modules that their
     * selectors name by package ({@code java.util.concurrent.FutureTask#run}): the executors unit's.
     */
    public ScopeTransformer(List<ScopePoint> points, Consumer<Module> bridgeReader, boolean jdkModules) {
        this(points, bridgeReader, jdkModules, null);
    }

    /**
     * The same, with {@code arrivals} told of every class as it loads and of those loaded before: points
     * may then be {@linkplain #add added} as their library shows up.
     */
    public ScopeTransformer(
            List<ScopePoint> points, Consumer<Module> bridgeReader, boolean jdkModules, Arrivals arrivals) {
        super(bridgeReader, "could not weave the scopes into ");
        this.points = new ScopePoint[0];
        this.jdkModules = jdkModules;
        this.arrivals = arrivals;
        add(points);
    }

    /**
     * Adds points, which the classes that load from now on are woven with; classes already loaded are
     * woven with them only when retransformed ({@link #selecting} chooses which).
     */
    public synchronized void add(List<ScopePoint> more) {
        ScopePoint[] grown = Arrays.copyOf(points, points.length + more.size());
        Set<String> names =
                points.length == 0 ? new HashSet<>() : exactNames == null ? null : new HashSet<>(exactNames);
        for (int i = 0; i < more.size(); i++) {
            ScopePoint point = more.get(i);
            grown[points.length + i] = point;
            Set<String> exact = point.methods().exactClassNames();
            if (names != null && exact != null) {
                names.addAll(exact);
            } else {
                names = null;
            }
        }
        exactNames = names;
        points = grown;
    }

    /** Whether there is any point yet, or, told of arrivals, whether one may still come: then the loaded classes are looked at. */
    @Override
    public boolean mayWeaveAny() {
        return points.length > 0 || arrivals != null;
    }

    @Override
    protected void loading(String internalName) {
        if (arrivals != null) {
            arrivals.arrived(internalName);
        }
    }

    @Override
    public void loaded(Class<?> type) {
        if (arrivals != null) {
            arrivals.arrivedBefore(type.getName());
        }
    }

    /**
     * False unless asked: the scopes are woven into the libraries a program brings and its own classes (a
     * driver, a container, a handler), not into the JDK's own modules, whose thousand classes loaded before
     * the program starts are then passed over by their module alone.
     */
    @Override
    public boolean mayWeaveJdkModules() {
        return jdkModules;
    }

    @Override
    protected boolean mayWeaveNamed(String dottedName) {
        Set<String> exact = exactNames;
        if (exact != null) {
            return exact.contains(dottedName);
        }
        for (ScopePoint point : points) {
            if (point.methods().mayMatchClassNamed(dottedName)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A loaded class is retransformed only when some point's selectors choose it by its supertypes, read
     * from the class itself: a {@code java.util.concurrent.Executor+} point would otherwise retransform
     * every class of {@code java.util.concurrent} loaded before the probe, for nothing. Points whose
     * selectors name class annotations are judged by name alone (a loaded class shows only the annotations
     * kept at run time).
     */
    @Override
    public boolean mayWeaveLoaded(Class<?> type) {
        return mayWeaveLoaded(type, points);
    }

    /**
     * Chooses the loaded classes that some of {@code added} may weave and this transformer has not woven:
     * those to retransform once points are added.
     */
    public Predicate<Class<?>> selecting(List<ScopePoint> added) {
        ScopePoint[] chosen = added.toArray(new ScopePoint[0]);
        return new Predicate<Class<?>>() {
            @Override
            public boolean test(Class<?> type) {
                return !wovenClasses().contains(type.getName()) && mayWeaveLoaded(type, chosen);
            }
        };
    }

    private boolean mayWeaveLoaded(Class<?> type, ScopePoint[] among) {
        String name = type.getName();
        if (!mayWeave(name)) {
            return false;
        }
        TypeView view = new LoadedType(type);
        for (ScopePoint point : among) {
            MethodSelection methods = point.methods();
            if (methods.mayMatchClassNamed(name)
                    && (methods.readsClassAnnotations() || methods.forType(view) != null)) {
                return true;
            }
        }
        return false;
    }

    /** A loaded class as a selector sees it: its name, its run-time annotations, its supertypes. */
    private static final class LoadedType implements TypeView {
        private final Class<?> type;

        LoadedType(Class<?> type) {
            this.type = type;
        }

        @Override
        public String name() {
            return type.getName();
        }

        @Override
        public Set<String> annotations() {
            Set<String> names = new HashSet<>();
            for (java.lang.annotation.Annotation annotation : type.getDeclaredAnnotations()) {
                names.add(annotation.annotationType().getName());
            }
            return names;
        }

        @Override
        public boolean selfOrSupertype(Predicate<String> nameTest) {
            Deque<Class<?>> pending = new ArrayDeque<>();
            Set<Class<?>> seen = new HashSet<>();
            pending.add(type);
            while (!pending.isEmpty()) {
                Class<?> next = pending.poll();
                if (!seen.add(next)) {
                    continue;
                }
                if (nameTest.test(next.getName())) {
                    return true;
                }
                if (next.getSuperclass() != null) {
                    pending.add(next.getSuperclass());
                }
                for (Class<?> each : next.getInterfaces()) {
                    pending.add(each);
                }
            }
            return false;
        }
    }

    @Override
    protected byte[] weave(ClassLoader loader, String dottedName, byte[] bytes) {
        Map<String, ScopePoint> chosen = new HashMap<>();
        for (ScopePoint point : points) {
            if (!point.methods().mayMatchClassNamed(dottedName)) {
                continue;
            }
            for (ClassScan.ScannedMethod method :
                    SelectedMethods.of(point.methods(), hierarchy, loader, bytes, dottedName)) {
                if (!method.name().startsWith("<") && (method.isPublic() || !point.publicOnly())) {
                    chosen.putIfAbsent(method.name() + method.descriptor(), point);
                }
            }
        }
        if (chosen.isEmpty()) {
            return null;
        }
        byte[] woven = ScopeWeaver.weave(bytes, dottedName, chosen);
        Log.debug("wove " + chosen.size() + " scope(s) into " + dottedName);
        return woven;
    }
}
