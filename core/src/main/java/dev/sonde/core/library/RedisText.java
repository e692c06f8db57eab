package dev.sonde.core.library;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A Redis command as the reports show it: its name and, when its first argument is a key, the key's
 * pattern, never any other argument ({@code SMEMBERS user:{n}:history}). A key is split at the usual
 * separators ({@code : / . | # , = @ { }} and spaces); a segment of digits becomes {@code {n}}, one that
 * mixes in three or more digits, or one digit and eight or more characters (a UUID, a hash, a token), or
 * that is longer than 32 characters, becomes {@code {id}}. A key pattern is cut at
 * {@value #MAX_KEY} characters.
 */
final class RedisText {

    static final int MAX_KEY = 100;

    /** Commands whose first argument is not a key (a password, a script, a number of keys, a cursor…). */
    private static final String[] KEYLESS = sorted(
            "ACL",
            "AUTH",
            "BGREWRITEAOF",
            "BGSAVE",
            "BITOP",
            "BLMPOP",
            "BZMPOP",
            "CLIENT",
            "CLUSTER",
            "COMMAND",
            "CONFIG",
            "DBSIZE",
            "DEBUG",
            "DISCARD",
            "ECHO",
            "EVAL",
            "EVALSHA",
            "EVALSHA_RO",
            "EVAL_RO",
            "EXEC",
            "FAILOVER",
            "FCALL",
            "FCALL_RO",
            "FLUSHALL",
            "FLUSHDB",
            "FUNCTION",
            "HELLO",
            "INFO",
            "LASTSAVE",
            "LATENCY",
            "LMPOP",
            "LOLWUT",
            "MEMORY",
            "MIGRATE",
            "MODULE",
            "MONITOR",
            "MULTI",
            "OBJECT",
            "PFDEBUG",
            "PING",
            "PSYNC",
            "PUBSUB",
            "QUIT",
            "RANDOMKEY",
            "READONLY",
            "READWRITE",
            "REPLICAOF",
            "RESET",
            "ROLE",
            "SAVE",
            "SCAN",
            "SCRIPT",
            "SELECT",
            "SENTINEL",
            "SHUTDOWN",
            "SINTERCARD",
            "SLAVEOF",
            "SLOWLOG",
            "SWAPDB",
            "SYNC",
            "TIME",
            "UNWATCH",
            "WAIT",
            "WAITAOF",
            "XGROUP",
            "XINFO",
            "XREAD",
            "XREADGROUP",
            "ZDIFF",
            "ZINTER",
            "ZINTERCARD",
            "ZMPOP",
            "ZUNION");

    /** Commands whose first argument names a subcommand, shown with it ({@code CONFIG GET}). */
    private static final String[] CONTAINERS = sorted(
            "ACL",
            "CLIENT",
            "CLUSTER",
            "COMMAND",
            "CONFIG",
            "FUNCTION",
            "LATENCY",
            "MEMORY",
            "MODULE",
            "OBJECT",
            "PUBSUB",
            "SCRIPT",
            "SLOWLOG",
            "XGROUP",
            "XINFO");

    private RedisText() {}

    private static String[] sorted(String... names) {
        String[] copy = names.clone();
        Arrays.sort(copy);
        return copy;
    }

    /** The text of a command named {@code command} whose first argument is {@code first} (or null). */
    static String of(String command, byte[] first) {
        String name = command.toUpperCase(java.util.Locale.ROOT);
        if (first == null) {
            return name;
        }
        if (Arrays.binarySearch(CONTAINERS, name) >= 0) {
            return name + " " + subcommand(first);
        }
        if (Arrays.binarySearch(KEYLESS, name) >= 0) {
            return name;
        }
        return name + " " + keyPattern(first);
    }

    /** A subcommand's name: letters, digits, '-' and '_' only, else nothing of it. */
    private static String subcommand(byte[] raw) {
        if (raw.length == 0 || raw.length > 32) {
            return "?";
        }
        StringBuilder out = new StringBuilder(raw.length);
        for (byte b : raw) {
            char c = (char) (b & 0xff);
            if (!(Character.isLetterOrDigit(c) && c < 128) && c != '-' && c != '_') {
                return "?";
            }
            out.append(Character.toUpperCase(c));
        }
        return out.toString();
    }

    /** The key's pattern: its segments of letters kept, those that identify something replaced. */
    static String keyPattern(byte[] raw) {
        String key = new String(raw, StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(Math.min(key.length(), MAX_KEY) + 8);
        int start = 0;
        for (int i = 0; i <= key.length(); i++) {
            if (i == key.length() || isSeparator(key.charAt(i))) {
                segment(out, key, start, i);
                if (i < key.length()) {
                    out.append(key.charAt(i));
                }
                start = i + 1;
                if (out.length() > MAX_KEY) {
                    return out.substring(0, MAX_KEY) + "…";
                }
            }
        }
        return out.toString();
    }

    private static boolean isSeparator(char c) {
        switch (c) {
            case ':':
            case '/':
            case '.':
            case '|':
            case '#':
            case ',':
            case '=':
            case '@':
            case '{':
            case '}':
            case ' ':
                return true;
            default:
                return false;
        }
    }

    private static void segment(StringBuilder out, String key, int start, int end) {
        int digits = 0;
        for (int i = start; i < end; i++) {
            char c = key.charAt(i);
            if (c >= '0' && c <= '9') {
                digits++;
            }
        }
        int length = end - start;
        if (length > 0 && digits == length) {
            out.append("{n}");
        } else if (digits >= 3 || (digits > 0 && length >= 8) || length > 32) {
            out.append("{id}");
        } else {
            out.append(key, start, end);
        }
    }
}
