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
        return new Setting<>(
                key,
                Boolean.toString(defaultValue),
                description,
                new Parser<Boolean>() {
                    @Override
                    public Boolean parse(String text, Parts parts) throws InvalidValue {
                        String value = text.strip().toLowerCase(Locale.ROOT);
                        if (!value.equals("true") && !value.equals("false")) {
                            throw new InvalidValue("'" + text + "' is neither true nor false");
                        }
                        return Boolean.valueOf(value);
                    }
                },
                false);
    }

    /** A whole number from {@code min} to {@code max}. */
    public static Setting<Integer> number(String key, int defaultValue, int min, int max, String description) {
        return new Setting<>(
                key,
                Integer.toString(defaultValue),
                description,
                new Parser<Integer>() {
                    @Override
                    public Integer parse(String text, Parts parts) throws InvalidValue {
                        String value = text.strip();
                        try {
                            int number = Integer.parseInt(value);
                            if (number < min || number > max) {
                                throw new InvalidValue("'" + value + "' is not between " + min + " and " + max);
                            }
                            return number;
                        } catch (NumberFormatException e) {
                            throw new InvalidValue("'" + value + "' is not a whole number");
                        }
                    }
                },
                false);
    }

    /** A positive whole number, up to {@link Long#MAX_VALUE}. */
    public static Setting<Long> count(String key, long defaultValue, String description) {
        return new Setting<>(
                key,
                Long.toString(defaultValue),
                description,
                new Parser<Long>() {
                    @Override
                    public Long parse(String text, Parts parts) throws InvalidValue {
                        String value = text.strip();
                        try {
                            long number = Long.parseLong(value);
                            if (number < 1) {
                                throw new InvalidValue("'" + value + "' is not a positive whole number");
                            }
                            return number;
                        } catch (NumberFormatException e) {
                            throw new InvalidValue("'" + value + "' is not a whole number");
                        }
                    }
                },
                false);
    }

    /** Any text; an empty one means "none". */
    public static Setting<String> text(String key, String defaultValue, String description) {
        return new Setting<>(
                key,
                defaultValue,
                description,
                new Parser<String>() {
                    @Override
                    public String parse(String text, Parts parts) {
                        return text;
                    }
                },
                false);
    }

    /** A directory, made absolute against the working directory. */
    public static Setting<Path> directory(String key, String defaultValue, String description) {
        return new Setting<>(
                key,
                defaultValue,
                description,
                new Parser<Path>() {
                    @Override
                    public Path parse(String text, Parts parts) throws InvalidValue {
                        try {
                            return Path.of(text).toAbsolutePath().normalize();
                        } catch (RuntimeException e) {
                            throw new InvalidValue("'" + text + "' is not a path: " + e.getMessage());
                        }
                    }
                },
                false);
    }

    /** An octal file mode such as {@code 600}, whose owner may read and write. */
    public static Setting<Set<PosixFilePermission>> fileMode(String key, String defaultValue, String description) {
        return new Setting<>(
                key,
                defaultValue,
                description,
                new Parser<Set<PosixFilePermission>>() {
                    @Override
                    public Set<PosixFilePermission> parse(String text, Parts parts) throws InvalidValue {
                        Set<PosixFilePermission> permissions = permissions(text.strip());
                        if (permissions == null
                                || !permissions.contains(PosixFilePermission.OWNER_READ)
                                || !permissions.contains(PosixFilePermission.OWNER_WRITE)) {
                            throw new InvalidValue(
                                    "'" + text + "' is not an octal file mode like 600, 640 or 644"
                                            + " (three digits from 0 to 7, the first 6 or 7 so that the owner may read and write)");
                        }
                        return permissions;
                    }
                },
                false);
    }

    /**
     * Method selectors, separated by ':' or ';', adding up when the key is given more than once; a
     * malformed one is refused on its own and the others apply. With {@code warnNeverWoven}, a selector
     * that can only select classes the probe never weaves is accepted with a warning.
     */
    public static Setting<List<MethodSelector>> selectors(String key, String description, boolean warnNeverWoven) {
        return new Setting<>(
                key,
                "",
                description,
                new Parser<List<MethodSelector>>() {
                    @Override
                    public List<MethodSelector> parse(String text, Parts parts) {
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
                },
                true);
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
