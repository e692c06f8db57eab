package dev.sonde.core.weave;

import dev.sonde.core.internal.Log;
import dev.sonde.core.selector.MethodSelection;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** Retransforms the classes loaded before a transformer was added, so that it weaves them too. */
public final class LoadedClasses {

    private LoadedClasses() {}

    /**
     * Tells {@code transformer} of every loaded class ({@link WeavingTransformer#loaded}), then retransforms,
     * one by one, every loaded class that can be changed and passes the test;
     * a class that cannot be retransformed runs unchanged, and that is said once. Returns how many.
     * Unless the transformer may weave the JDK's modules, classes with JDK names are not woven, and the classes of a JDK module
     * whose packages all have JDK names ({@code java.base}, say) are passed over by their module alone,
     * before their names are read: most classes loaded when the probe starts are theirs.
     */
    public static int retransform(
            Instrumentation instrumentation,
            WeavingTransformer transformer,
            Predicate<Class<?>> mayWeave,
            String purpose) {
        boolean jdkModules = transformer.mayWeaveJdkModules();
        List<Class<?>> candidates = new ArrayList<>();
        Map<Module, Boolean> onlyJdkNames = new HashMap<>();
        Class<?>[] all = instrumentation.getAllLoadedClasses();
        for (Class<?> loaded : all) {
            if (!loaded.isArray() && !loaded.isPrimitive() && !loaded.isHidden()) {
                transformer.loaded(loaded);
            }
        }
        for (Class<?> loaded : all) {
            if (!jdkModules && onlyJdkNames(loaded.getModule(), onlyJdkNames)) {
                continue;
            }
            if (!loaded.isArray()
                    && !loaded.isPrimitive()
                    && !loaded.isHidden()
                    && mayWeave.test(loaded)
                    && instrumentation.isModifiableClass(loaded)) {
                candidates.add(loaded);
            }
        }
        for (Class<?> candidate : candidates) {
            try {
                instrumentation.retransformClasses(candidate);
            } catch (Throwable e) {
                Log.warnOnce(
                        "retransform " + candidate.getName() + purpose,
                        "could not retransform " + candidate.getName() + " for " + purpose + "; it runs unchanged: "
                                + e);
            }
        }
        return candidates.size();
    }

    /** Whether {@code module} is one of the JDK's (a named module of the boot or platform loader) whose packages all have JDK names. */
    private static boolean onlyJdkNames(Module module, Map<Module, Boolean> known) {
        if (!module.isNamed()) {
            return false;
        }
        Boolean only = known.get(module);
        if (only == null) {
            ClassLoader loader = module.getClassLoader();
            only = loader == null || loader == ClassLoader.getPlatformClassLoader();
            for (String packageName : module.getPackages()) {
                if (!only) {
                    break;
                }
                only = MethodSelection.isJdkPackage(packageName);
            }
            known.put(module, only);
        }
        return only;
    }
}
