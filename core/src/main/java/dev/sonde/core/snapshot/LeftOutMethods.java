package dev.sonde.core.snapshot;

import java.util.Map;
import java.util.TreeMap;

/**
 * Selected methods left out of timing as too small to be worth it (accessors, constant returns): how
 * many, where, and the rule that chose them. Their calls are neither timed nor counted.
 */
public final class LeftOutMethods {
    private final int methods;
    private final Map<String, Integer> byPackage;
    private final int inOtherPackages;
    private final String rule;

    public LeftOutMethods(int methods, Map<String, Integer> byPackage, int inOtherPackages, String rule) {
        this.methods = methods;
        this.byPackage = byPackage;
        this.inOtherPackages = inOtherPackages;
        this.rule = rule;
    }

    public static LeftOutMethods none() {
        return new LeftOutMethods(0, new TreeMap<String, Integer>(), 0, "");
    }

    /** Distinct methods left out. */
    public int methods() {
        return methods;
    }

    /** Methods left out per package (the unnamed package is ""), at most 1,000 packages. */
    public Map<String, Integer> byPackage() {
        return byPackage;
    }

    /** Methods left out in packages beyond those named. */
    public int inOtherPackages() {
        return inOtherPackages;
    }

    /** What makes a method too small to time, in words. */
    public String rule() {
        return rule;
    }
}
