package dev.sonde.core.library;

/**
 * A SQL statement as the report shows it: every literal replaced by {@code ?} so that no value a program
 * sends to its database is kept, and statements that differ only in their values become one. Strings
 * ({@code 'O''Brien'}, PostgreSQL's {@code E'…'} and {@code $tag$…$tag$}), numbers ({@code 42}, {@code -1.5e3},
 * {@code 0x1F}) become {@code ?}; a list of them in parentheses, as {@code IN (1, 2, 3)} has, becomes
 * {@code (?)}; comments go; whitespace folds to single spaces. Identifiers stay, double-quoted and
 * back-quoted ones included (standard SQL's and MySQL's quoting of names), and so do bind markers
 * ({@code ?}, {@code :name}, {@code $1}), keywords, {@code NULL}, {@code TRUE} and {@code FALSE}.
 *
 * <p>One pass over the text, no parser: it must take any dialect, and a statement it cannot read still
 * comes out without its literals. Texts longer than {@value #MAX_LENGTH} characters are cut, with
 * {@code …} at the end.
 *
 * <p>No lambdas or string concatenation by {@code invokedynamic}: it runs on the program's threads while
 * their calls are recorded.
 */
public final class SqlText {

    /** The longest normalized text kept; longer ones are cut. */
    public static final int MAX_LENGTH = 2_000;

    private SqlText() {}

