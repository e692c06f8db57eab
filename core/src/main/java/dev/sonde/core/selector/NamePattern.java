package dev.sonde.core.selector;

import java.util.regex.Pattern;

/**
 * A dotted name with wildcards: {@code *} stands for any run of characters within one segment,
 * {@code **} for any run across segments. A pattern without a dot is matched against the simple
 * name (what follows the last dot), so {@code Cart} and {@code *Service} find classes in any package.
 */
final class NamePattern {

    private final String text;
    private final Pattern regex;
    private final boolean simpleName;
    private final String literalPrefix;

    private NamePattern(String text) {
        this.text = text;
        this.simpleName = text.indexOf('.') < 0 && !text.contains("**");
        this.regex = Pattern.compile(toRegex(text));
        int wildcard = text.indexOf('*');
        this.literalPrefix = simpleName ? "" : wildcard < 0 ? text : text.substring(0, wildcard);
    }

    static NamePattern of(String text) {
        return new NamePattern(text);
    }

    boolean matches(String dottedName) {
        if (!dottedName.startsWith(literalPrefix)) {
            return false;
        }
        String subject = simpleName ? dottedName.substring(dottedName.lastIndexOf('.') + 1) : dottedName;
        return regex.matcher(subject).matches();
    }

    /** The characters every matching name starts with; empty when the pattern matches simple names. */
    String literalPrefix() {
        return literalPrefix;
    }

    boolean isWildcard() {
        return text.indexOf('*') >= 0;
    }

    String text() {
        return text;
    }

    private static String toRegex(String text) {
        StringBuilder regex = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '*') {
                if (i + 1 < text.length() && text.charAt(i + 1) == '*') {
                    // "a.**.b" also matches "a.b": the segment wildcard may stand for no segment at all
                    boolean dotAfter = i + 2 < text.length() && text.charAt(i + 2) == '.';
                    boolean dotBefore = i > 0 && text.charAt(i - 1) == '.';
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
        return regex.toString();
    }

    @Override
    public String toString() {
        return text;
    }
}
