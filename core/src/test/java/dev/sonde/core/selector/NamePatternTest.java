package dev.sonde.core.selector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The glob matcher against the regular expressions it replaced, on every small pattern and name and on
 * many random ones; and what it must not do: recurse, take more than pattern × name steps, allocate,
 * or touch {@code java.util.regex}.
 */
class NamePatternTest {

    /** The former implementation, kept as the reference: the pattern translated to a regular expression. */
    static final class Reference {
        private final boolean simpleName;
        private final Pattern regex;

        Reference(String pattern) {
            simpleName = pattern.indexOf('.') < 0 && !pattern.contains("**");
            StringBuilder regex = new StringBuilder();
            int i = 0;
            while (i < pattern.length()) {
                char c = pattern.charAt(i);
                if (c == '*') {
                    if (i + 1 < pattern.length() && pattern.charAt(i + 1) == '*') {
                        boolean dotAfter = i + 2 < pattern.length() && pattern.charAt(i + 2) == '.';
                        boolean dotBefore = i > 0 && pattern.charAt(i - 1) == '.';
                        if (dotAfter && (dotBefore || i == 0)) {
                            regex.append("(?:.*\\.)?");
                            i += 3;
                        } else {
                            regex.append(".*");
                            i += 2;
                        }
                        continue;
                    }
                    regex.append("[^.]*");
                } else {
                    regex.append(Pattern.quote(String.valueOf(c)));
                }
                i++;
            }
            this.regex = Pattern.compile(regex.toString());
        }

        boolean matches(String name) {
            return regex.matcher(simpleName ? name.substring(name.lastIndexOf('.') + 1) : name)
                    .matches();
        }
    }

    /** Every string of up to {@code maxLength} characters from {@code alphabet}. */
    private static List<String> allStrings(String alphabet, int maxLength) {
        List<String> all = new ArrayList<>(List.of(""));
        int from = 0;
        for (int length = 1; length <= maxLength; length++) {
            int to = all.size();
            for (int i = from; i < to; i++) {
                for (char c : alphabet.toCharArray()) {
                    all.add(all.get(i) + c);
                }
            }
            from = to;
        }
        return all;
    }

    @Test
    void agreesWithTheRegularExpressionsOnEverySmallPatternAndName() {
        List<String> names = allStrings("ab.", 6);
        int compared = 0;
        for (String pattern : allStrings("a.*", 6)) {
            NamePattern glob = NamePattern.of(pattern);
            Reference reference = new Reference(pattern);
            for (String name : names) {
                assertEquals(reference.matches(name), glob.matches(name), () -> "'" + pattern + "' on '" + name + "'");
                compared++;
            }
        }
        assertEquals(1093 * 1093, compared);
    }

    @Test
    void agreesWithTheRegularExpressionsOnRandomPatternsAndNames() {
        String[] patternParts = {"a", "b", "$", ".", "*", "**", "**.", ".**.", "ab", "a.b"};
        String[] nameParts = {"a", "b", "$", ".", "ab", "ba"};
        Random random = new Random(20_240_601);
        for (int round = 0; round < 20_000; round++) {
            String pattern = concatenate(random, patternParts, 1 + random.nextInt(8));
            NamePattern glob = NamePattern.of(pattern);
            Reference reference = new Reference(pattern);
            for (int n = 0; n < 50; n++) {
                String name = concatenate(random, nameParts, random.nextInt(12));
                CountingText counted = new CountingText(name);
                assertEquals(
                        reference.matches(name), glob.matches(counted), () -> "'" + pattern + "' on '" + name + "'");
                assertTrue(
                        counted.reads <= 2L * (pattern.length() + 1) * (name.length() + 1),
                        () -> counted.reads + " reads for '" + pattern + "' on '" + name + "'");
            }
            // a name the pattern is sure to match when its wildcards are replaced, so that matches are not rare
            String filled = pattern.replace("**", "a.b").replace("*", "ab");
            assertEquals(
                    reference.matches(filled), glob.matches(filled), () -> "'" + pattern + "' on '" + filled + "'");
        }
    }

