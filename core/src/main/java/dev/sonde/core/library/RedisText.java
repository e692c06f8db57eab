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
    private static final String[] KEYLESS_COMMANDS = sorted(
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
    private static final String[] CONTAINER_COMMANDS = sorted(
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
        return of(Command.named(command), first);
    }

    /** The text of {@code command} whose first argument is {@code first} (or null). */
    static String of(Command command, byte[] first) {
        if (first == null || command.shape == Command.KEYLESS) {
            return command.name;
        }
        if (command.shape == Command.CONTAINER) {
            return command.name + " " + subcommand(first);
        }
        String fast = asciiText(command.name, first);
        if (fast != null) {
            return fast;
        }
        StringBuilder out = new StringBuilder(command.name.length() + 1 + Math.min(first.length, MAX_KEY) + 8);
        out.append(command.name).append(' ');
        keyPattern(out, first);
        return out.toString();
    }

    /**
     * {@code name key-pattern} in one pass over the key's bytes, for the usual key: ASCII, whose pattern
     * fits in {@value #MAX_KEY} characters; null for any other, which the general path takes.
     */
    private static String asciiText(String name, byte[] key) {
        if (key.length > MAX_KEY) {
            return null;
        }
        int prefix = name.length() + 1;
        byte[] out = new byte[prefix + 3 * key.length + 4];
        for (int i = 0; i < name.length(); i++) {
            out[i] = (byte) name.charAt(i);
        }
        out[prefix - 1] = ' ';
        int at = prefix;
        int start = 0;
        int digits = 0;
        for (int i = 0; i <= key.length; i++) {
            byte b = i < key.length ? key[i] : 0;
            if (b < 0) {
                return null;
            }
            if (i < key.length && !isSeparator((char) b)) {
                if (b >= '0' && b <= '9') {
                    digits++;
                }
                continue;
            }
            int length = i - start;
            if (length > 0 && digits == length) {
                out[at++] = '{';
                out[at++] = 'n';
                out[at++] = '}';
            } else if (digits >= 3 || (digits > 0 && length >= 8) || length > 32) {
                out[at++] = '{';
                out[at++] = 'i';
                out[at++] = 'd';
                out[at++] = '}';
            } else {
                System.arraycopy(key, start, out, at, length);
                at += length;
            }
            if (i < key.length) {
                out[at++] = b;
            }
            start = i + 1;
            digits = 0;
        }
        if (at - prefix > MAX_KEY) {
            return null;
        }
        return new String(out, 0, at, StandardCharsets.ISO_8859_1);
    }

    /**
     * The command a client's object stands for, read through its {@code bytesMethod} (Jedis's {@code
     * getRaw}, Lettuce's {@code getBytes}), a byte array or a string itself: worked out once per constant
     * when it is an enum's (the clients' own commands). Null when it cannot be read.
     */
    static Command commandOf(Object command, String bytesMethod) {
        if (command instanceof Enum) {
            Enum<?> constant = (Enum<?>) command;
            Command[] known = COMMANDS.get(constant.getDeclaringClass());
            int ordinal = constant.ordinal();
            if (ordinal < known.length) {
                Command name = known[ordinal];
                if (name == null) {
                    name = read(command, bytesMethod);
                    known[ordinal] = name; // the same for every thread that gets here: a race is harmless
                }
                return name;
            }
        }
        return read(command, bytesMethod);
    }

    private static Command read(Object command, String bytesMethod) {
        Object raw =
                command instanceof byte[] || command instanceof String ? command : Reflect.call(command, bytesMethod);
        if (raw instanceof byte[]) {
            return Command.named(new String((byte[]) raw, StandardCharsets.UTF_8));
        }
        return raw instanceof String ? Command.named((String) raw) : null;
    }

    /** Room for each constant of an enum of commands. */
    private static final ClassValue<Command[]> COMMANDS = new ClassValue<Command[]>() {
        @Override
        protected Command[] computeValue(Class<?> type) {
            Object[] constants = type.getEnumConstants();
            return new Command[constants == null ? 0 : constants.length];
        }
    };

    /** A command's name, upper case, and what its first argument is: worked out once per command. */
    static final class Command {
        static final int KEYED = 0;
        static final int KEYLESS = 1;
        static final int CONTAINER = 2;

        final String name;
        final int shape;

        private Command(String name, int shape) {
            this.name = name;
            this.shape = shape;
        }

        static Command named(String command) {
            String name = command.toUpperCase(java.util.Locale.ROOT);
            int shape = Arrays.binarySearch(CONTAINER_COMMANDS, name) >= 0
                    ? CONTAINER
                    : Arrays.binarySearch(KEYLESS_COMMANDS, name) >= 0 ? KEYLESS : KEYED;
            return new Command(name, shape);
        }
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
        StringBuilder out = new StringBuilder(Math.min(raw.length, MAX_KEY) + 8);
        keyPattern(out, raw);
        return out.toString();
    }

    /** Appends the key's pattern to {@code out}, at most {@value #MAX_KEY} characters of it. */
    private static void keyPattern(StringBuilder out, byte[] raw) {
        CharSequence key = ascii(raw) ? new Ascii(raw) : new String(raw, StandardCharsets.UTF_8);
        int from = out.length();
        int start = 0;
        for (int i = 0; i <= key.length(); i++) {
            if (i == key.length() || isSeparator(key.charAt(i))) {
                segment(out, key, start, i);
                if (i < key.length()) {
                    out.append(key.charAt(i));
                }
                start = i + 1;
                if (out.length() - from > MAX_KEY) {
                    out.setLength(from + MAX_KEY);
                    out.append('…');
                    return;
                }
            }
        }
    }

    private static boolean ascii(byte[] raw) {
        for (byte b : raw) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }

    /** ASCII bytes read as characters, without a copy. */
    private static final class Ascii implements CharSequence {
        private final byte[] bytes;

        Ascii(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public int length() {
            return bytes.length;
        }

        @Override
        public char charAt(int index) {
            return (char) bytes[index];
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new String(bytes, start, end - start, StandardCharsets.US_ASCII);
        }

        @Override
        public String toString() {
            return new String(bytes, StandardCharsets.US_ASCII);
        }
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

    private static void segment(StringBuilder out, CharSequence key, int start, int end) {
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