    public static String normalize(String sql) {
        StringBuilder out = new StringBuilder(Math.min(sql.length(), MAX_LENGTH + 1));
        int length = sql.length();
        int i = 0;
        while (i < length && out.length() <= MAX_LENGTH) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i = skipWhitespace(sql, i);
                space(out);
            } else if (c == '-' && at(sql, i + 1, '-')) {
                i = lineEnd(sql, i);
                space(out);
            } else if (c == '/' && at(sql, i + 1, '*')) {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? length : end + 2;
                space(out);
            } else if (c == '\'') {
                i = quoted(sql, i, '\'');
                literal(out);
            } else if ((c == 'E' || c == 'e' || c == 'N' || c == 'n' || c == 'X' || c == 'x' || c == 'B' || c == 'b')
                    && at(sql, i + 1, '\'')
                    && !identifierBefore(out)) {
                i = quoted(sql, i + 1, '\'');
                literal(out);
            } else if (c == '"' || c == '`') {
                int end = quoted(sql, i, c);
                out.append(sql, i, end);
                i = end;
            } else if (c == '$' && dollarTag(sql, i) > 0) {
                int tagEnd = dollarTag(sql, i);
                String tag = sql.substring(i, tagEnd);
                int close = sql.indexOf(tag, tagEnd);
                i = close < 0 ? length : close + tag.length();
                literal(out);
            } else if (isDigit(c) || (c == '.' && i + 1 < length && isDigit(sql.charAt(i + 1)))) {
                if (identifierBefore(out)) {
                    out.append(c); // part of a name such as t1, or a bind marker such as $1
                    i++;
                } else {
                    i = number(sql, i);
                    literal(out);
                }
            } else {
                out.append(c);
                i++;
            }
        }
        String text = collapseLists(out).toString().strip();
        if (text.length() > MAX_LENGTH) {
            return text.substring(0, MAX_LENGTH) + "…";
        }
        return text;
    }

    private static boolean at(String sql, int index, char c) {
        return index < sql.length() && sql.charAt(index) == c;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isIdentifierPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c == '@' || c == '#';
    }

    /** Whether the text so far ends inside a name or a bind marker, where a digit belongs to it. */
    private static boolean identifierBefore(StringBuilder out) {
        return out.length() > 0 && isIdentifierPart(out.charAt(out.length() - 1));
    }

    private static void space(StringBuilder out) {
        if (out.length() > 0 && out.charAt(out.length() - 1) != ' ') {
            out.append(' ');
        }
    }

    private static void literal(StringBuilder out) {
        out.append('?');
    }

    private static int skipWhitespace(String sql, int i) {
        while (i < sql.length() && Character.isWhitespace(sql.charAt(i))) {
            i++;
        }
        return i;
    }

    private static int lineEnd(String sql, int i) {
        while (i < sql.length() && sql.charAt(i) != '\n' && sql.charAt(i) != '\r') {
            i++;
        }
        return i;
    }

    /** The index after a quoted text starting at {@code start}, where a doubled quote stands for one. */
    private static int quoted(String sql, int start, char quote) {
        int i = start + 1;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (c == '\\' && quote == '\'' && i + 1 < sql.length()) {
                i += 2; // an escaped character, in the dialects that have them
            } else if (c == quote) {
                if (at(sql, i + 1, quote)) {
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        return sql.length();
    }

    /** The index after a dollar-quote's opening tag ({@code $$} or {@code $tag$}) at {@code start}, or 0. */
    private static int dollarTag(String sql, int start) {
        int i = start + 1;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (c == '$') {
                return i + 1;
            }
            if (!(Character.isLetter(c) || c == '_' || (i > start + 1 && isDigit(c)))) {
                return 0;
            }
            i++;
        }
        return 0;
    }

    private static int number(String sql, int i) {
        int length = sql.length();
        if (sql.charAt(i) == '0' && i + 1 < length && (sql.charAt(i + 1) == 'x' || sql.charAt(i + 1) == 'X')) {
            i += 2;
            while (i < length && Character.digit(sql.charAt(i), 16) >= 0) {
                i++;
            }
            return i;
        }
        while (i < length && (isDigit(sql.charAt(i)) || sql.charAt(i) == '.')) {
            i++;
        }
        if (i < length && (sql.charAt(i) == 'e' || sql.charAt(i) == 'E')) {
            int exponent = i + 1;
            if (exponent < length && (sql.charAt(exponent) == '+' || sql.charAt(exponent) == '-')) {
                exponent++;
            }
            if (exponent < length && isDigit(sql.charAt(exponent))) {
                i = exponent;
                while (i < length && isDigit(sql.charAt(i))) {
                    i++;
                }
            }
        }
        return i;
    }

    /**
     * Folds each parenthesized list of nothing but literals, {@code (?, ?, ?)}, into {@code (?)}, and a
     * sign before a literal ({@code = -?}) into the literal.
     */
    private static StringBuilder collapseLists(StringBuilder text) {
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        int length = text.length();
        while (i < length) {
            char c = text.charAt(i);
            if (c == '(') {
                int end = literalListEnd(text, i);
                if (end > 0) {
                    out.append("(?)");
                    i = end;
                    continue;
                }
            } else if (c == '-' && i + 1 < length && text.charAt(i + 1) == '?' && signPosition(out)) {
                i++; // the '?' follows
                continue;
            }
            out.append(c);
            i++;
        }
        return out;
    }

    /** The index after {@code (?, ?, …)} starting at {@code open} (at least one {@code ?}), or 0. */
    private static int literalListEnd(StringBuilder text, int open) {
        int i = open + 1;
        boolean expectLiteral = true;
        boolean any = false;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == ' ') {
                i++;
            } else if (expectLiteral && c == '?') {
                any = true;
                expectLiteral = false;
                i++;
            } else if (expectLiteral && c == '-' && i + 1 < text.length() && text.charAt(i + 1) == '?') {
                i++;
            } else if (!expectLiteral && c == ',') {
                expectLiteral = true;
                i++;
            } else if (!expectLiteral && c == ')' && any) {
                return i + 1;
            } else {
                return 0;
            }
        }
        return 0;
    }

    /** Whether a '-' written after {@code out} is a sign rather than a subtraction. */
    private static boolean signPosition(StringBuilder out) {
        int i = out.length() - 1;
        while (i >= 0 && out.charAt(i) == ' ') {
            i--;
        }
        if (i < 0) {
            return true;
        }
        char c = out.charAt(i);
        return c == '=' || c == '<' || c == '>' || c == '(' || c == ',' || c == '+' || c == '-' || c == '*' || c == '/';
    }
}
