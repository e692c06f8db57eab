package dev.sonde.core.weave;

import dev.sonde.core.internal.Log;
import dev.sonde.core.selector.MethodSelection;
import dev.sonde.core.selector.TypeView;
import java.util.ArrayDeque;
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

    private final List<ScopePoint> points;
    private final TypeHierarchy hierarchy = TypeHierarchy.shared();

    private final boolean jdkModules;

    /** Scopes woven into libraries and the program's own classes, never into the JDK's own modules. */
    public ScopeTransformer(List<ScopePoint> points, Consumer<Module> bridgeReader) {
        this(points, bridgeReader, false);
    }

    /**
     * With {@code jdkModules}, the points may also choose classes of the JDK's own modules that their
     * selectors name by package ({@code java.util.concurrent.FutureTask#run}): the executors unit's.
     */
    public ScopeTransformer(List<ScopePoint> points, Consumer<Module> bridgeReader, boolean jdkModules) {
        super(bridgeReader, "could not weave the scopes into ");
        this.points = List.copyOf(points);
        this.jdkModules = jdkModules;
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
        String name = type.getName();
        if (!mayWeave(name)) {
            return false;
        }
        TypeView view = new LoadedType(type);
        for (ScopePoint point : points) {
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
