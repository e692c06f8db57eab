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
    private static final String[] SPECIAL_METHODS = {"<init>", "<clinit>"};

    private final String text;
    private final boolean negated;
    private final NamePattern classAnnotation;
    private final NamePattern classPattern;
    private final boolean subtypes;
    private final NamePattern methodAnnotation;
    private final NamePattern methodPattern;
    private final String[] arguments;

    private MethodSelector(
            String text,
            boolean negated,
            NamePattern classAnnotation,
            NamePattern classPattern,
            boolean subtypes,
            NamePattern methodAnnotation,
            NamePattern methodPattern,
            String[] arguments) {
        this.text = text;
        this.negated = negated;
        this.classAnnotation = classAnnotation;
        this.classPattern = classPattern;
        this.subtypes = subtypes;
        this.methodAnnotation = methodAnnotation;
        this.methodPattern = methodPattern;
        this.arguments = arguments;
    }

    /** Parses one selector; throws {@link SelectorException} naming the selector, the problem and where it is. */
    public static MethodSelector parse(String selector) {
        return parse((CharSequence) (selector == null ? "" : selector));
    }

    /** The same for any characters; the parser reads each of them a bounded number of times. */
    static MethodSelector parse(CharSequence selector) {
        return new Parser(selector).parse();
    }

    public boolean isNegated() {
        return negated;
    }

    /** The same selector without its leading {@code !}. */
    public MethodSelector positive() {
        return new MethodSelector(
                text.startsWith("!") ? text.substring(1) : text,
                false,
                classAnnotation,
                classPattern,
                subtypes,
                methodAnnotation,
                methodPattern,
                arguments);
    }

    /** Whether it names a class annotation ({@code @a.Service *#*}). */
    public boolean namesClassAnnotation() {
        return classAnnotation != null;
    }

    /** Whether the class pattern begins with a JDK package, which is what allows JDK classes to be selected. */
    public boolean namesJdk() {
        return isJdkClassName(classPattern.literalPrefix());
    }

    /**
     * Whether a JDK class may be chosen by this selector at all: only when the class pattern begins with
     * the class's JDK package. For {@code Type+}, the pattern names the supertype, so only JDK classes in
     * that type's own package are considered ({@code java.util.AbstractList+} reaches
     * {@code java.util.ArrayList}; {@code java.sql.Statement+} no class of {@code java.lang}): every other
     * JDK class is turned away by its name, before its bytes are read.
     */
    public boolean mayChooseJdkClass(String dottedName) {
        String prefix = classPattern.literalPrefix();
        if (!isJdkClassName(prefix)) {
            return false;
        }
        if (!subtypes) {
            return true;
        }
        int lastDot = prefix.lastIndexOf('.');
        return lastDot > 0 && dottedName.startsWith(prefix.substring(0, lastDot + 1));
    }

    /**
     * Cheap test on the class name alone: false only when no class of that name can match,
     * whatever its annotations, supertypes and methods.
     */
    public boolean mayMatchClassNamed(String dottedName) {
        return subtypes || classPattern.matches(dottedName);
    }

    NamePattern classPattern() {
        return classPattern;
    }

    boolean selectsSubtypes() {
        return subtypes;
    }

    /**
     * The one class this selector can match, named without a wildcard ({@code java.util.concurrent.FutureTask}),
     * not its subtypes nor by an annotation; null when it may match others.
     */
    public String exactClassName() {
        return subtypes
                        || classAnnotation != null
                        || classPattern.isSimpleName()
                        || classPattern.text().indexOf('*') >= 0
                ? null
                : classPattern.text();
    }

    /** Whether deciding needs more than the name: annotations or supertypes. */
    public boolean needsClassDetails() {
        return subtypes || classAnnotation != null;
    }

    /**
     * Whether the user chose the methods this selector matches one by one: by a name without wildcards
     * ({@code a.B#size}, not {@code a.B#*} nor {@code a.**}), or by an annotation they put on them.
     */
    public boolean namesMethodExactly() {
        return methodAnnotation != null || methodPattern.text().indexOf('*') < 0;
    }

    /** Whether this selector covers every method of the classes it matches (so an exclusion can drop a class by name). */
    public boolean coversWholeClass() {
        return methodAnnotation == null
                && arguments == null
                && "*".equals(methodPattern.text())
                && classAnnotation == null
                && !subtypes;
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
        int patterns = arguments.length;
        int p = 0;
        int a = 0;
        int restartP = -1;
        int restartA = 0;
        while (true) {
            if (p < patterns) {
                String expected = arguments[p];
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

    /**
     * A hand-written recursive-descent parser: the grammar is small and the errors must point at the
     * culprit, counted in characters of the selector as given. It reads each character a bounded number
     * of times, so a selector of any length costs time in proportion to it.
     */
    private static final class Parser {
        private final CharSequence text;
        private final int begin;
        private final int end;
        private int pos;

        Parser(CharSequence text) {
            this.text = text;
            int first = 0;
            int last = text.length();
            while (first < last && Character.isWhitespace(text.charAt(first))) {
                first++;
            }
            while (last > first && Character.isWhitespace(text.charAt(last - 1))) {
                last--;
            }
            this.begin = first;
            this.end = last;
            this.pos = first;
        }

        MethodSelector parse() {
            if (pos == end) {
                throw error(pos, "the selector is empty");
            }
            boolean negated = accept('!');
            NamePattern classAnnotation = annotationIfAny();
            NamePattern classPattern = NamePattern.of(name("a class pattern", true, false));
            boolean subtypes = accept('+');
            NamePattern methodAnnotation = null;
            NamePattern methodPattern = NamePattern.of("*");
            String[] arguments = null;
            if (accept('#')) {
                methodAnnotation = annotationIfAny();
                methodPattern = methodName();
                if (pos < end && text.charAt(pos) == '(') {
                    arguments = arguments();
                }
            }
            if (pos < end) {
                if (startsWith("::")) {
                    throw error(
                            pos,
                            "'::' does not name a method in a selector; write '#', as in 'com.shop.Cart#checkout'");
                }
                throw error(pos, "unexpected " + quoted(pos));
            }
            return new MethodSelector(
                    text.subSequence(begin, end).toString(),
                    negated,
                    classAnnotation,
                    classPattern,
                    subtypes,
                    methodAnnotation,
                    methodPattern,
                    arguments);
        }

        private NamePattern annotationIfAny() {
            if (!accept('@')) {
                return null;
            }
            String annotation = name("an annotation name", false, false);
            if (pos >= end || !Character.isWhitespace(text.charAt(pos))) {
                throw error(pos, "an annotation must be followed by a space and what it annotates");
            }
            while (pos < end && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
            return NamePattern.of(annotation);
        }

        private NamePattern methodName() {
            for (String special : SPECIAL_METHODS) {
                if (startsWith(special)) {
                    pos += special.length();
                    return NamePattern.of(special);
                }
            }
            int start = pos;
            while (pos < end) {
                int c = Character.codePointAt(text, pos);
                if (!Character.isJavaIdentifierPart(c) && c != '*') {
                    break;
                }
                pos += Character.charCount(c);
            }
            if (start == pos) {
                throw error(
                        pos,
                        pos < end
                                ? "expected a method name after '#', found " + quoted(pos)
                                : "expected a method name after '#'");
            }
            return NamePattern.of(text.subSequence(start, pos).toString());
        }

        private String[] arguments() {
            int open = pos++;
            List<String> arguments = new ArrayList<>();
            skipSpaces();
            if (accept(')')) {
                return new String[0];
            }
            while (true) {
                skipSpaces();
                if (startsWith("..") && !startsWith("...")) {
                    pos += 2;
                    arguments.add("..");
                } else if (accept('*')) {
                    arguments.add("*");
                } else {
                    String type = name("an argument type", false, true);
                    int dimensions = 0;
                    while (true) {
                        skipSpaces();
                        if (startsWith("[]")) {
                            pos += 2;
                        } else if (startsWith("...")) {
                            pos += 3;
                        } else {
                            break;
                        }
                        dimensions++;
                    }
                    arguments.add(dimensions == 0 ? type : type + "[]".repeat(dimensions));
                }
                skipSpaces();
                if (accept(')')) {
                    return arguments.toArray(new String[0]);
                }
                if (pos == end) {
                    throw error(open, "the '(' that opens the argument list is never closed");
                }
                if (!accept(',')) {
                    throw error(pos, "expected ',' or ')' in the argument list, found " + quoted(pos));
                }
            }
        }

        /**
         * A dotted name, its segments checked as they are read, so that an error points at the first
         * culprit: an empty segment, {@code ***}, or {@code **} that is not a whole segment.
         */
        private String name(String what, boolean wildcards, boolean beforeVarargs) {
            int start = pos;
            int segment = pos;
            while (pos < end) {
                int c = Character.codePointAt(text, pos);
                if (c == '.') {
                    if (beforeVarargs && startsWith("...")) {
                        break;
                    }
                    if (pos == segment) {
                        throw emptySegment(what, start, pos);
                    }
                    segment = ++pos;
                } else if (c == '*' && wildcards) {
                    int stars = pos;
                    while (pos < end && text.charAt(pos) == '*') {
                        pos++;
                    }
                    if (pos - stars > 2) {
                        throw error(stars, "'***' is not a wildcard; use '*' or '**'");
                    }
                    if (pos - stars == 2
                            && (stars != segment
                                    || pos < end && Character.isJavaIdentifierPart(Character.codePointAt(text, pos)))) {
                        throw error(stars, "'**' must stand alone between dots, as in 'com.shop.**'");
                    }
                } else if (Character.isJavaIdentifierPart(c)) {
                    pos += Character.charCount(c);
                } else {
                    break;
                }
            }
            if (pos == start) {
                throw error(pos, pos < end ? "expected " + what + ", found " + quoted(pos) : "expected " + what);
            }
            if (pos == segment) {
                throw emptySegment(what, start, pos - 1);
            }
            return text.subSequence(start, pos).toString();
        }

        /** The name in full, for the message: it goes on past the culprit. */
        private SelectorException emptySegment(String what, int start, int culprit) {
            int nameEnd = culprit;
            while (nameEnd < end
                    && (text.charAt(nameEnd) == '.'
                            || text.charAt(nameEnd) == '*'
                            || Character.isJavaIdentifierPart(text.charAt(nameEnd)))) {
                nameEnd++;
            }
            return error(
                    culprit,
                    "the " + what.substring(what.indexOf(' ') + 1) + " '" + text.subSequence(start, nameEnd)
                            + "' has an empty segment");
        }

        private void skipSpaces() {
            while (pos < end && text.charAt(pos) == ' ') {
                pos++;
            }
        }

        private boolean accept(char c) {
            if (pos < end && text.charAt(pos) == c) {
                pos++;
                return true;
            }
            return false;
        }

        private boolean startsWith(String expected) {
            if (end - pos < expected.length()) {
                return false;
            }
            for (int i = 0; i < expected.length(); i++) {
                if (text.charAt(pos + i) != expected.charAt(i)) {
                    return false;
                }
            }
            return true;
        }

        /** The character at {@code at}, quoted; control characters by their code. */
        private String quoted(int at) {
            int c = Character.codePointAt(text, at);
            if (Character.isISOControl(c)) {
                String hex = Integer.toHexString(c).toUpperCase(java.util.Locale.ROOT);
                return "U+" + "0000".substring(hex.length()) + hex;
            }
            return "'" + new String(Character.toChars(c)) + "'";
        }

        private SelectorException error(int at, String problem) {
            return new SelectorException(text.toString(), Character.codePointCount(text, 0, at) + 1, problem);
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
