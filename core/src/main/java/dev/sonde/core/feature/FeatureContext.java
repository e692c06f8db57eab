package dev.sonde.core.feature;

import dev.sonde.core.config.Settings;
import dev.sonde.core.record.MethodRegistry;
import dev.sonde.core.record.Recorder;
import dev.sonde.core.weave.WeavingTransformer;
import java.lang.instrument.UnmodifiableClassException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * What the probe gives a feature that starts: its settings, the recorder woven code reports to, and the
 * one way to weave, which keeps track of what was woven so that stopping can restore it.
 */
public interface FeatureContext {

    Settings settings();

    /** The ids of timed methods, and their statistics. */
    MethodRegistry methods();

    /** Behind the bridge: every thread's stack of timed calls. */
    Recorder recorder();

    /**
     * Adds a transformer and retransforms the classes already loaded that it may weave; {@code purpose}
     * says what for, in messages ("timing", "tracing"). Removed, and its classes restored, at stop.
     */
    void weave(WeavingTransformer transformer, String purpose);

    /**
     * Retransforms the loaded classes {@code which} chooses (among those {@code transformer} may weave at
     * all), so that it weaves them as it now would: once it has more to weave. {@code purpose} says what
     * for, in messages.
     */
    void reweave(WeavingTransformer transformer, Predicate<Class<?>> which, String purpose);

    /** Retransforms loaded classes now (for the tracer, which weaves callees as calls reach them). */
    void retransform(Class<?>... classes) throws UnmodifiableClassException;

    /** Whether a loaded class can be retransformed at all. */
    boolean isModifiable(Class<?> type);

    /** Makes a named module whose class was woven read the bridge's module. */
    Consumer<Module> bridgeReader();

    /** Where report and trace files go, and the permissions they are created with. */
    Path reportDirectory();

    Set<PosixFilePermission> reportPermissions();
}
