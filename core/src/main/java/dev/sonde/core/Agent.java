package dev.sonde.core;

import dev.sonde.bootstrap.Bridge;
import dev.sonde.core.config.Settings;
import dev.sonde.core.config.SettingsLoader;
import dev.sonde.core.internal.Log;
import dev.sonde.core.record.MethodRegistry;
import dev.sonde.core.record.MethodSnapshot;
import dev.sonde.core.record.Recorder;
import dev.sonde.core.report.ReportWriter;
import dev.sonde.core.report.RunInfo;
import dev.sonde.core.selector.MethodSelection;
import dev.sonde.core.weave.LoadedClasses;
import dev.sonde.core.weave.TimingTransformer;
import java.lang.instrument.Instrumentation;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The probe inside one JVM: reads the settings, installs the recorder behind the bridge, weaves the
 * selected methods (retransforming classes already loaded) and writes the reports at exit, after the
 * program's own shutdown hooks. Called by
 * the launcher in the jar's root, through the probe's isolated class loader.
 *
 * <p>No lambdas or method references on the way in or out: this runs in the program's JVM, and
 * bootstrapping the lambda machinery would cost start-up time the program never asked for.
 */
public final class Agent {

    private final Instrumentation instrumentation;
    private final Settings settings;
    private final Instant startTime = Instant.now();
    private final long startNanos = System.nanoTime();
    private final MethodRegistry registry;
    private final Recorder recorder;
    private final ReportWriter reports;
    private final Set<Module> modulesReadingBridge = ConcurrentHashMap.newKeySet();

    private Agent(Instrumentation instrumentation, Settings settings) {
        this.instrumentation = instrumentation;
        this.settings = settings;
        this.registry = new MethodRegistry(settings.maxMethods());
        this.recorder = new Recorder(registry, settings.maxThreads());
        this.reports = new ReportWriter(
                settings.reportDir(),
                settings.reportTable(),
                settings.reportRows(),
                System.err,
                settings.reportPermissions());
    }

    /** Entry point, called reflectively by {@code dev.sonde.launch.AgentEntry}. Never throws. */
    public static void start(Instrumentation instrumentation, String agentArguments) {
        try {
            Settings settings = SettingsLoader.load(agentArguments, System.getProperties(), System.getenv());
            Log.verbose(settings.verbose());
            for (String problem : settings.problems()) {
                Log.warn(problem);
            }
            for (String warning : settings.warnings()) {
                Log.warn(warning);
            }
            new Agent(instrumentation, settings).run();
        } catch (Throwable e) {
            Log.warn("the probe could not start and stays out of the way: " + e);
            if (Log.isVerbose()) {
                e.printStackTrace();
            }
        }
    }

    private void run() {
        reports.prepareDirectory();
        recorder.activate();
        Bridge.install(recorder);
        Consumer<Module> bridgeReader = new Consumer<Module>() {
            @Override
            public void accept(Module module) {
                letModuleReadBridge(module);
            }
        };
        Runnable finishTrace = null;
        if (!settings.traceSelection().isEmpty()) {
            finishTrace = startTracer(bridgeReader);
        }
        MethodSelection selection = settings.selection();
        if (selection.isEmpty() && finishTrace == null) {
            Log.warn("no methods selected; give selectors with the setting 'time' (see the README)");
        } else if (!selection.isEmpty()) {
            TimingTransformer transformer = new TimingTransformer(selection, registry, bridgeReader);
            if (selection.namesJdk()) {
                transformer.preload();
            }
            instrumentation.addTransformer(transformer, true);
            int retransformed = LoadedClasses.retransform(
                    instrumentation,
                    new java.util.function.Predicate<String>() {
                        @Override
                        public boolean test(String name) {
                            return transformer.mayWeave(name);
                        }
                    },
                    "timing");
            Log.debug("retransformed " + retransformed + " class(es) loaded before the probe started");
        }
        Runnable finish = finishTrace;
        boolean timing = !selection.isEmpty() || finishTrace == null;
        Shutdown.atLast(instrumentation, new Runnable() {
            @Override
            public void run() {
                recorder.quietly(new Runnable() {
                    @Override
                    public void run() {
                        if (finish != null) {
                            finish.run();
                        }
                        if (timing) {
                            report();
                        }
                    }
                });
            }
        });
    }

    /** The tracer lives in its own module of the bundle; it is loaded only when asked for. */
    private Runnable startTracer(Consumer<Module> bridgeReader) {
        try {
            Class<?> feature = Class.forName("dev.sonde.tracer.TraceFeature", true, Agent.class.getClassLoader());
            return (Runnable) feature.getMethod("start", Instrumentation.class, Settings.class, Consumer.class)
                    .invoke(null, instrumentation, settings, bridgeReader);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            Throwable cause = e instanceof java.lang.reflect.InvocationTargetException ? e.getCause() : e;
            Log.warn("the bytecode tracer could not start; the program runs untraced: " + cause);
            return null;
        }
    }

    private void letModuleReadBridge(Module module) {
        if (modulesReadingBridge.add(module)) {
            Module bridge = Bridge.class.getModule();
            instrumentation.redefineModule(module, Set.of(bridge), Map.of(), Map.of(), Set.of(), Map.of());
        }
    }

    private void report() {
        try {
            List<MethodSnapshot> methods = recorder.snapshot();
            RunInfo run = new RunInfo(
                    ProcessHandle.current().pid(),
                    command(),
                    System.getProperty("java.version"),
                    startTime,
                    System.nanoTime() - startNanos,
                    registry.untimed(),
                    recorder.lostCalls());
            reports.write(run, methods);
        } catch (Throwable e) {
            Log.warn("could not write the report: " + e);
        }
    }

    private static String command() {
        String command = System.getProperty("sun.java.command");
        return command == null || command.isBlank() ? "(unknown)" : command;
    }
}
