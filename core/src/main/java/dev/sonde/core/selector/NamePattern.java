package dev.sonde.core.selector;

import java.util.Arrays;

/**
 * A dotted name with wildcards: {@code *} stands for any run of characters within one segment,
 * {@code **} for any run across segments, and {@code **.} after a dot or at the start for zero or more
 * whole segments. A pattern without a dot is matched against the simple name (what follows the last
 * dot), so {@code Cart} and {@code *Service} find classes in any package.
 *
 * <p>Matching is a hand-written loop over the pattern's tokens rather than {@code java.util.regex}: it
 * runs while classes load, including the JDK's own (a regex would load {@code java.util.regex} classes
 * in the middle of loading one of them), on patterns of any length (a regex recurses, and overflows the
 * stack on a few thousand {@code **}), in time proportional to pattern length times name length, and
 * it allocates nothing. It uses only {@code CharSequence} and arrays.
 */
final class NamePattern {

    private static final byte LITERAL = 0;
    /** {@code *}: any run of characters other than '.'. */
    private static final byte STAR = 1;
    /** {@code **}: any run of characters. */
    private static final byte ANY = 2;
    /** {@code **.} at the start or after a dot: zero or more whole segments, each with its dot. */
    private static final byte SEGMENTS = 3;

    private final String text;
    private final byte[] kinds;
    private final char[] literals;
    private final boolean simpleName;
    private final String literalPrefix;

    private NamePattern(String text) {
        this.text = text;
        int length = text.length();
        byte[] kinds = new byte[length];
        char[] literals = new char[length];
        int tokens = 0;
        boolean dot = false;
        boolean doubleStar = false;
        int firstWildcard = -1;
        int i = 0;
        while (i < length) {
            char c = text.charAt(i);
            if (c == '*') {
                if (firstWildcard < 0) {
                    firstWildcard = i;
                }
                if (i + 1 < length && text.charAt(i + 1) == '*') {
                    doubleStar = true;
                    // "a.**.b" also matches "a.b": the segment wildcard may stand for no segment at all
                    boolean dotAfter = i + 2 < length && text.charAt(i + 2) == '.';
                    boolean dotBefore = i > 0 && text.charAt(i - 1) == '.';
                    if (dotAfter && (dotBefore || i == 0)) {
                        kinds[tokens++] = SEGMENTS;
                        i += 3;
                    } else {
                        kinds[tokens++] = ANY;
                        i += 2;
                    }
                    continue;
                }
                kinds[tokens++] = STAR;
            } else {
                dot |= c == '.';
                kinds[tokens] = LITERAL;
                literals[tokens++] = c;
            }
            i++;
        }
        this.kinds = Arrays.copyOf(kinds, tokens);
        this.literals = Arrays.copyOf(literals, tokens);
        this.simpleName = !dot && !doubleStar;
        this.literalPrefix = simpleName ? "" : firstWildcard < 0 ? text : text.substring(0, firstWildcard);
    }

    static NamePattern of(String text) {
        return new NamePattern(text);
    }

    boolean matches(CharSequence dottedName) {
        int length = dottedName.length();
        int prefix = literalPrefix.length();
        if (length < prefix) {
            return false;
        }
        for (int i = 0; i < prefix; i++) {
            if (dottedName.charAt(i) != literalPrefix.charAt(i)) {
                return false;
            }
        }
        int from = 0;
        if (simpleName) {
            for (int i = length - 1; i >= 0; i--) {
                if (dottedName.charAt(i) == '.') {
                    from = i + 1;
                    break;
                }
            }
        }
        return matches(kinds, literals, dottedName, from);
    }

    /**
     * Whether the tokens match {@code name} from {@code from} to its end. Two restart points, as in
     * the classic linear glob match: the last {@code *} and the last {@code **}. On a mismatch the
     * {@code *} takes one more character, unless it would cross a dot; then the {@code **} does. When a
     * {@code *} could take no more, no start of the text after the {@code **} within the same segment
     * can succeed either (the dots that follow fix where each later segment of it lies), so the
     * {@code **} moves on to the next segment: each name character is revisited at most once per
     * pattern token.
     */
    private static boolean matches(byte[] kinds, char[] literals, CharSequence name, int from) {
        int tokens = kinds.length;
        int end = name.length();
        int p = 0;
        int n = from;
        int starP = -1;
        int starN = 0;
        int skipP = -1;
        int skipN = 0;
        boolean skipSegments = false;
        while (true) {
            if (p < tokens) {
                byte kind = kinds[p];
                if (kind == ANY || kind == SEGMENTS) {
                    skipP = ++p;
                    skipN = n;
                    skipSegments = kind == SEGMENTS;
                    starP = -1;
                    continue;
                }
                if (kind == STAR) {
                    starP = ++p;
                    starN = n;
                    continue;
                }
                if (n < end && name.charAt(n) == literals[p]) {
                    p++;
                    n++;
                    continue;
                }
            } else if (n == end) {
                return true;
            }
            if (starP >= 0 && starN < end && name.charAt(starN) != '.') {
                p = starP;
                n = ++starN;
                continue;
            }
            if (skipP < 0) {
                return false;
            }
            if (skipSegments || starP >= 0) {
                while (skipN < end && name.charAt(skipN) != '.') {
                    skipN++;
                }
                if (skipN == end) {
                    return false;
                }
                skipN++;
            } else if (skipN < end) {
                skipN++;
            } else {
                return false;
            }
            starP = -1;
            p = skipP;
            n = skipN;
        }
    }

    /** The characters every matching name starts with; empty when the pattern matches simple names. */
    String literalPrefix() {
        return literalPrefix;
    }

    boolean isWildcard() {
        return text.indexOf('*') >= 0;
    }

    /** Whether the pattern is matched against the simple name (it has no dot and no {@code **}). */
    boolean isSimpleName() {
        return simpleName;
    }

    String text() {
        return text;
    }

    @Override
    public String toString() {
        return text;
    }
}
