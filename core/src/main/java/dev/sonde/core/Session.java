package dev.sonde.core;

import dev.sonde.bootstrap.Bridge;
import dev.sonde.core.config.Settings;
import dev.sonde.core.feature.Feature;
import dev.sonde.core.feature.FeatureContext;
import dev.sonde.core.feature.Features;
import dev.sonde.core.internal.Log;
import dev.sonde.core.internal.Pid;
import dev.sonde.core.record.MethodRegistry;
import dev.sonde.core.record.Recorder;
import dev.sonde.core.report.ReportWriter;
import dev.sonde.core.snapshot.RunInfo;
import dev.sonde.core.snapshot.Snapshot;
import dev.sonde.core.weave.LoadedClasses;
import dev.sonde.core.weave.TypeHierarchy;
import dev.sonde.core.weave.WeavingTransformer;
import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * One probe session in a JVM, from start to end: the features its settings ask for, the recorder
 * behind the bridge, every transformer the features added. Ending it finishes the features and writes
 * the report; stopping it as well removes the transformers and gives every woven class its original
 * bytes back, so that the JVM runs on as if the probe had not been there.
 *
 * <p>No lambdas or method references: this runs in the program's JVM, where bootstrapping the lambda
 * machinery would cost start-up time the program never asked for.
 */
final class Session implements FeatureContext {

    private final Instrumentation instrumentation;
    private final Settings settings;
    private final Features features;
    private final Instant startTime = Instant.now();
    private final long startNanos = System.nanoTime();
    private final MethodRegistry registry = new MethodRegistry(Integer.MAX_VALUE);
    private final Recorder recorder;
    private final ReportWriter reports;
    private final List<Feature> started = new ArrayList<>();
    private final List<WeavingTransformer> transformers = new ArrayList<>();
    private final Set<Module> modulesReadingBridge = ConcurrentHashMap.newKeySet();
    private final Consumer<Module> bridgeReader = new Consumer<Module>() {
        @Override
        public void accept(Module module) {
            letModuleReadBridge(module);
        }
    };
    private boolean ended;
    private final Runnable warmup = new Runnable() {
        private boolean started;

        @Override
        public synchronized void run() {
            if (!started) {
                started = true;
                Warmup.start(recorder);
            }
        }
    };

    Session(Instrumentation instrumentation, Settings settings, Features features) {
        this.instrumentation = instrumentation;
        this.settings = settings;
        this.features = features;
        this.recorder = new Recorder(registry, settings.get(ProbeSettings.MAX_THREADS));
        this.reports = new ReportWriter(
                settings.get(ProbeSettings.REPORT_DIR),
                settings.get(ProbeSettings.REPORT_TABLE),
                settings.get(ProbeSettings.REPORT_ROWS),
                System.err,
                settings.get(ProbeSettings.REPORT_PERMISSIONS));
    }

    /** Starts every feature the settings ask for; a feature that fails to start is said once and left out. */
    void start() {
        reports.prepareDirectory();
        recorder.activate();
        Bridge.install(recorder);
        for (Feature feature : features.all()) {
            if (!feature.wanted(settings)) {
                continue;
            }
            try {
                feature.start(this);
                started.add(feature);
            } catch (Exception | LinkageError e) {
                Log.warn("the " + feature.name() + " feature could not start; the program runs without it: " + e);
            }
        }
        if (started.isEmpty()) {
            Log.warn("no methods selected; give selectors with the setting 'time' (see the README)");
        }
    }

    /**
     * Ends the session: each feature finishes, then the report is written, if a feature has a part in
     * it. Runs once; the JVM's exit and a stop both call it.
     */
    synchronized void end() {
        if (ended) {
            return;
        }
        ended = true;
        recorder.quietly(new Runnable() {
            @Override
            public void run() {
                for (Feature feature : started) {
                    try {
                        feature.finish();
                    } catch (RuntimeException | LinkageError e) {
                        Log.warn("the " + feature.name() + " feature could not finish: " + e);
                    }
                }
                if (reportWanted()) {
                    report();
                }
                if (Log.isVerbose()) {
                    Log.debug("type hierarchy: " + TypeHierarchy.shared().describe());
                }
            }
        });
    }

