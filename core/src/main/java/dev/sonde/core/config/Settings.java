package dev.sonde.core.config;

import dev.sonde.core.selector.MethodSelection;
import dev.sonde.core.selector.MethodSelector;
import dev.sonde.core.selector.SelectorException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Validated settings, each taken from the highest-precedence source that gives it a valid value;
 * {@link #problems()} lists, naming key and source, what was refused, and {@link #warnings()} what was
 * accepted but will not do what it seems to.
 */
public final class Settings {

    private final Map<Setting, String> values;
    private final Map<Setting, String> sources;
    private final List<String> problems;
    private final List<SettingProblem> problemDetails;
    private final List<String> warnings = new ArrayList<>();
    private final List<MethodSelector> time;
    private final List<MethodSelector> exclude;
    private final List<MethodSelector> trace;

    Settings(Map<Setting, String> values, Map<Setting, String> sources, List<String> problems) {
        this(values, sources, problems, new ArrayList<SettingProblem>());
    }

    /**
     * {@code problemDetails} holds the loader's problems as data, in the order of {@code problems}; the
     * unknown keys of one source, said in one message, have one detail each.
     */
    Settings(
            Map<Setting, String> values,
            Map<Setting, String> sources,
            List<String> problems,
            List<SettingProblem> problemDetails) {
        this.values = new EnumMap<>(values);
        this.sources = new EnumMap<>(sources);
        this.problems = problems;
        this.problemDetails = problemDetails;
        this.time = selectors(Setting.TIME);
        this.exclude = selectors(Setting.EXCLUDE);
        this.trace = selectors(Setting.TRACE_BYTECODE);
        warnOfNeverWoven(Setting.TIME, time);
        warnOfNeverWoven(Setting.TRACE_BYTECODE, trace);
        validateNumber(Setting.TRACE_FOLLOW, 0, 64);
        validateLong(Setting.TRACE_MAX_EVENTS);
        validateLong(Setting.TRACE_MAX_BYTES);
        validateNumber(Setting.REPORT_ROWS, 1, Integer.MAX_VALUE);
        validateNumber(Setting.MAX_METHODS, 1, MAX_METHOD_CAP);
        validateNumber(Setting.MAX_THREADS, 1, 1 << 20);
        validatePermissions(Setting.REPORT_PERMISSIONS);
        validateBoolean(Setting.REPORT_TABLE);
        validateBoolean(Setting.VERBOSE);
    }

    /** The highest cap {@code max.methods} may take: no more methods than can be woven. */
    public static final int MAX_METHOD_CAP = dev.sonde.core.record.MethodRegistry.MAX_WOVEN;

    public MethodSelection selection() {
        return MethodSelection.of(time, exclude);
    }

    /** The methods to trace instruction by instruction ({@code trace.bytecode}). */
    public MethodSelection traceSelection() {
        return MethodSelection.of(trace, List.of());
    }

    public int traceFollow() {
        return Integer.parseInt(get(Setting.TRACE_FOLLOW));
    }

    public long traceMaxEvents() {
        return Long.parseLong(get(Setting.TRACE_MAX_EVENTS));
    }

    public long traceMaxBytes() {
        return Long.parseLong(get(Setting.TRACE_MAX_BYTES));
    }

    public List<MethodSelector> time() {
        return time;
    }

    public List<MethodSelector> exclude() {
        return exclude;
    }

    public Path reportDir() {
        return Path.of(get(Setting.REPORT_DIR)).toAbsolutePath().normalize();
    }

    /** The permissions report and trace files are created with ({@code report.permissions}). */
    public Set<PosixFilePermission> reportPermissions() {
        return permissions(get(Setting.REPORT_PERMISSIONS));
    }

    public boolean reportTable() {
        return Boolean.parseBoolean(get(Setting.REPORT_TABLE));
    }

    public int reportRows() {
        return Integer.parseInt(get(Setting.REPORT_ROWS));
    }

    public int maxMethods() {
        return Integer.parseInt(get(Setting.MAX_METHODS));
    }

    public int maxThreads() {
        return Integer.parseInt(get(Setting.MAX_THREADS));
    }

    public boolean verbose() {
        return Boolean.parseBoolean(get(Setting.VERBOSE));
    }

    /** The effective value as text (the default when no source gave a valid one). */
    public String get(Setting setting) {
        return values.getOrDefault(setting, setting.defaultValue());
    }

    /** Messages for every unknown key and bad value, each naming the key and where it came from. */
    public List<String> problems() {
        return problems;
    }

    /** The same problems as data, in the same order; unknown keys one each (a message may name several). */
    public List<SettingProblem> problemDetails() {
        return problemDetails;
    }

    /**
     * Messages about settings that were accepted but will not do what they seem to, each naming the
     * selector, the setting and where it came from: a selector that can only select classes the probe
     * never weaves. Said at start; unlike problems, they are no reason to refuse to run.
     */
    public List<String> warnings() {
        return warnings;
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

    private List<MethodSelector> selectors(Setting setting) {
        List<MethodSelector> selectors = new ArrayList<>();
        for (String text : selectorTexts(get(setting))) {
            try {
                selectors.add(MethodSelector.parse(text));
            } catch (SelectorException e) {
                problems.add("ignoring a selector of setting '" + setting.key() + "' from " + sources.get(setting)
                        + ": " + e.getMessage());
                problemDetails.add(
                        new SettingProblem(setting.key(), setting, sources.get(setting), text, e.getMessage()));
            }
        }
        return List.copyOf(selectors);
    }

    private void warnOfNeverWoven(Setting setting, List<MethodSelector> selectors) {
        for (MethodSelector selector : selectors) {
            String scope = MethodSelection.neverWovenScope(selector);
            if (scope != null) {
                warnings.add("the selector '" + selector + "' of setting '" + setting.key() + "' from "
                        + sources.get(setting) + " selects nothing: the probe never weaves " + scope
                        + ", which it relies on itself while recording");
            }
        }
    }

    private void validateNumber(Setting setting, int min, int max) {
        String text = get(setting).strip();
        try {
            int value = Integer.parseInt(text);
            if (value < min || value > max) {
                refuse(setting, "'" + text + "' is not between " + min + " and " + max);
            } else {
                values.put(setting, text);
            }
        } catch (NumberFormatException e) {
            refuse(setting, "'" + text + "' is not a whole number");
        }
    }

    private void validateLong(Setting setting) {
        String text = get(setting).strip();
        try {
            long value = Long.parseLong(text);
            if (value < 1) {
                refuse(setting, "'" + text + "' is not a positive whole number");
            } else {
                values.put(setting, text);
            }
        } catch (NumberFormatException e) {
            refuse(setting, "'" + text + "' is not a whole number");
        }
    }

    private void validatePermissions(Setting setting) {
        String text = get(setting).strip();
        Set<PosixFilePermission> permissions = permissions(text);
        if (permissions == null
                || !permissions.contains(PosixFilePermission.OWNER_READ)
                || !permissions.contains(PosixFilePermission.OWNER_WRITE)) {
            refuse(
                    setting,
                    "'" + get(setting) + "' is not an octal file mode like 600, 640 or 644"
                            + " (three digits from 0 to 7, the first 6 or 7 so that the owner may read and write)");
        } else {
            values.put(setting, text);
        }
    }

    private void validateBoolean(Setting setting) {
        String text = get(setting).strip().toLowerCase(java.util.Locale.ROOT);
        if (!text.equals("true") && !text.equals("false")) {
            refuse(setting, "'" + get(setting) + "' is neither true nor false");
        } else {
            values.put(setting, text);
        }
    }

    private void refuse(Setting setting, String why) {
        problems.add("ignoring setting '" + setting.key() + "' from " + sources.get(setting) + ": " + why
                + "; using the default '" + setting.defaultValue() + "'");
        problemDetails.add(new SettingProblem(setting.key(), setting, sources.get(setting), get(setting), why));
        values.remove(setting);
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
