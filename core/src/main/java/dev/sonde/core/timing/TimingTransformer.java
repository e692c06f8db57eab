package dev.sonde.core.timing;

import dev.sonde.core.internal.Log;
import dev.sonde.core.record.MethodRegistry;
import dev.sonde.core.selector.MethodSelection;
import dev.sonde.core.weave.WeavingTransformer;
import java.util.function.Consumer;

/**
 * Weaves timing into the selected methods of each class as it is loaded or retransformed. A class
 * whose name cannot match is turned away before its bytes are read; a class that cannot be woven is
 * left exactly as it was, and the reason is logged once. The probe's own classes are never touched.
 */
public final class TimingTransformer extends WeavingTransformer {

    private final MethodSelection selection;
    private final MethodRegistry registry;
    /** Set on the dry run of {@link #preload}, which must not say it wove one of the probe's classes. */
    private boolean preloading;
    /** Whether methods too small to time are timed anyway; if not, they are left out and counted. */
    private final boolean timeSmall;

    /**
     * @param bridgeReader makes a named module (a JDK one, say) read the bridge's module before its
     *     woven classes run
     */
    public TimingTransformer(MethodSelection selection, MethodRegistry registry, Consumer<Module> bridgeReader) {
        this(selection, registry, bridgeReader, true);
    }

    /**
     * @param timeSmall whether to time the selected methods too small to be worth it ({@link SmallMethods});
     *     if not, they are left out, counted in the registry, unless a selector names them exactly
     */
    public TimingTransformer(
            MethodSelection selection, MethodRegistry registry, Consumer<Module> bridgeReader, boolean timeSmall) {
        super(bridgeReader, "could not weave ");
        this.selection = selection;
        this.registry = registry;
        this.timeSmall = timeSmall;
    }

    /**
     * Weaves one of the probe's own classes, and throws the result away, so that every class weaving
     * needs is loaded before JDK classes may be woven: otherwise the first weaving could need a JDK class
     * that is itself waiting to be woven, which the weaver then has to leave alone.
     */
    public void preload() {
        String sample = "dev.sonde.core.record.ThreadRecorder";
        try (java.io.InputStream in =
                TimingTransformer.class.getClassLoader().getResourceAsStream(sample.replace('.', '/') + ".class")) {
            if (in == null) {
                return;
            }
            MethodSelection all = MethodSelection.of(
                    java.util.List.of(
                            dev.sonde.core.selector.MethodSelector.parse("java.lang.Object+#*"),
                            dev.sonde.core.selector.MethodSelector.parse(sample + "#<init>")),
                    java.util.List.of());
            TimingTransformer dryRun = new TimingTransformer(all, new MethodRegistry(1000), bridgeReaderForPreload());
            dryRun.preloading = true;
            dryRun.weave(TimingTransformer.class.getClassLoader(), sample, in.readAllBytes());
        } catch (java.io.IOException | RuntimeException | LinkageError e) {
            Log.debug("could not preload the weaver: " + e);
        }
    }

    private static Consumer<Module> bridgeReaderForPreload() {
        return new Consumer<Module>() {
            @Override
            public void accept(Module module) {}
        };
    }

    @Override
    public boolean mayWeaveJdkModules() {
        return selection.namesJdk();
    }

    @Override
    protected boolean mayWeaveNamed(String dottedName) {
        return selection.mayMatchClassNamed(dottedName);
    }

    @Override
    protected byte[] weave(ClassLoader loader, String dottedName, byte[] bytes) {
        // the weaving (and ASM behind it) lives in a class of its own, loaded with the first class to
        // weave: a program that the selectors leave alone never pays for it at start-up
        return TimingWeaver.weave(selection, registry, loader, dottedName, bytes, !preloading, timeSmall);
    }
}
