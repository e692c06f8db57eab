package dev.sonde.core.timing;

import dev.sonde.core.internal.Log;
import dev.sonde.core.record.MethodKey;
import dev.sonde.core.record.MethodRegistry;
import dev.sonde.core.selector.MethodSelection;
import dev.sonde.core.weave.ClassScan;
import dev.sonde.core.weave.SelectedMethods;
import dev.sonde.core.weave.TypeHierarchy;
import dev.sonde.core.weave.WeavingTransformer;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodTooLargeException;

/**
 * Weaves timing into the selected methods of each class as it is loaded or retransformed. A class
 * whose name cannot match is turned away before its bytes are read; a class that cannot be woven is
 * left exactly as it was, and the reason is logged once. The probe's own classes are never touched.
 */
public final class TimingTransformer extends WeavingTransformer {

    private final MethodSelection selection;
    private final MethodRegistry registry;
    private final TypeHierarchy hierarchy = TypeHierarchy.shared();
    /** Set on the dry run of {@link #preload}, which must not say it wove one of the probe's classes. */
    private boolean preloading;

    /**
     * @param bridgeReader makes a named module (a JDK one, say) read the bridge's module before its
     *     woven classes run
     */
    public TimingTransformer(MethodSelection selection, MethodRegistry registry, Consumer<Module> bridgeReader) {
        super(bridgeReader, "could not weave ");
        this.selection = selection;
        this.registry = registry;
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
    protected boolean mayWeaveNamed(String dottedName) {
        return selection.mayMatchClassNamed(dottedName);
    }

    /** A method that the JIT would compile before weaving and not after, or null. */
    private static String pushedPastJitLimit(TimingClassVisitor visitor) {
        for (Map.Entry<String, TimingAdvice> method : visitor.woven().entrySet()) {
            TimingAdvice advice = method.getValue();
            if (advice.wovenLength() > JIT_LIMIT && advice.originalLengthAtLeast() <= JIT_LIMIT) {
                return method.getKey();
            }
        }
        return null;
    }

    @Override
    protected byte[] weave(ClassLoader loader, String dottedName, byte[] bytes) {
        List<ClassScan.ScannedMethod> selected = SelectedMethods.of(selection, hierarchy, loader, bytes, dottedName);
        if (selected.isEmpty()) {
            return null;
        }
        ClassReader reader = new ClassReader(bytes);
        Map<String, Integer> ids = new LinkedHashMap<>();
        for (ClassScan.ScannedMethod method : selected) {
            int id = registry.register(new MethodKey(dottedName, method.name(), method.descriptor()));
            if (id == MethodRegistry.FULL) {
                Log.warnOnce(
                        "woven methods cap",
                        "more than " + MethodRegistry.MAX_WOVEN + " methods are selected; " + dottedName + "#"
                                + method.name() + " and later ones are not timed");
                continue;
            }
            ids.put(method.name() + method.descriptor(), id);
        }
        if (ids.isEmpty()) {
            return null;
        }
        Set<String> skipped = new HashSet<>();
        while (true) {
            try {
                ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
                TimingClassVisitor visitor = new TimingClassVisitor(writer, ids, skipped);
                reader.accept(visitor, ClassReader.EXPAND_FRAMES);
                byte[] woven = writer.toByteArray();
                String pushedPastJitLimit = pushedPastJitLimit(visitor);
                if (pushedPastJitLimit != null) {
                    skipped.add(pushedPastJitLimit);
                    Log.warnOnce(
                            "jit limit " + dottedName + pushedPastJitLimit,
                            "not timing " + dottedName + "#"
                                    + pushedPastJitLimit + ": timing would take it past the " + JIT_LIMIT
                                    + "-byte limit above which HotSpot never compiles a method");
                    if (skipped.size() == ids.size()) {
                        return null;
                    }
                    continue;
                }
                if (!preloading) {
                    Log.debug("wove " + (ids.size() - skipped.size()) + " method(s) of " + dottedName);
                }
                return woven;
            } catch (TimingAdvice.ConstructorShapeException e) {
                skipped.add(e.method);
                Log.warnOnce(
                        "constructor shape " + dottedName + e.method,
                        "not timing " + dottedName + "#" + e.method
                                + ": its call to super(…) or this(…) cannot be told apart");
                if (skipped.size() == ids.size()) {
                    return null;
                }
            } catch (MethodTooLargeException e) {
                skipped.add(e.getMethodName() + e.getDescriptor());
                Log.warnOnce(
                        "too large " + dottedName + e.getMethodName() + e.getDescriptor(),
                        "not timing " + dottedName + "#" + e.getMethodName() + e.getDescriptor()
                                + ": it would outgrow the 64 KiB limit on a method's code");
                if (skipped.size() == ids.size()) {
                    return null;
                }
            }
        }
    }
}
