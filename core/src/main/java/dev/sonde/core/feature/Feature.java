package dev.sonde.core.feature;

import dev.sonde.core.config.Setting;
import dev.sonde.core.config.Settings;
import dev.sonde.core.snapshot.Snapshot;
import java.util.List;

/**
 * One capability of the probe (timing, the bytecode tracer, and next the libraries, the page, the
 * exporters), found through {@link java.util.ServiceLoader}: it declares its settings and command-line
 * options where it is defined, starts when its settings ask for it, adds what it recorded to the
 * snapshot every output reads, and stops. The probe never names a feature.
 *
 * <p>A feature weaves only through its {@link FeatureContext}, so that stopping it removes its
 * transformers and gives every class it wove its original bytes back.
 */
public interface Feature {

    /** A short name, as the README's settings tables and the log say it: {@code timing}, {@code tracing}. */
    String name();

    /** The settings it reads, in the order the README lists them. */
    List<Setting<?>> settings();

    /** The command-line options that give those settings a value. */
    List<Option> options();

    /** Whether the settings ask for this feature at all (a selector given, say). */
    boolean wanted(Settings settings);

    /** Starts: installs what it records into, weaves through the context. A failure leaves the program alone. */
    void start(FeatureContext context) throws Exception;

    /**
     * Whether it has a part in the report written at exit, asked as the session ends: the tracer writes its
     * own files instead; the libraries have one once a library of theirs showed up.
     */
    boolean reports();

    /**
     * Whether it writes files of its own instead of the report (the tracer): with no feature that reports,
     * the report written at exit is left out only when one does. False by default.
     */
    default boolean writesOwnFiles() {
        return false;
    }

    /** Adds what it recorded so far to a snapshot being made. */
    void contribute(Snapshot.Builder snapshot);

    /** Called once, as the session ends (the JVM exits, or the probe stops), before the last snapshot. */
    void finish();

    /** Undoes what {@link #start} installed beyond its transformers (the context removes those): sinks, threads. */
    void stop();
}
