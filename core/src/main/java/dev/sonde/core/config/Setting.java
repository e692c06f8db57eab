package dev.sonde.core.config;

import dev.sonde.core.selector.MethodSelection;
import dev.sonde.core.selector.MethodSelector;
import dev.sonde.core.selector.SelectorException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One user-facing setting, declared by the part of the probe that reads it: its key (agent argument,
 * properties-file key and, with {@code sonde.}/{@code SONDE_} prefixes, system property and environment
 * variable), its default, its meaning, and how its text becomes a value. The README's settings tables
 * are checked against these declarations by a test.
 *
 * @param <T> the type of the value
 */
public final class Setting<T> {

    /** Reads a setting's text; throws {@link InvalidValue} with the reason when it is not a value. */
    interface Parser<T> {
        T parse(String text, Parts parts) throws InvalidValue;
    }

    /** A text that is not a value of the setting; the message is the reason, e.g. {@code 'x' is not a whole number}. */
    static final class InvalidValue extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidValue(String reason) {
            super(reason);
        }
    }

    /** What a parser of a list says about single items of it: one refused, one that does less than it seems. */
    interface Parts {
        void refuse(String item, String reason);

        /** {@code what} names the item ("the selector 'a.B'"), {@code consequence} says what follows. */
        void warn(String what, String consequence);
    }

    private final String key;
    private final String defaultValue;
    private final String description;
    private final Parser<T> parser;
    private final boolean addsUp;

    private Setting(String key, String defaultValue, String description, Parser<T> parser, boolean addsUp) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.description = description;
        this.parser = parser;
        this.addsUp = addsUp;
    }

    /** {@code true} or {@code false}, any case. */
    public static Setting<Boolean> flag(String key, boolean defaultValue, String description) {
        return new Setting<>(key, Boolean.toString(defaultValue), description, new Builtin<>(Builtin.FLAG), false);
    }

    /** A whole number from {@code min} to {@code max}. */
    public static Setting<Integer> number(String key, int defaultValue, int min, int max, String description) {
        Builtin<Integer> parser = new Builtin<>(Builtin.NUMBER);
        parser.min = min;
        parser.max = max;
        return new Setting<>(key, Integer.toString(defaultValue), description, parser, false);
    }

    /** A positive whole number, up to {@link Long#MAX_VALUE}. */
    public static Setting<Long> count(String key, long defaultValue, String description) {
        return new Setting<>(key, Long.toString(defaultValue), description, new Builtin<>(Builtin.COUNT), false);
    }

    /** Any text; an empty one means "none". */
    public static Setting<String> text(String key, String defaultValue, String description) {
        return new Setting<>(key, defaultValue, description, new Builtin<>(Builtin.TEXT), false);
    }

    /** A directory, made absolute against the working directory. */
    public static Setting<Path> directory(String key, String defaultValue, String description) {
        return new Setting<>(key, defaultValue, description, new Builtin<>(Builtin.DIRECTORY), false);
    }

    /** An octal file mode such as {@code 600}, whose owner may read and write. */
    public static Setting<Set<PosixFilePermission>> fileMode(String key, String defaultValue, String description) {
        return new Setting<>(key, defaultValue, description, new Builtin<>(Builtin.FILE_MODE), false);
    }

    /**
     * Method selectors, separated by ':' or ';', adding up when the key is given more than once; a
     * malformed one is refused on its own and the others apply. With {@code warnNeverWoven}, a selector
     * that can only select classes the probe never weaves is accepted with a warning.
     */
    public static Setting<List<MethodSelector>> selectors(String key, String description, boolean warnNeverWoven) {
        Builtin<List<MethodSelector>> parser = new Builtin<>(Builtin.SELECTORS);
        parser.warnNeverWoven = warnNeverWoven;
        return new Setting<>(key, "", description, parser, true);
    }

    /**
     * Names from a known set, separated by ',' (or ':' or ';'), adding up when the key is given more than
     * once; {@code all} stands for every known name and {@code none} for no name. A name not in the set is
     * refused on its own, with the known ones listed, and the others apply; a name given twice counts once.
     */
    public static Setting<List<String>> names(String key, String defaultValue, List<String> known, String description) {
        Builtin<List<String>> parser = new Builtin<>(Builtin.NAMES);
        parser.known = List.copyOf(known);
        return new Setting<>(key, defaultValue, description, parser, true);
    }

    /**
     * The parsers of the kinds above, in one class rather than one class each: every class loaded while
     * the probe starts is start-up time the program pays.
     */
    private static final class Builtin<T> implements Parser<T> {
        static final int FLAG = 0;
        static final int NUMBER = 1;
        static final int COUNT = 2;
        static final int TEXT = 3;
        static final int DIRECTORY = 4;
        static final int FILE_MODE = 5;
        static final int SELECTORS = 6;
        static final int NAMES = 7;

        private final int kind;
        int min;
        int max;
        boolean warnNeverWoven;
        List<String> known;

        Builtin(int kind) {
            this.kind = kind;
        }

        @Override
        @SuppressWarnings("unchecked")
        public T parse(String text, Parts parts) throws InvalidValue {
            return (T) parseAny(text, parts);
        }

        private Object parseAny(String text, Parts parts) throws InvalidValue {
            switch (kind) {
                case FLAG:
                    String flag = text.strip().toLowerCase(Locale.ROOT);
                    if (!flag.equals("true") && !flag.equals("false")) {
                        throw new InvalidValue("'" + text + "' is neither true nor false");
                    }
                    return Boolean.valueOf(flag);
                case NUMBER:
                    String number = text.strip();
                    int n;
                    try {
                        n = Integer.parseInt(number);
                    } catch (NumberFormatException e) {
                        throw new InvalidValue("'" + number + "' is not a whole number");
                    }
                    if (n < min || n > max) {
                        throw new InvalidValue("'" + number + "' is not between " + min + " and " + max);
                    }
                    return n;
                case COUNT:
                    String count = text.strip();
                    long c;
                    try {
                        c = Long.parseLong(count);
                    } catch (NumberFormatException e) {
                        throw new InvalidValue("'" + count + "' is not a whole number");
                    }
                    if (c < 1) {
                        throw new InvalidValue("'" + count + "' is not a positive whole number");
                    }
                    return c;
                case TEXT:
                    return text;
                case DIRECTORY:
                    try {
                        return Path.of(text).toAbsolutePath().normalize();
                    } catch (RuntimeException e) {
                        throw new InvalidValue("'" + text + "' is not a path: " + e.getMessage());
                    }
                case FILE_MODE:
                    Set<PosixFilePermission> permissions = permissions(text.strip());
                    if (permissions == null
                            || !permissions.contains(PosixFilePermission.OWNER_READ)
                            || !permissions.contains(PosixFilePermission.OWNER_WRITE)) {
                        throw new InvalidValue("'" + text + "' is not an octal file mode like 600, 640 or 644"
                                + " (three digits from 0 to 7, the first 6 or 7 so that the owner may read and write)");
                    }
                    return permissions;
                case SELECTORS:
                    return selectors(text, parts);
                case NAMES:
                    return names(text, parts);
                default:
                    throw new IllegalStateException("no parser of kind " + kind);
            }
        }

        private List<String> names(String text, Parts parts) {
            List<String> names = new ArrayList<>();
            int start = 0;
            for (int i = 0; i <= text.length(); i++) {
                char c = i < text.length() ? text.charAt(i) : ',';
                if (c != ',' && c != ':' && c != ';') {
                    continue;
                }
                String name = text.substring(start, i).strip().toLowerCase(Locale.ROOT);
                start = i + 1;
                if (name.isEmpty()) {
                    continue;
                }
                if (name.equals("all")) {
                    for (String each : known) {
                        if (!names.contains(each)) {
                            names.add(each);
                        }
                    }
                } else if (name.equals("none")) {
                    // nothing added: with nothing else given, no name at all
                } else if (!known.contains(name)) {
                    parts.refuse(
                            name, "unknown name '" + name + "'; known: " + String.join(", ", known) + ", all, none");
                } else if (!names.contains(name)) {
                    names.add(name);
                }
            }
            return List.copyOf(names);
        }

        private List<MethodSelector> selectors(String text, Parts parts) {
            List<MethodSelector> selectors = new ArrayList<>();
            for (String item : selectorTexts(text)) {
                try {
                    MethodSelector selector = MethodSelector.parse(item);
                    selectors.add(selector);
                    String scope = warnNeverWoven ? MethodSelection.neverWovenScope(selector) : null;
                    if (scope != null) {
                        parts.warn(
                                "the selector '" + selector + "'",
                                "selects nothing: the probe never weaves " + scope
                                        + ", which it relies on itself while recording");
                    }
                } catch (SelectorException e) {
                    parts.refuse(item, e.getMessage());
                }
            }
            return List.copyOf(selectors);
        }
    }

    /** The name used in agent arguments and properties files, e.g. {@code report.dir}. */
    public String key() {
        return key;
    }

    /** The system property, e.g. {@code sonde.report.dir}. */
    public String systemProperty() {
        return "sonde." + key;
    }

    /** The environment variable, e.g. {@code SONDE_REPORT_DIR}. */
    public String environmentVariable() {
        return "SONDE_" + key.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    /** The default, as text. */
    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    /** Whether values given more than once (a repeated key or option) add up rather than replace each other. */
    public boolean addsUp() {
        return addsUp;
    }

    T parse(String text, Parts parts) throws InvalidValue {
        return parser.parse(text, parts);
    }

    /** What one item of a list setting is called in a message: "a selector", "a name". */
    String itemNoun() {
        return parser instanceof Builtin && ((Builtin<?>) parser).kind == Builtin.NAMES ? "a name" : "a selector";
    }

    @Override
    public String toString() {
        return key;
    }

    /**
     * The selectors in a setting's value, stripped: separated by ':' (which a shell leaves alone,
     * quoted or not) or ';'. A '::' separates nothing: the parser then says to write '#'.
     */
    static List<String> selectorTexts(CharSequence value) {
        List<String> texts = new ArrayList<>();
        int start = 0;
        int length = value.length();
        for (int i = 0; i <= length; i++) {
            char c = i < length ? value.charAt(i) : ';';
            if (c == ':' && i + 1 < length && value.charAt(i + 1) == ':') {
                i++;
            } else if (c == ':' || c == ';') {
                String text = value.subSequence(start, i).toString().strip();
                if (!text.isEmpty()) {
                    texts.add(text);
                }
                start = i + 1;
            }
        }
        return texts;
    }

    /** The permissions of an octal mode such as {@code 600} or {@code 0644}; null when it is not one. */
    static Set<PosixFilePermission> permissions(String octal) {
        String digits = octal.length() == 4 && octal.charAt(0) == '0' ? octal.substring(1) : octal;
        if (digits.length() != 3) {
            return null;
        }
        StringBuilder symbolic = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            int digit = digits.charAt(i) - '0';
            if (digit < 0 || digit > 7) {
                return null;
            }
            symbolic.append((digit & 4) != 0 ? 'r' : '-')
                    .append((digit & 2) != 0 ? 'w' : '-')
                    .append((digit & 1) != 0 ? 'x' : '-');
        }
        return PosixFilePermissions.fromString(symbolic.toString());
    }
}
