package dev.sonde.core.weave;

import dev.sonde.core.internal.Log;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Weaves scopes around the library methods that a set of {@link ScopePoint}s selects: what a unit of
 * library instrumentation (JDBC, Redis, HTTP) gives the engine. A method selected by two points gets
 * the first one's.
 */
public final class ScopeTransformer extends WeavingTransformer {

    private final List<ScopePoint> points;
    private final TypeHierarchy hierarchy = TypeHierarchy.shared();

    public ScopeTransformer(List<ScopePoint> points, Consumer<Module> bridgeReader) {
        super(bridgeReader, "could not weave the scopes into ");
        this.points = List.copyOf(points);
    }

    /**
     * False: the scopes are woven into the libraries a program brings and its own classes (a driver, a
     * container, a handler), never into the JDK's own modules, whose thousand classes loaded before the
     * program starts are then passed over by their module alone.
     */
    @Override
    public boolean mayWeaveJdkModules() {
        return false;
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

    @Override
    protected byte[] weave(ClassLoader loader, String dottedName, byte[] bytes) {
        Map<String, ScopePoint> chosen = new HashMap<>();
        for (ScopePoint point : points) {
            if (!point.methods().mayMatchClassNamed(dottedName)) {
                continue;
            }
            for (ClassScan.ScannedMethod method :
                    SelectedMethods.of(point.methods(), hierarchy, loader, bytes, dottedName)) {
                if (!method.name().startsWith("<")) {
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