    /**
     * Ends the session, then takes the probe out: transformers removed, every class they wove
     * retransformed to its original bytes, the bridge back to doing nothing, the features' own threads
     * and sinks stopped.
     */
    synchronized void stop() {
        end();
        for (WeavingTransformer transformer : transformers) {
            instrumentation.removeTransformer(transformer);
        }
        for (WeavingTransformer transformer : transformers) {
            restore(transformer);
        }
        Bridge.install(null);
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).stop();
            } catch (RuntimeException | LinkageError e) {
                Log.warn("the " + started.get(i).name() + " feature could not stop: " + e);
            }
        }
        recorder.deactivate();
    }

    /** The snapshot every output reads: each started feature's part, and what the recorder lost. */
    Snapshot snapshot() {
        RunInfo run = new RunInfo(
                Pid.current(),
                command(),
                System.getProperty("java.version"),
                startTime,
                System.nanoTime() - startNanos);
        Snapshot.Builder snapshot = Snapshot.builder(run);
        for (Feature feature : started) {
            feature.contribute(snapshot);
        }
        return snapshot.lostCalls(recorder.lostCalls()).build();
    }

    /** Whether to write the report: when a feature has a part in it, or when none writes files of its own. */
    private boolean reportWanted() {
        for (Feature feature : started) {
            if (feature.reports()) {
                return true;
            }
        }
        for (Feature feature : started) {
            if (feature.writesOwnFiles()) {
                return false;
            }
        }
        return true;
    }

    private void report() {
        try {
            reports.write(snapshot());
        } catch (Throwable e) {
            Log.warn("could not write the report: " + e);
        }
    }

    private void restore(WeavingTransformer transformer) {
        List<Class<?>> classes = loadedClassesNamed(transformer.wovenClasses());
        for (Class<?> type : classes) {
            try {
                instrumentation.retransformClasses(type);
            } catch (Throwable e) {
                Log.warn("could not give " + type.getName() + " its original bytes back: " + e);
            }
        }
        Log.debug("gave " + classes.size() + " class(es) their original bytes back");
    }

    @Override
    public Settings settings() {
        return settings;
    }

    @Override
    public MethodRegistry methods() {
        return registry;
    }

    @Override
    public Recorder recorder() {
        return recorder;
    }

    @Override
    public void weave(WeavingTransformer transformer, String purpose) {
        transformers.add(transformer);
        // the warm-up only once there is timed code to run: a program the selectors leave alone does
        // not pay for it
        transformer.onFirstWeave(warmup);
        instrumentation.addTransformer(transformer, true);
        if (!transformer.mayWeaveAny()) {
            return; // nothing to weave yet: what it takes on later, it weaves as classes load
        }
        int retransformed = LoadedClasses.retransform(
                instrumentation,
                transformer,
                new Predicate<Class<?>>() {
                    @Override
                    public boolean test(Class<?> type) {
                        return transformer.mayWeaveLoaded(type);
                    }
                },
                purpose);
        Log.debug("retransformed " + retransformed + " class(es) loaded before " + purpose + " started");
    }

    @Override
    public void reweave(WeavingTransformer transformer, Predicate<Class<?>> which, String purpose) {
        int retransformed = LoadedClasses.retransform(instrumentation, transformer, which, purpose);
        Log.debug("retransformed " + retransformed + " class(es) loaded before " + purpose);
    }

    @Override
    public void retransform(Class<?>... classes) throws UnmodifiableClassException {
        instrumentation.retransformClasses(classes);
    }

    /** The loaded classes, in any loader, with one of these binary names and that can be woven again. */
    private List<Class<?>> loadedClassesNamed(Set<String> names) {
        List<Class<?>> classes = new ArrayList<>();
        for (Class<?> loaded : instrumentation.getAllLoadedClasses()) {
            if (names.contains(loaded.getName()) && instrumentation.isModifiableClass(loaded)) {
                classes.add(loaded);
            }
        }
        return classes;
    }

    @Override
    public boolean isModifiable(Class<?> type) {
        return instrumentation.isModifiableClass(type);
    }

    @Override
    public Consumer<Module> bridgeReader() {
        return bridgeReader;
    }

    @Override
    public Path reportDirectory() {
        return settings.get(ProbeSettings.REPORT_DIR);
    }

    @Override
    public Set<PosixFilePermission> reportPermissions() {
        return settings.get(ProbeSettings.REPORT_PERMISSIONS);
    }

    private void letModuleReadBridge(Module module) {
        if (modulesReadingBridge.add(module)) {
            Module bridge = Bridge.class.getModule();
            instrumentation.redefineModule(module, Set.of(bridge), Map.of(), Map.of(), Set.of(), Map.of());
        }
    }

    private static String command() {
        String command = System.getProperty("sun.java.command");
        return command == null || command.isBlank() ? "(unknown)" : command;
    }
}
