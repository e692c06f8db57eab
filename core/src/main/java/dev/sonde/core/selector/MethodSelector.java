package dev.sonde.core.selector;

import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.Type;

/**
 * One selector of the grammar
 * <pre>
 *   [!] [@Annotation ] ClassPattern[+] [#[@Annotation ]methodPattern[(type, …)]]
 * </pre>
 * for instance {@code com.shop.**#*}, {@code com.shop.*Service#find*}, {@code com.shop.Repo+#save(java.lang.String)},
 * {@code @org.springframework.stereotype.Service *#*}, {@code !com.shop.internal.**}. See the README for the whole grammar.
 */
public final class MethodSelector {

    private static final String[] JDK_ROOTS = {"java.", "javax.", "jdk.", "sun.", "com.sun."};

    private final String text;
    private final boolean negated;
    private final NamePattern classAnnotation;
    private final NamePattern classPattern;
    private final boolean subtypes;
    private final NamePattern methodAnnotation;
    private final NamePattern methodPattern;
    private final List<String> arguments;

    private MethodSelector(String text, boolean negated, NamePattern classAnnotation, NamePattern classPattern,
            boolean subtypes, NamePattern methodAnnotation, NamePattern methodPattern, List<String> arguments) {
        this.text = text;
        this.negated = negated;
        this.classAnnotation = classAnnotation;
        this.classPattern = classPattern;
        this.subtypes = subtypes;
        this.methodAnnotation = methodAnnotation;
        this.methodPattern = methodPattern;
        this.arguments = arguments;
    }

    /** Parses one selector; throws {@link SelectorException} naming the selector and the problem. */
    public static MethodSelector parse(String selector) {
        return new Parser(selector).parse();
    }

    public boolean isNegated() {
        return negated;
    }

    /** The same selector without its leading {@code !}. */
    public MethodSelector positive() {
        return new MethodSelector(text.startsWith("!") ? text.substring(1) : text, false, classAnnotation, classPattern,
                subtypes, methodAnnotation, methodPattern, arguments);
    }

    /** Whether the class pattern begins with a JDK package, which is what allows JDK classes to be selected. */
    public boolean namesJdk() {
        return isJdkClassName(classPattern.literalPrefix());
    }

    /**
     * Cheap test on the class name alone: false only when no class of that name can match,
     * whatever its annotations, supertypes and methods.
     */
    public boolean mayMatchClassNamed(String dottedName) {
        return subtypes || classPattern.matches(dottedName);
    }

    /** Whether deciding needs more than the name: annotations or supertypes. */
    public boolean needsClassDetails() {
        return subtypes || classAnnotation != null;
    }

    /** Whether this selector covers every method of the classes it matches (so an exclusion can drop a class by name). */
    public boolean coversWholeClass() {
        return methodAnnotation == null && arguments == null && "*".equals(methodPattern.text())
                && classAnnotation == null && !subtypes;
    }

    public boolean matchesType(TypeView type) {
        if (classAnnotation != null && !anyMatches(classAnnotation, type.annotations())) {
            return false;
        }
        if (!subtypes) {
            return classPattern.matches(type.name());
        }
        NamePattern pattern = classPattern;
        return type.selfOrSupertype(new java.util.function.Predicate<String>() {
            @Override
            public boolean test(String name) {
                return pattern.matches(name);
            }
        });
    }

    public boolean matchesMethod(MethodView method) {
        String name = method.name();
        boolean special = name.startsWith("<");
        if (special ? !methodPattern.text().equals(name) : !methodPattern.matches(name)) {
            return false;
        }
        if (methodAnnotation != null && !anyMatches(methodAnnotation, method.annotations())) {
            return false;
        }
        return arguments == null || argumentsMatch(Type.getArgumentTypes(method.descriptor()));
    }

    /**
     * Whether the argument types fit the pattern list, where {@code ..} stands for any number of
     * arguments: the classic linear match with one restart point (the last {@code ..}), no recursion.
     */
    private boolean argumentsMatch(Type[] types) {
        String[] actual = new String[types.length];
        for (int i = 0; i < types.length; i++) {
            actual[i] = types[i].getClassName();
        }
        int patterns = arguments.size();
        int p = 0;
        int a = 0;
        int restartP = -1;
        int restartA = 0;
        while (true) {
            if (p < patterns) {
                String expected = arguments.get(p);
                if (expected.equals("..")) {
                    restartP = ++p;
                    restartA = a;
                    continue;
                }
                if (a < actual.length && typeMatches(expected, actual[a])) {
                    p++;
                    a++;
                    continue;
                }
            } else if (a == actual.length) {
                return true;
            }
            if (restartP < 0 || restartA == actual.length) {
                return false;
            }
            p = restartP;
            a = ++restartA;
        }
    }

    private static boolean typeMatches(String expected, String actual) {
        if (expected.equals("*")) {
            return true;
        }
        if (expected.indexOf('.') >= 0) {
            return expected.equals(actual);
        }
        // a simple name matches the type in any package: String for java.lang.String, Entry for java.util.Map$Entry
        int element = actual.length();
        while (element >= 2 && actual.charAt(element - 1) == ']' && actual.charAt(element - 2) == '[') {
            element -= 2;
        }
        int simple = actual.lastIndexOf('.', element - 1) + 1;
        int nested = Math.max(simple, actual.lastIndexOf('$', element - 1) + 1);
        return isTail(expected, actual, simple) || isTail(expected, actual, nested);
    }

