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
        String path = query < 0 ? rawPath : rawPath.substring(0, query);
        StringBuilder out = new StringBuilder(path.length());
        int start = 0;
        while (start <= path.length()) {
            int slash = path.indexOf('/', start);
            int end = slash < 0 ? path.length() : slash;
            String segment = path.substring(start, end);
            out.append(isIdentifier(segment) ? "{id}" : segment);
            if (slash < 0) {
                break;
            }
            out.append('/');
            start = slash + 1;
        }
        return capped(out.toString());
    }

    static boolean isIdentifier(String segment) {
        if (segment.isEmpty()) {
            return false;
        }
        return isNumber(segment) || isUuid(segment) || isLongHex(segment);
    }

    private static boolean isNumber(String segment) {
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static boolean isUuid(String segment) {
        if (segment.length() != 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char c = segment.charAt(i);
            boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
            if (dash ? c != '-' : Character.digit(c, 16) < 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean isLongHex(String segment) {
        if (segment.length() < LONG_HEX) {
            return false;
        }
        boolean digit = false;
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (Character.digit(c, 16) < 0) {
                return false;
            }
            digit |= c >= '0' && c <= '9';
        }
        return digit;
    }
}
