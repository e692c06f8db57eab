package dev.sonde.core.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Validated settings, each taken from the highest-precedence source that gives it a valid value, or its
 * default; {@link #problems()} lists, naming key and source, what was refused, and {@link #warnings()}
 * what was accepted but will not do what it seems to.
 */
public final class Settings {

    private final List<Setting<?>> known;
    private final Map<Setting<?>, Object> values = new HashMap<>();
    private final Map<Setting<?>, String> texts;
    private final Map<Setting<?>, String> sources;
    private final List<String> problems;
    private final List<SettingProblem> problemDetails;
    private final List<String> warnings = new ArrayList<>();

    /**
     * Parses the text each source gave, for every known setting. {@code problemDetails} holds the
     * loader's problems as data, in the order of {@code problems}; the unknown keys of one source, said
     * in one message, have one detail each.
     */
    Settings(
            List<Setting<?>> known,
            Map<Setting<?>, String> texts,
            Map<Setting<?>, String> sources,
            List<String> problems,
            List<SettingProblem> problemDetails) {
        this.known = List.copyOf(known);
        this.texts = new HashMap<>(texts);
        this.sources = new HashMap<>(sources);
        this.problems = problems;
        this.problemDetails = problemDetails;
        for (Setting<?> setting : known) {
            parse(setting);
        }
    }

    /** The settings of {@code known} at their defaults: what a probe started with no setting at all sees. */
    public static Settings defaults(List<Setting<?>> known) {
        return new Settings(known, Map.of(), Map.of(), new ArrayList<>(), new ArrayList<>());
    }

    /** The value: from the source that gave a valid one, or the default. */
    @SuppressWarnings("unchecked")
    public <T> T get(Setting<T> setting) {
        Object value = values.get(setting);
        if (value == null && !values.containsKey(setting)) {
            throw new IllegalArgumentException("'" + setting.key() + "' is not a known setting here");
        }
        return (T) value;
    }

    /** Where the value came from, as messages say it ("the agent arguments"…); null for the default. */
    public String source(Setting<?> setting) {
        return sources.get(setting);
    }

    /** Every setting these were loaded for. */
    public List<Setting<?>> known() {
        return known;
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
     * item, the setting and where it came from: a selector that can only select classes the probe never
     * weaves. Said at start; unlike problems, they are no reason to refuse to run.
     */
    public List<String> warnings() {
        return warnings;
    }

    private <T> void parse(Setting<T> setting) {
        String given = texts.get(setting);
        String source = sources.get(setting);
        if (given != null) {
            try {
                values.put(setting, setting.parse(given, parts(setting, source)));
                return;
            } catch (Setting.InvalidValue e) {
                problems.add("ignoring setting '" + setting.key() + "' from " + source + ": " + e.getMessage()
                        + "; using the default '" + setting.defaultValue() + "'");
                problemDetails.add(new SettingProblem(setting.key(), setting, source, given, e.getMessage()));
            }
        }
        try {
            values.put(setting, setting.parse(setting.defaultValue(), parts(setting, "the default")));
        } catch (Setting.InvalidValue e) {
            throw new IllegalStateException("the default of '" + setting.key() + "' is not valid: " + e.getMessage());
        }
    }

    private Setting.Parts parts(Setting<?> setting, String source) {
        return new Setting.Parts() {
            @Override
            public void refuse(String item, String reason) {
                problems.add("ignoring " + setting.itemNoun() + " of setting '" + setting.key() + "' from " + source
                        + ": " + reason);
                problemDetails.add(new SettingProblem(setting.key(), setting, source, item, reason));
            }

            @Override
            public void warn(String what, String consequence) {
                warnings.add(what + " of setting '" + setting.key() + "' from " + source + " " + consequence);
            }
        };
    }
}
