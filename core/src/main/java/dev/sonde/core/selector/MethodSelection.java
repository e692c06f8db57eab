package dev.sonde.core.selector;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The methods a user chose: those matched by some inclusion and by no exclusion. JDK classes are
 * considered only by selectors whose class pattern begins with a JDK package, and never the few
 * classes that recording itself relies on.
 *
 * <p>Deciding runs while classes load, the JDK's own included: it walks arrays and compares strings,
 * and so loads no class and allocates nothing on the way to turning a class away.
 */
public final class MethodSelection {

    /**
     * Classes the recorder runs through on every call (a name ending in '.' is a package and all below
     * it); weaving them would recurse into the probe.
     */
    private static final String[] NEVER = {
        "java.lang.Object",
        "java.lang.Thread",
        "java.lang.ThreadLocal",
        "java.lang.System",
        "java.lang.Class",
        "java.lang.ClassLoader",
        "java.lang.String",
        "java.lang.Long",
        "java.lang.Integer",
        "java.lang.Math",
        "java.lang.StrictMath",
        "java.lang.ref.",
        "java.lang.invoke.",
        "java.util.concurrent.atomic.",
        "java.util.concurrent.locks.",
        "jdk.internal.",
        "sun.",
        "java.lang.instrument."
    };

    /**
     * The JDK's implementations of its HTTP clients, in packages of {@link #NEVER}: the units of library
     * instrumentation weave them, and recording never runs through them.
     */
    private static final String[] UNITS_JDK_CLASSES = {
        "sun.net.www.protocol.http.HttpURLConnection", "jdk.internal.net.http.HttpClientImpl"
    };

    private final List<MethodSelector> includes;
    private final List<MethodSelector> excludes;
    private final MethodSelector[] includeArray;
    private final MethodSelector[] excludeArray;

    private MethodSelection(List<MethodSelector> includes, List<MethodSelector> excludes) {
        this.includes = List.copyOf(includes);
        this.excludes = List.copyOf(excludes);
        this.includeArray = includes.toArray(new MethodSelector[0]);
        this.excludeArray = excludes.toArray(new MethodSelector[0]);
    }

    /** {@code time} selectors (a leading {@code !} turns one into an exclusion) and {@code exclude} selectors. */
    /** The methods these selectors (well formed: the probe's own, not a user's) choose, with no exclusion. */
    public static MethodSelection ofSelectors(String... selectors) {
        List<MethodSelector> parsed = new ArrayList<>();
        for (String selector : selectors) {
            parsed.add(MethodSelector.parse(selector));
        }
        return of(parsed, List.of());
    }

    public static MethodSelection of(List<MethodSelector> time, List<MethodSelector> exclude) {
        List<MethodSelector> in = new ArrayList<>();
        List<MethodSelector> out = new ArrayList<>();
        for (MethodSelector selector : time) {
            (selector.isNegated() ? out : in).add(selector.positive());
        }
        for (MethodSelector selector : exclude) {
            out.add(selector.positive());
        }
        return new MethodSelection(in, out);
    }

    /** Whether some selector names a class annotation ({@code @a.Service *#*}), which only a class file shows whole. */
    public boolean readsClassAnnotations() {
        for (MethodSelector selector : includeArray) {
            if (selector.namesClassAnnotation()) {
                return true;
            }
        }
        for (MethodSelector selector : excludeArray) {
            if (selector.namesClassAnnotation()) {
                return true;
            }
        }
        return false;
    }

    /** Whether some inclusion may select JDK classes (its class pattern begins with a JDK package). */
    public boolean namesJdk() {
        for (MethodSelector include : includes) {
            if (include.namesJdk()) {
                return true;
            }
        }
        return false;
    }

    public boolean isEmpty() {
        return includes.isEmpty();
    }

    public List<MethodSelector> includes() {
        return includes;
    }

    public List<MethodSelector> excludes() {
        return excludes;
    }

    /**
     * The classes this selection can choose, when each of its inclusions names one class exactly; null when
     * some inclusion may match classes of other names (by a wildcard, as a supertype, by an annotation).
     */
    public Set<String> exactClassNames() {
        Set<String> names = new HashSet<>();
        for (MethodSelector include : includeArray) {
            String name = include.exactClassName();
            if (name == null) {
                return null;
            }
            names.add(name);
        }
        return names;
    }

