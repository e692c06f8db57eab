package dev.sonde.core.selector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MethodSelectorTest {

    record Type(String name, Set<String> annotations, List<String> supertypes) implements TypeView {
        Type(String name) {
            this(name, Set.of(), List.of());
        }

        @Override
        public boolean selfOrSupertype(Predicate<String> nameTest) {
            return nameTest.test(name) || supertypes.stream().anyMatch(nameTest);
        }
    }

    record Method(String name, String descriptor, Set<String> annotations) implements MethodView {
        Method(String name, String descriptor) {
            this(name, descriptor, Set.of());
        }
    }

    @Test
    void aSelectorNamesItsOneClassExactlyOnlyWithoutWildcardSupertypeOrAnnotation() {
        assertEquals(
                "java.util.concurrent.FutureTask",
                MethodSelector.parse("java.util.concurrent.FutureTask#run()").exactClassName());
        assertEquals("a.B$C", MethodSelector.parse("a.B$C#*").exactClassName());
        assertNull(
                MethodSelector.parse("java.util.concurrent.Executor+#execute").exactClassName());
        assertNull(MethodSelector.parse("a.*Service#find").exactClassName());
        assertNull(MethodSelector.parse("a.**#find").exactClassName());
        assertNull(MethodSelector.parse("Cart#total").exactClassName(), "a simple name: any package");
        assertNull(MethodSelector.parse("@a.Marked a.B#*").exactClassName());
        assertEquals(
                Set.of("a.B", "c.D"),
                MethodSelection.of(
                                List.of(MethodSelector.parse("a.B#x"), MethodSelector.parse("c.D#*")),
                                List.of(MethodSelector.parse("a.B#y")))
                        .exactClassNames(),
                "exclusions narrow what is chosen, never widen it");
        assertNull(MethodSelection.ofSelectors("a.B#x", "c.*#y").exactClassNames());
    }

    private static boolean selects(String selector, Type type, Method method) {
        MethodSelector s = MethodSelector.parse(selector);
        return s.mayMatchClassNamed(type.name()) && s.matchesType(type) && s.matchesMethod(method);
    }

    @ParameterizedTest(name = "{0} selects {1}#{2}{3}: {4}")
    @CsvSource(
            delimiter = '|',
            value = {
                "com.shop.Cart#checkout          | com.shop.Cart            | checkout   | ()V                      | true",
                "com.shop.Cart#checkout          | com.shop.Cart            | checkouts  | ()V                      | false",
                "com.shop.Cart#checkout          | com.shop.CartX           | checkout   | ()V                      | false",
                "com.shop.Cart                   | com.shop.Cart            | anything   | (I)J                     | true",
                "com.shop.Cart                   | com.shop.Cart            | <init>     | ()V                      | false",
                "com.shop.**#*                   | com.shop.a.b.Deep        | run        | ()V                      | true",
                "com.shop.**#*                   | com.shopping.Cart        | run        | ()V                      | false",
                "com.shop.*#*                    | com.shop.a.Deep          | run        | ()V                      | false",
                "com.shop.*#*                    | com.shop.Cart            | run        | ()V                      | true",
                "com.**.Repo#save                | com.Repo                 | save       | ()V                      | true",
                "com.**.Repo#save                | com.a.b.Repo             | save       | ()V                      | true",
                "com.shop.*Service#find*         | com.shop.OrderService    | findAll    | ()Ljava/util/List;       | true",
                "com.shop.*Service#find*         | com.shop.OrderService    | save       | ()V                      | false",
                "com.shop.*Service#find*         | com.shop.OrderServiceImpl| findAll    | ()V                      | false",
                "Cart#checkout                   | com.shop.Cart            | checkout   | ()V                      | true",
                "*Service                        | org.x.PaymentService     | pay        | ()V                      | true",
                "acc.Shapes$Sized#area           | acc.Shapes$Sized         | area       | ()D                      | true",
                "acc.Shapes$*#area               | acc.Shapes$Circle        | area       | ()D                      | true",
                "acc.Shapes#area                 | acc.Shapes$Sized         | area       | ()D                      | false",
                "com.shop.Cart#<init>            | com.shop.Cart            | <init>     | (I)V                     | true",
                "com.shop.Cart#<clinit>          | com.shop.Cart            | <clinit>   | ()V                      | true",
                "com.shop.Cart#<init>            | com.shop.Cart            | <clinit>   | ()V                      | false",
                "com.shop.Cart#*                 | com.shop.Cart            | lambda$checkout$0 | ()V               | true",
                "com.shop.Repo#save(java.lang.String)    | com.shop.Repo    | save       | (Ljava/lang/String;)V    | true",
                "com.shop.Repo#save(String)      | com.shop.Repo            | save       | (Ljava/lang/String;)V    | true",
                "com.shop.Repo#save(String)      | com.shop.Repo            | save       | (Ljava/lang/Object;)V    | false",
                "com.shop.Repo#save()            | com.shop.Repo            | save       | (I)V                     | false",
                "com.shop.Repo#save()            | com.shop.Repo            | save       | ()V                      | true",
                "com.shop.Repo#save(int, long[])  | com.shop.Repo           | save       | (I[J)V                   | true",
                "com.shop.Repo#save(int,long...)  | com.shop.Repo           | save       | (I[J)V                   | true",
                "com.shop.Repo#save(*, String)   | com.shop.Repo            | save       | (DLjava/lang/String;)V   | true",
                "com.shop.Repo#save(..)          | com.shop.Repo            | save       | (IJD)V                   | true",
                "com.shop.Repo#save(.., String)  | com.shop.Repo            | save       | (IJLjava/lang/String;)V  | true",
                "com.shop.Repo#save(.., String)  | com.shop.Repo            | save       | (Ljava/lang/String;I)V   | false",
                "com.shop.Repo#save(Entry)       | com.shop.Repo            | save       | (Ljava/util/Map$Entry;)V | true",
                "com.shop.Repo#save(java.util.Map$Entry) | com.shop.Repo    | save       | (Ljava/util/Map$Entry;)V | true",
                "com.shop.Repo#save(Entry[])     | com.shop.Repo            | save       | ([Ljava/util/Map$Entry;)V | true",
                "com.shop.Repo#save(Map$Entry...) | com.shop.Repo           | save       | ([Ljava/util/Map$Entry;)V | true",
                "com.shop.Repo#save(Entry)       | com.shop.Repo            | save       | ([Ljava/util/Map$Entry;)V | false",
                "com.shop.Repo#save(int[][])     | com.shop.Repo            | save       | ([[I)V                   | true",
                "com.shop.Repo#save(int[])       | com.shop.Repo            | save       | ([[I)V                   | false",
                "com.shop.Repo#save(..,int,..)   | com.shop.Repo            | save       | (JIJ)V                   | true",
                "com.shop.Repo#save(..,int,..)   | com.shop.Repo            | save       | (JJ)V                    | false",
                "**                              | any.where.At             | all        | ()V                      | true",
                "*                               | any.where.At             | all        | ()V                      | true",
            })
    void matchesByName(String selector, String type, String method, String descriptor, boolean expected) {
        assertEquals(
                expected,
                selects(selector.strip(), new Type(type.strip()), new Method(method.strip(), descriptor.strip())));
    }

    /** The former recursive argument-list matcher, kept as the reference. */
    private static boolean referenceArguments(List<String> patterns, List<String> actual, int p, int a) {
        if (p == patterns.size()) {
            return a == actual.size();
        }
        if (patterns.get(p).equals("..")) {
            for (int skip = a; skip <= actual.size(); skip++) {
                if (referenceArguments(patterns, actual, p + 1, skip)) {
                    return true;
                }
            }
            return false;
        }
        return a < actual.size()
                && (patterns.get(p).equals("*") || patterns.get(p).equals(actual.get(a)))
                && referenceArguments(patterns, actual, p + 1, a + 1);
    }

    @Test
    void argumentListsMatchAsTheRecursiveDefinitionSays() {
        String[] patternParts = {"int", "long", "*", ".."};
        String[] types = {"int", "long"};
        Random random = new Random(7);
        for (int round = 0; round < 20_000; round++) {
            List<String> patterns = new ArrayList<>();
            for (int i = random.nextInt(7); i > 0; i--) {
                patterns.add(patternParts[random.nextInt(patternParts.length)]);
            }
            List<String> actual = new ArrayList<>();
            StringBuilder descriptor = new StringBuilder("(");
            for (int i = random.nextInt(7); i > 0; i--) {
                String type = types[random.nextInt(types.length)];
                actual.add(type);
                descriptor.append(type.equals("int") ? 'I' : 'J');
            }
            String selector = "a.B#c(" + String.join(", ", patterns) + ")";
            Method method = new Method("c", descriptor.append(")V").toString());

            assertEquals(
                    referenceArguments(patterns, actual, 0, 0),
                    selects(selector, new Type("a.B"), method),
                    selector + " on " + method.descriptor());
        }
    }

    @Test
    void subtypeSelectorMatchesTheTypeItselfAndEveryImplementation() {
        Type impl = new Type("com.shop.JdbcRepo", Set.of(), List.of("com.shop.Repo", "java.lang.Object"));
        Type other = new Type("com.shop.Cart", Set.of(), List.of("java.lang.Object"));
        MethodSelector selector = MethodSelector.parse("com.shop.Repo+#save");
        assertTrue(selector.mayMatchClassNamed("org.elsewhere.Anything"), "a subtype may have any name");
        assertTrue(selector.matchesType(impl));
        assertTrue(selector.matchesType(new Type("com.shop.Repo")));
        assertFalse(selector.matchesType(other));
    }

    @Test
    void annotationSelectorsLookAtClassAndMethodAnnotations() {
        Type service = new Type("com.shop.Orders", Set.of("org.springframework.stereotype.Service"), List.of());
        Type plain = new Type("com.shop.Orders");
        Method scheduled = new Method("tick", "()V", Set.of("org.springframework.scheduling.annotation.Scheduled"));
        assertTrue(selects("@org.springframework.stereotype.Service *#*", service, new Method("find", "()V")));
        assertFalse(selects("@org.springframework.stereotype.Service *#*", plain, new Method("find", "()V")));
        assertTrue(selects("com.shop.*#@org.springframework.scheduling.annotation.Scheduled *", plain, scheduled));
        assertFalse(selects(
                "com.shop.*#@org.springframework.scheduling.annotation.Scheduled *", plain, new Method("tick", "()V")));
        assertTrue(
                selects("@Service **", service, new Method("x", "()V")),
                "a simple annotation name matches in any package");
    }

    @Test
    void negationIsRecognisedAndRemovedByPositive() {
        MethodSelector selector = MethodSelector.parse("!com.shop.internal.**");
        assertTrue(selector.isNegated());
        assertFalse(selector.positive().isNegated());
        assertTrue(selector.positive().matchesType(new Type("com.shop.internal.Cache")));
        assertTrue(selector.positive().coversWholeClass());
    }

    @Test
    void jdkPackagesCountAsNamedOnlyWhenThePatternStartsWithThem() {
        assertTrue(MethodSelector.parse("java.util.ArrayList#add").namesJdk());
        assertTrue(MethodSelector.parse("java.**").namesJdk());
        assertFalse(MethodSelector.parse("**").namesJdk());
        assertFalse(MethodSelector.parse("*List#add").namesJdk());
    }

    @ParameterizedTest(name = "{0} -> {1} at {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "''                          | the selector is empty                                                  | 1",
                "com.shop.Cart#              | expected a method name after '#'                                       | 15",
                "com.shop..Cart              | the class pattern 'com.shop..Cart' has an empty segment                | 10",
                ".com.shop                   | the class pattern '.com.shop' has an empty segment                     | 1",
                "com.shop.Cart.#x            | the class pattern 'com.shop.Cart.' has an empty segment                | 14",
                "'  com..Cart'               | the class pattern 'com..Cart' has an empty segment                     | 7",
                "!@Ann com..X                | the class pattern 'com..X' has an empty segment                        | 11",
                "@a..Ann *                   | the annotation name 'a..Ann' has an empty segment                      | 4",
                "#run                        | expected a class pattern, found '#'                                    | 1",
                "com.shop.Cart#run(int       | the '(' that opens the argument list is never closed                   | 18",
                "com.shop.Cart#run(int,      | expected an argument type                                              | 23",
                "com.shop.Cart#run(int;long) | expected ',' or ')' in the argument list, found ';'                    | 22",
                "com.shop.Cart#run(@)        | expected an argument type, found '@'                                   | 19",
                "com.shop.Cart#run(x..y)     | the argument type 'x..y' has an empty segment                          | 21",
                "a.B#c(\uD835\uDD38, x..y) | the argument type 'x..y' has an empty segment                          | 12",
                "com.shop.Cart#run()x        | unexpected 'x'                                                         | 20",
                "com.shop.Cart run           | unexpected ' '                                                         | 14",
                "com.shop.Cart\t#run        | unexpected U+0009                                                      | 14",
                "com.shop.Cart::checkout     | '::' does not name a method in a selector; write '#', as in 'com.shop.Cart#checkout' | 14",
                "com.shop.***                | '***' is not a wildcard; use '*' or '**'                               | 10",
                "com.**.a.***                | '***' is not a wildcard; use '*' or '**'                               | 10",
                "com.sh**op.X                | '**' must stand alone between dots, as in 'com.shop.**'               | 7",
                "com.a.a**                   | '**' must stand alone between dots, as in 'com.shop.**'               | 8",
                "com.**x.**                  | '**' must stand alone between dots, as in 'com.shop.**'               | 5",
                "@com.shop.Ann               | an annotation must be followed by a space and what it annotates        | 14",
                "com.shop.Cart#-x            | expected a method name after '#', found '-'                            | 15",
                "com/shop/Cart               | unexpected '/'                                                         | 4",
            })
    void rejectsMalformedSelectorsNamingThemTheProblemAndTheCharacter(String selector, String problem, int character) {
        SelectorException error = assertThrows(SelectorException.class, () -> MethodSelector.parse(selector));

        assertEquals(
                "malformed selector '" + selector + "': " + problem + " (at character " + character + ")",
                error.getMessage());
        assertEquals(character, error.character());
    }

    @Test
    void aSelectorOfTwelveThousandDoubleStarSegmentsMatchesLikeAShortOne() {
        MethodSelector selector = MethodSelector.parse("com." + "**.".repeat(12_000) + "Cart#checkout");

        assertTrue(selects(selector.toString(), new Type("com.Cart"), new Method("checkout", "()V")));
        assertTrue(selects(selector.toString(), new Type("com.a.b.c.Cart"), new Method("checkout", "()V")));
        assertFalse(selects(selector.toString(), new Type("com.a.b.c.Carts"), new Method("checkout", "()V")));
    }

    @Test
    void anArgumentListOfAHundredThousandWildcardsMatchesLikeAShortOne() {
        String selector = "a.B#c(" + ".., ".repeat(100_000) + "int)";

        assertTrue(selects(selector, new Type("a.B"), new Method("c", "(JJI)V")));
        assertFalse(selects(selector, new Type("a.B"), new Method("c", "(IIJ)V")));
    }

    @Test
    void selectionAppliesExclusionsAndKeepsJdkClassesOutUnlessNamed() {
        MethodSelection selection = MethodSelection.of(
                List.of(
                        MethodSelector.parse("**"),
                        MethodSelector.parse("!com.shop.internal.**"),
                        MethodSelector.parse("java.util.ArrayList#add")),
                List.of(MethodSelector.parse("com.shop.Cart#secret")));
        assertTrue(selection.mayMatchClassNamed("com.shop.Cart"));
        assertFalse(selection.mayMatchClassNamed("com.shop.internal.Cache"), "whole-class exclusion rejects by name");
        assertFalse(selection.mayMatchClassNamed("java.util.HashMap"), "'**' does not reach into the JDK");
        assertTrue(selection.mayMatchClassNamed("java.util.ArrayList"));
        assertFalse(
                selection.mayMatchClassNamed("java.lang.ThreadLocal"),
                "classes the recorder relies on are never woven");
        assertFalse(selection.mayMatchClassNamed("java.lang.ThreadLocal$ThreadLocalMap"));

        MethodSelection subtypes = MethodSelection.of(
                List.of(MethodSelector.parse("java.sql.Statement+"), MethodSelector.parse("java.util.AbstractList+")),
                List.of());
        assertTrue(subtypes.mayMatchClassNamed("org.h2.jdbc.JdbcStatement"), "a program's class may implement it");
        assertTrue(subtypes.mayMatchClassNamed("java.sql.PreparedStatement"), "a JDK type of its own package too");
        assertTrue(subtypes.mayMatchClassNamed("java.util.ArrayList"));
        assertFalse(
                subtypes.mayMatchClassNamed("java.lang.StringBuilder"),
                "JDK classes of other packages are turned away by name, before their bytes are read");

        MethodSelection.ClassSelection cart = selection.forType(new Type("com.shop.Cart"));
        assertTrue(cart.selects(new Method("checkout", "()V")));
        assertFalse(cart.selects(new Method("secret", "()V")));
        MethodSelection.ClassSelection list = selection.forType(new Type("java.util.ArrayList"));
        assertTrue(list.selects(new Method("add", "(Ljava/lang/Object;)Z")));
        assertFalse(list.selects(new Method("remove", "(I)Ljava/lang/Object;")));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "java.lang.String#*                  | java.lang.String",
                "java.lang.String                    | java.lang.String",
                "java.lang.String$CaseInsensitiveComparator | java.lang.String$CaseInsensitiveComparator",
                "java.lang.String$*                  | the nested classes of java.lang.String",
                "@Deprecated java.lang.Thread#stop   | java.lang.Thread",
                "java.lang.invoke.**                 | the classes in java.lang.invoke",
                "java.lang.invoke.*Handle#invoke*    | the classes in java.lang.invoke",
                "java.lang.invoke.MethodHandle       | java.lang.invoke.MethodHandle",
                "sun.**                              | the classes in sun",
                "jdk.internal.misc.Unsafe#*          | jdk.internal.misc.Unsafe",
                "jdk.internal.misc.*#*               | the classes in jdk.internal",
                "java.util.concurrent.atomic.AtomicLong#incrementAndGet | java.util.concurrent.atomic.AtomicLong",
                "java.util.concurrent.atomic.Atomic*                    | the classes in java.util.concurrent.atomic",
            })
    void saysWhenASelectorCanOnlySelectClassesTheProbeNeverWeaves(String selector, String scope) {
        assertEquals(scope, MethodSelection.neverWovenScope(MethodSelector.parse(selector)));
    }

    @ParameterizedTest
    @CsvSource({
        "java.lang.Str*",
        "java.lang.*",
        "java.lang.**",
        "java.lang.StringBuilder",
        "java.lang.Thread+#run",
        "!java.lang.String",
        "String#length",
        "java.lang.**.String",
        "java.util.ArrayList#add",
        "**",
        "java.**",
        "java.lang.ref",
        "java.lang.Stringy"
    })
    void saysNothingOfASelectorThatCanSelectOtherClasses(String selector) {
        assertEquals(null, MethodSelection.neverWovenScope(MethodSelector.parse(selector)));
    }

    /** Counts every character the parser reads. */
    private static final class CountingText implements CharSequence {
        private final String text;
        long reads;

        CountingText(String text) {
            this.text = text;
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public char charAt(int index) {
            reads++;
            return text.charAt(index);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            reads += end - start;
            return text.substring(start, end);
        }

        @Override
        public String toString() {
            reads += text.length();
            return text;
        }
    }

    static List<String> megabyteSelectors() {
        int mega = 1 << 20;
        return List.of(
                "a." + "b".repeat(mega),
                "a" + ".b".repeat(mega / 2),
                "a" + ".**".repeat(mega / 3),
                "a." + "*b".repeat(mega / 2),
                "a.B#" + "m".repeat(mega),
                "@" + "a.".repeat(mega / 2) + "A *",
                "a.B#c(" + "int, ".repeat(mega / 5) + "int)",
                "a.B#c(" + "java.lang.String".repeat(mega / 16) + ", ..)",
                "a.B#c(int" + "[]".repeat(mega / 2) + ")",
                " ".repeat(mega / 2) + "a.B" + " ".repeat(mega / 2),
                // errors found at the very end, their message built
                "a" + ".b".repeat(mega / 2) + "..",
                "a." + "b".repeat(mega) + "#-",
                "a.B#c(" + "int, ".repeat(mega / 5));
    }

    @ParameterizedTest(name = "[{index}]")
    @org.junit.jupiter.params.provider.MethodSource("megabyteSelectors")
    void parsingReadsEachCharacterOfAMegabyteSelectorAFewTimesAtMost(String selector) {
        CountingText text = new CountingText(selector);

        try {
            MethodSelector.parse(text);
        } catch (SelectorException expected) {
            // the message is built all the same
        }

        assertTrue(text.reads <= 8L * selector.length(), text.reads + " reads of " + selector.length() + " characters");
    }
}
