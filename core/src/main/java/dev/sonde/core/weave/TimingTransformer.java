package dev.sonde.core.weave;

import dev.sonde.core.internal.Log;
import dev.sonde.core.record.MethodKey;
import dev.sonde.core.record.MethodRegistry;
import dev.sonde.core.selector.MethodSelection;
import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodTooLargeException;

/**
 * Weaves timing into the selected methods of each class as it is loaded or retransformed. A class
 * whose name cannot match is turned away before its bytes are read; a class that cannot be woven is
 * left exactly as it was, and the reason is logged once. The probe's own classes are never touched.
 */
public final class TimingTransformer implements ClassFileTransformer {

    private final MethodSelection selection;
    private final MethodRegistry registry;
    private final Consumer<Module> bridgeReader;
    private final TypeHierarchy hierarchy = new TypeHierarchy();
    private final AtomicInteger wovenClasses = new AtomicInteger();

    /** HotSpot's HugeMethodLimit: a method with more bytecode than this is never JIT-compiled. */
    static final int JIT_LIMIT = 8000;

    /**
     * @param bridgeReader makes a named module (a JDK one, say) read the bridge's module before its
     *     woven classes run
     */
    public TimingTransformer(MethodSelection selection, MethodRegistry registry, Consumer<Module> bridgeReader) {
        this.selection = selection;
        this.registry = registry;
        this.bridgeReader = bridgeReader;
    }

    /** Whether a class of this name could be woven at all; used to pick already-loaded classes to retransform. */
    public boolean mayWeave(String dottedName) {
        return !dottedName.startsWith("dev.sonde.") && selection.mayMatchClassNamed(dottedName);
    }

    public int wovenClasses() {
        return wovenClasses.get();
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className, Class<?> redefined,
            ProtectionDomain domain, byte[] bytes) {
        if (className == null || className.startsWith("dev/sonde/")) {
            return null;
        }
        String dottedName = className.replace('/', '.');
        if (!selection.mayMatchClassNamed(dottedName)) {
            return null;
        }
        try {
            byte[] woven = weave(loader, dottedName, bytes);
            if (woven != null) {
                if (module != null && module.isNamed()) {
                    bridgeReader.accept(module);
                }
                wovenClasses.incrementAndGet();
            }
            return woven;
        } catch (Throwable e) {
            // the JVM drops exceptions thrown from here without a word; say it ourselves, once per class
            Log.warnOnce("weave " + dottedName, "could not weave " + dottedName + "; it runs unchanged: " + e);
            return null;
        }
    }

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> redefined, ProtectionDomain domain,
            byte[] bytes) {
        return transform(null, loader, className, redefined, domain, bytes);
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

    private byte[] weave(ClassLoader loader, String dottedName, byte[] bytes) {
        ClassReader reader = new ClassReader(bytes);
        List<ClassScan.ScannedMethod> selected = SelectedMethods.of(selection, hierarchy, loader, reader, dottedName);
        if (selected.isEmpty()) {
            return null;
        }
        Map<String, Integer> ids = new LinkedHashMap<>();
        for (ClassScan.ScannedMethod method : selected) {
            int id = registry.register(new MethodKey(dottedName, method.name(), method.descriptor()));
            if (id == MethodRegistry.FULL) {
                Log.warnOnce("max.methods", "more methods are selected than max.methods=" + registry.cap()
                        + " allows; " + dottedName + "#" + method.name() + " and later ones are not timed");
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
                    Log.warnOnce("jit limit " + dottedName + pushedPastJitLimit, "not timing " + dottedName + "#"
                            + pushedPastJitLimit + ": timing would take it past the " + JIT_LIMIT
                            + "-byte limit above which HotSpot never compiles a method");
                    if (skipped.size() == ids.size()) {
                        return null;
                    }
                    continue;
                }
                Log.debug("wove " + (ids.size() - skipped.size()) + " method(s) of " + dottedName);
                return woven;
            } catch (MethodTooLargeException e) {
                skipped.add(e.getMethodName() + e.getDescriptor());
                Log.warnOnce("too large " + dottedName + e.getMethodName() + e.getDescriptor(),
                        "not timing " + dottedName + "#" + e.getMethodName() + e.getDescriptor()
                                + ": it would outgrow the 64 KiB limit on a method's code");
                if (skipped.size() == ids.size()) {
                    return null;
                }
            }
        }
    }
}