    private static boolean isTail(String expected, String actual, int from) {
        return expected.length() == actual.length() - from && actual.startsWith(expected, from);
    }

    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MethodSelector && ((MethodSelector) other).text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    /** A hand-written recursive-descent parser: the grammar is small and the errors must point at the culprit. */
    private static final class Parser {
        private final String text;
        private int pos;

        Parser(String text) {
            this.text = text == null ? "" : text.strip();
        }

        MethodSelector parse() {
            if (text.isEmpty()) {
                throw error("the selector is empty");
            }
            boolean negated = accept('!');
            NamePattern classAnnotation = annotationIfAny();
            int classStart = pos;
            String classText = name("class pattern", true);
            checkSegments(classText, classStart, "class pattern");
            boolean subtypes = accept('+');
            NamePattern methodAnnotation = null;
            NamePattern methodPattern = NamePattern.of("*");
            List<String> arguments = null;
            if (accept('#')) {
                methodAnnotation = annotationIfAny();
                methodPattern = methodName();
                if (accept('(')) {
                    arguments = arguments();
                }
            }
            if (pos < text.length()) {
                throw error("unexpected '" + text.charAt(pos) + "'");
            }
            return new MethodSelector(text, negated, classAnnotation, NamePattern.of(classText), subtypes,
                    methodAnnotation, methodPattern, arguments);
        }

        private NamePattern annotationIfAny() {
            if (!accept('@')) {
                return null;
            }
            int start = pos;
            String annotation = name("annotation name", false);
            checkSegments(annotation, start, "annotation name");
            if (pos >= text.length() || !Character.isWhitespace(text.charAt(pos))) {
                throw error("an annotation must be followed by a space and what it annotates");
            }
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
            return NamePattern.of(annotation);
        }

        private NamePattern methodName() {
            if (text.startsWith("<init>", pos) || text.startsWith("<clinit>", pos)) {
                String special = text.startsWith("<init>", pos) ? "<init>" : "<clinit>";
                pos += special.length();
                return NamePattern.of(special);
            }
            int start = pos;
            while (pos < text.length() && (Character.isJavaIdentifierPart(text.charAt(pos)) || text.charAt(pos) == '*')) {
                pos++;
            }
            if (start == pos) {
                throw error(pos < text.length() ? "expected a method name after '#', found '" + text.charAt(pos) + "'"
                        : "expected a method name after '#'");
            }
            return NamePattern.of(text.substring(start, pos));
        }

        private List<String> arguments() {
            List<String> arguments = new ArrayList<>();
            skipSpaces();
            if (accept(')')) {
                return List.copyOf(arguments);
            }
            while (true) {
                skipSpaces();
                int start = pos;
                String argument;
                if (text.startsWith("..", pos) && !text.startsWith("...", pos)) {
                    pos += 2;
                    argument = "..";
                } else if (accept('*')) {
                    argument = "*";
                } else {
                    argument = name("argument type", false);
                    checkSegments(argument, start, "argument type");
                    StringBuilder dims = new StringBuilder();
                    while (true) {
                        skipSpaces();
                        if (text.startsWith("[]", pos)) {
                            pos += 2;
                            dims.append("[]");
                        } else if (text.startsWith("...", pos)) {
                            pos += 3;
                            dims.append("[]");
                        } else {
                            break;
                        }
                    }
                    argument += dims;
                }
                arguments.add(argument);
                skipSpaces();
                if (accept(')')) {
                    return List.copyOf(arguments);
                }
                if (!accept(',')) {
                    throw error(pos < text.length() ? "expected ',' or ')' in the argument list, found '" + text.charAt(pos) + "'"
                            : "the argument list is not closed with ')'");
                }
            }
        }

        private String name(String what, boolean wildcards) {
            int start = pos;
            while (pos < text.length()) {
                char c = text.charAt(pos);
                boolean varargs = what.equals("argument type") && text.startsWith("...", pos);
                if (!varargs && (Character.isJavaIdentifierPart(c) || c == '.' || (wildcards && c == '*'))) {
                    pos++;
                } else {
                    break;
                }
            }
            if (start == pos) {
                throw error(pos < text.length() ? "expected a " + what + ", found '" + text.charAt(pos) + "'"
                        : "expected a " + what);
            }
            return text.substring(start, pos);
        }

        private void checkSegments(String name, int start, String what) {
            if (name.startsWith(".") || name.endsWith(".") || name.contains("..")) {
                throw new SelectorException(text, start, "the " + what + " '" + name + "' has an empty segment");
            }
            if (name.contains("***")) {
                throw new SelectorException(text, start + name.indexOf("***"), "'***' is not a wildcard; use '*' or '**'");
            }
            for (String segment : name.split("\\.")) {
                if (segment.contains("**") && !segment.equals("**")) {
                    throw new SelectorException(text, start + name.indexOf(segment),
                            "'**' must stand alone between dots, as in 'com.shop.**'");
                }
            }
        }

        private void skipSpaces() {
            while (pos < text.length() && text.charAt(pos) == ' ') {
                pos++;
            }
        }

        private boolean accept(char c) {
            if (pos < text.length() && text.charAt(pos) == c) {
                pos++;
                return true;
            }
            return false;
        }

        private SelectorException error(String problem) {
            return new SelectorException(text, pos, problem);
        }
    }

    // plain loops, no streams or lambdas: this runs inside class loading, where first use of those can fail
    static boolean isJdkClassName(String dottedName) {
        for (String root : JDK_ROOTS) {
            if (dottedName.startsWith(root)) {
                return true;
            }
        }
        return false;
    }

    private static boolean anyMatches(NamePattern pattern, Iterable<String> names) {
        for (String name : names) {
            if (pattern.matches(name)) {
                return true;
            }
        }
        return false;
    }
}
