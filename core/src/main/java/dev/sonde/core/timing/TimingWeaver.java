package dev.sonde.core.timing;

import dev.sonde.core.internal.Log;
import dev.sonde.core.record.MethodKey;
import dev.sonde.core.record.MethodRegistry;
import dev.sonde.core.selector.MethodSelection;
import dev.sonde.core.weave.ClassScan;
import dev.sonde.core.weave.SelectedMethods;
import dev.sonde.core.weave.TypeHierarchy;
import dev.sonde.core.weave.WeavingTransformer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodTooLargeException;

/** Weaves timing into the selected methods of one class, for {@link TimingTransformer}. */
final class TimingWeaver {

    private static final int JIT_LIMIT = WeavingTransformer.JIT_LIMIT;

    private TimingWeaver() {}

    /** The selected methods less the small ones not named exactly, which the registry counts as left out. */
    private static List<ClassScan.ScannedMethod> leaveOutSmall(
            List<ClassScan.ScannedMethod> selected,
            Set<String> exactlyNamed,
            MethodRegistry registry,
            String dottedName,
            byte[] bytes) {
        Set<String> candidates = new HashSet<>();
        for (ClassScan.ScannedMethod method : selected) {
            String key = method.name() + method.descriptor();
            if (!exactlyNamed.contains(key)) {
                candidates.add(key);
            }
        }
        Set<String> small = candidates.isEmpty() ? candidates : SmallMethods.of(bytes, candidates);
        registry.leftOut(dottedName, small.size(), SmallMethods.RULE);
        if (small.isEmpty()) {
            return selected;
        }
        List<ClassScan.ScannedMethod> kept = new ArrayList<>();
        for (ClassScan.ScannedMethod method : selected) {
            if (!small.contains(method.name() + method.descriptor())) {
                kept.add(method);
            }
        }
        return kept;
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

    /**
     * The woven class, or null when it has nothing to time; {@code say} whether to log what was woven.
     * Unless {@code timeSmall}, methods too small to time ({@link SmallMethods}) are left out, and
     * counted in the registry, except those a selector names exactly.
     */
    static byte[] weave(
            MethodSelection selection,
            MethodRegistry registry,
            ClassLoader loader,
            String dottedName,
            byte[] bytes,
            boolean say,
            boolean timeSmall) {
        Set<String> exactlyNamed = new HashSet<>();
        List<ClassScan.ScannedMethod> selected =
                SelectedMethods.of(selection, TypeHierarchy.shared(), loader, bytes, dottedName, exactlyNamed);
        if (selected.isEmpty()) {
            return null;
        }
        if (!timeSmall) {
            selected = leaveOutSmall(selected, exactlyNamed, registry, dottedName, bytes);
            if (selected.isEmpty()) {
                return null;
            }
        }
        ClassReader reader = new ClassReader(bytes);
        Map<String, Integer> ids = new LinkedHashMap<>();
        Map<String, Integer> switchable = new HashMap<>();
        for (ClassScan.ScannedMethod method : selected) {
            String nameAndDescriptor = method.name() + method.descriptor();
            int id = registry.register(
                    new MethodKey(dottedName, method.name(), method.descriptor()),
                    exactlyNamed.contains(nameAndDescriptor));
            if (id == MethodRegistry.FULL) {
                Log.warnOnce(
                        "woven methods cap",
                        "more than " + MethodRegistry.MAX_WOVEN + " methods are selected; " + dottedName + "#"
                                + method.name() + " and later ones are not timed");
                continue;
            }
            ids.put(nameAndDescriptor, id);
            if (registry.isSwitchable(id)) {
                switchable.put(nameAndDescriptor, registry.counterEverGiven(id));
            }
        }
        if (ids.isEmpty()) {
            return null;
        }
        Set<String> skipped = new HashSet<>();
        while (true) {
            try {
                ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
                TimingClassVisitor visitor = new TimingClassVisitor(writer, ids, skipped, switchable);
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
                if (say) {
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