    /** Whether a class may hold selected methods, judged by its name alone; false lets weaving skip its bytes. */
    public boolean mayMatchClassNamed(String dottedName) {
        boolean jdk = MethodSelector.isJdkClassName(dottedName);
        if (jdk && isNeverWoven(dottedName)) {
            return false;
        }
        boolean any = false;
        for (MethodSelector include : includeArray) {
            if ((!jdk || include.mayChooseJdkClass(dottedName)) && include.mayMatchClassNamed(dottedName)) {
                any = true;
                break;
            }
        }
        if (!any) {
            return false;
        }
        for (MethodSelector exclude : excludeArray) {
            if (exclude.coversWholeClass() && exclude.mayMatchClassNamed(dottedName)) {
                return false;
            }
        }
        return true;
    }

    /** The inclusions that match this class, with exclusions that match it too; null when none includes it. */
    public ClassSelection forType(TypeView type) {
        boolean jdk = MethodSelector.isJdkClassName(type.name());
        if (jdk && isNeverWoven(type.name())) {
            return null;
        }
        List<MethodSelector> in = new ArrayList<>();
        for (MethodSelector include : includeArray) {
            if ((!jdk || include.mayChooseJdkClass(type.name())) && include.matchesType(type)) {
                in.add(include);
            }
        }
        if (in.isEmpty()) {
            return null;
        }
        List<MethodSelector> out = new ArrayList<>();
        for (MethodSelector exclude : excludeArray) {
            if (exclude.matchesType(type)) {
                out.add(exclude);
            }
        }
        return new ClassSelection(in, out);
    }

    /** Whether the class is one the probe refuses to weave even when a selector names it. */
    /** Whether the classes of this package have JDK names ({@code java.}, {@code jdk.}, {@code sun.}, …). */
    public static boolean isJdkPackage(String packageName) {
        return MethodSelector.isJdkClassName(packageName + ".");
    }

    public static boolean isNeverWoven(String dottedName) {
        for (String unit : UNITS_JDK_CLASSES) {
            if (dottedName.equals(unit)) {
                return false;
            }
        }
        for (String never : NEVER) {
            if (never.endsWith(".")
                    ? dottedName.startsWith(never)
                    : dottedName.startsWith(never)
                            && (dottedName.length() == never.length() || dottedName.charAt(never.length()) == '$')) {
                return true;
            }
        }
        return false;
    }

    /**
     * When every class an inclusion can select is one the probe never weaves, what those classes are
     * ({@code java.lang.String}, {@code the classes in java.lang.invoke}); otherwise null. A selector of
     * subtypes or of simple names may reach other classes, so it gets null.
     */
    public static String neverWovenScope(MethodSelector selector) {
        NamePattern pattern = selector.classPattern();
        if (selector.isNegated() || selector.selectsSubtypes() || pattern.isSimpleName()) {
            return null;
        }
        if (!pattern.isWildcard()) {
            return isNeverWoven(pattern.text()) ? pattern.text() : null;
        }
        // every class the pattern matches starts with its literal prefix
        String prefix = pattern.literalPrefix();
        for (String never : NEVER) {
            if (never.endsWith(".") && prefix.startsWith(never)) {
                return "the classes in " + never.substring(0, never.length() - 1);
            }
            if (!never.endsWith(".") && prefix.startsWith(never + "$")) {
                return "the nested classes of " + never;
            }
        }
        return null;
    }

    /** The selectors that apply to one class; decides method by method. */
    public static final class ClassSelection {
        private final List<MethodSelector> includes;
        private final List<MethodSelector> excludes;

        ClassSelection(List<MethodSelector> includes, List<MethodSelector> excludes) {
            this.includes = includes;
            this.excludes = excludes;
        }

        /** Whether a selector that includes {@code method} names it exactly, without wildcards in its method part. */
        public boolean namesExactly(MethodView method) {
            for (MethodSelector include : includes) {
                if (include.namesMethodExactly() && include.matchesMethod(method)) {
                    return true;
                }
            }
            return false;
        }

        public boolean selects(MethodView method) {
            for (MethodSelector exclude : excludes) {
                if (exclude.matchesMethod(method)) {
                    return false;
                }
            }
            for (MethodSelector include : includes) {
                if (include.matchesMethod(method)) {
                    return true;
                }
            }
            return false;
        }
    }
}