    private static String concatenate(Random random, String[] parts, int count) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < count; i++) {
            text.append(parts[random.nextInt(parts.length)]);
        }
        return text.toString();
    }

    @ParameterizedTest(name = "{0} matches {1}: {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "com.shop.**         | com.shop.a.b.Deep    | true",
                "com.shop.**         | com.shop             | false",
                "com.shop.**         | com.shopping.Cart    | false",
                "com.shop.*          | com.shop.a.Deep      | false",
                "com.**.Repo         | com.Repo             | true",
                "com.**.Repo         | com.a.b.Repo         | true",
                "com.**.Repo         | com.a.b.XRepo        | false",
                "**.Repo             | Repo                 | true",
                "**.Repo             | a.Repo               | true",
                "com.*Service        | com.OrderService     | true",
                "com.*Service        | com.a.OrderService   | false",
                "*Service            | org.x.PaymentService | true",
                "Cart                | com.shop.Cart        | true",
                "Cart                | com.shop.Carts       | false",
                "acc.Shapes$*        | acc.Shapes$Circle    | true",
                "**                  | any.where.At         | true",
                "*                   | any.where.At         | true",
            })
    void matchesAsTheReadmeSays(String pattern, String name, boolean expected) {
        assertEquals(expected, NamePattern.of(pattern).matches(name));
        assertEquals(expected, new Reference(pattern).matches(name));
    }

    @Test
    void twelveThousandSegmentWildcardsDoNotOverflowTheStack() {
        NamePattern pattern = NamePattern.of("com." + "**.".repeat(12_000) + "Cart");

        assertTrue(pattern.matches("com.Cart"));
        assertTrue(pattern.matches("com.a.b.c.d.Cart"));
        assertFalse(pattern.matches("com.a.b.c.d.Carts"));
        assertFalse(pattern.matches("org.Cart"));
    }

    /** Counts every character the matcher reads. */
    static final class CountingText implements CharSequence {
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

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                // a '*' restarted at every character, then the '**' before it at every character: quadratic if done
                // naively
                "'**a*b'                          | 'a'      | 20000",
                "'**.a*b'                         | 'a'      | 20000",
                "'**.a*b'                         | 'a.'     | 10000",
                "'**a.a*b'                        | 'a.'     | 10000",
                "'**a**a**a**a**a**a**a**a**b'    | 'a'      | 20000",
                "'*a*a*a*a*a*a*a*a*b'             | 'a'      | 20000",
                "'**.*.*.*.*.*.*.x'               | 'a.'     | 10000",
                "'a.**.a.**.a.**.a.**.b'          | 'a.'     | 10000",
            })
    void readsEachNameCharacterAtMostAboutOncePerPatternToken(String pattern, String unit, int repeats) {
        CountingText name = new CountingText(unit.repeat(repeats));

        boolean matched = NamePattern.of(pattern).matches(name);

        assertFalse(matched);
        long bound = 2L * (pattern.length() + 1) * (name.length() + 1);
        assertTrue(
                name.reads <= bound,
                name.reads + " reads of a name of " + name.length() + " for '" + pattern + "'; at most " + bound);
    }

    @Test
    void allocatesNothingWhileMatching() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        NamePattern[] patterns = {
            NamePattern.of("com.**.Repo"),
            NamePattern.of("*Service"),
            NamePattern.of("a.*.b.**"),
            NamePattern.of("com.shop.**")
        };
        String[] names = {"com.a.b.Repo", "org.x.PaymentService", "a.x.b.c.d", "com.shop.Cart", "com.shopping.Cart"};
        int matched = 0;
        for (int i = 0; i < 1000; i++) {
            matched += count(patterns, names);
        }
        long thread = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(thread);
        for (int i = 0; i < 100_000; i++) {
            matched += count(patterns, names);
        }
        long allocated = threads.getThreadAllocatedBytes(thread) - before;

        assertEquals(101_000 * 4, matched);
        assertTrue(allocated < 10_000, allocated + " bytes allocated by 2,000,000 matches");
    }

    private static int count(NamePattern[] patterns, String[] names) {
        int matched = 0;
        for (NamePattern pattern : patterns) {
            for (String name : names) {
                if (pattern.matches(name)) {
                    matched++;
                }
            }
        }
        return matched;
    }

    @Test
    void selectorsNeverReachForJavaUtilRegex() throws IOException, URISyntaxException {
        // selecting java.util.** weaves java.util.regex; a matcher that used it would load it while it is being loaded
        Path classes = Path.of(
                        NamePattern.class.getResource("NamePattern.class").toURI())
                .getParent();
        List<String> checked = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(classes, "*.class")) {
            for (Path file : files) {
                String constants = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                assertFalse(constants.contains("java/util/regex"), file + " refers to java.util.regex");
                checked.add(file.getFileName().toString());
            }
        }
        assertTrue(checked.contains("MethodSelector$Parser.class"), checked.toString());
    }
}
