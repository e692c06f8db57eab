package dev.sonde.core.snapshot;

import java.util.Map;
import java.util.TreeMap;

/** Selected methods called after {@code max.methods} others had been: how many, how often, where. */
public final class UntimedMethods {
    private final int maxMethods;
    private final int methods;
    private final long calls;
    private final Map<String, Integer> byPackage;
    private final int inOtherPackages;

    public UntimedMethods(
            int maxMethods, int methods, long calls, Map<String, Integer> byPackage, int inOtherPackages) {
        this.maxMethods = maxMethods;
        this.methods = methods;
        this.calls = calls;
        this.byPackage = byPackage;
        this.inOtherPackages = inOtherPackages;
    }

    public static UntimedMethods none(int maxMethods) {
        return new UntimedMethods(maxMethods, 0, 0, new TreeMap<String, Integer>(), 0);
    }

    public int maxMethods() {
        return maxMethods;
    }

    /** Distinct methods left untimed. */
    public int methods() {
        return methods;
    }

    /** Their calls, all counted. */
    public long calls() {
        return calls;
    }

    /** Untimed methods per package (the unnamed package is ""), at most 1,000 packages. */
    public Map<String, Integer> byPackage() {
        return byPackage;
    }

    /** Untimed methods in packages beyond those named. */
    public int inOtherPackages() {
        return inOtherPackages;
    }
}
