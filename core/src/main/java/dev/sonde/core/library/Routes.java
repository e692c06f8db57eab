package dev.sonde.core.library;

/**
 * A request's name when the server knows no route for it: its method and its path, with each segment
 * that is an identifier rather than a place replaced by {@code {id}} (a number, a UUID, a long run of hex
 * digits), so that {@code GET /items/42} and {@code GET /items/43} are one name. Never the query string.
 */
final class Routes {

    /** The longest path kept; a longer one is cut, with {@code …} at the end. */
    static final int MAX_PATH = 200;
    /** Hex runs at least this long, with a digit among them, are identifiers (hashes, object ids). */
    static final int LONG_HEX = 16;

    private Routes() {}

    static String name(String method, String rawPath) {
        return (method == null ? "?" : method) + " " + path(rawPath);
    }

    /** {@code METHOD route}, for a route a framework chose: cut as a path is. */
    static String named(String method, String route) {
        return (method == null ? "?" : method) + " " + capped(route);
    }

    /** A path longer than {@value #MAX_PATH} characters cut, with {@code …} at the end. */
    private static String capped(String path) {
        return path.length() > MAX_PATH ? path.substring(0, MAX_PATH) + "…" : path;
    }

    static String path(String rawPath) {
        if (rawPath == null || rawPath.isEmpty()) {
            return "/";
        }
        int query = rawPath.indexOf('?');
        int length = query < 0 ? rawPath.length() : query;
        // built only when a segment is replaced: most paths are kept as they are
        StringBuilder out = null;
        int copied = 0;
        int start = 0;
        while (true) {
            int slash = rawPath.indexOf('/', start);
            int end = slash < 0 || slash > length ? length : slash;
            if (isIdentifier(rawPath, start, end)) {
                if (out == null) {
                    out = new StringBuilder(length + 8);
                }
                out.append(rawPath, copied, start).append("{id}");
                copied = end;
            }
            if (end == length) {
                break;
            }
            start = end + 1;
        }
        String path = out == null
                ? rawPath.substring(0, length)
                : out.append(rawPath, copied, length).toString();
        return capped(path);
    }

    static boolean isIdentifier(String segment) {
        return isIdentifier(segment, 0, segment.length());
    }

    /** Whether {@code text}'s characters from {@code start} to {@code end} are a number, a UUID or a long hex. */
    private static boolean isIdentifier(String text, int start, int end) {
        if (start == end) {
            return false;
        }
        return isNumber(text, start, end) || isUuid(text, start, end) || isLongHex(text, start, end);
    }

    private static boolean isNumber(String text, int start, int end) {
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static boolean isUuid(String text, int start, int end) {
        if (end - start != 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char c = text.charAt(start + i);
            boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
            if (dash ? c != '-' : Character.digit(c, 16) < 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean isLongHex(String text, int start, int end) {
        if (end - start < LONG_HEX) {
            return false;
        }
        boolean digit = false;
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (Character.digit(c, 16) < 0) {
                return false;
            }
            digit |= c >= '0' && c <= '9';
        }
        return digit;
    }
}
