package dev.sonde.core.weave;

import dev.sonde.core.internal.Log;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Retransforms the classes loaded before a transformer was added, so that it weaves them too. */
public final class LoadedClasses {

    private LoadedClasses() {}

    /**
     * Retransforms, one by one, every loaded class that can be changed and whose name passes the test;
     * a class that cannot be retransformed runs unchanged, and that is said once. Returns how many.
     */
    public static int retransform(Instrumentation instrumentation, Predicate<String> mayWeave, String purpose) {
        List<Class<?>> candidates = new ArrayList<>();
        for (Class<?> loaded : instrumentation.getAllLoadedClasses()) {
            if (!loaded.isArray()
                    && !loaded.isPrimitive()
                    && !loaded.isHidden()
                    && mayWeave.test(loaded.getName())
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
}
