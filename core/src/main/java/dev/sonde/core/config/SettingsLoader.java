package dev.sonde.core.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Gathers settings from their four sources. Precedence, highest first: agent arguments
 * ({@code -javaagent:sonde.jar=key=value,…}), system properties {@code sonde.*}, environment
 * variables {@code SONDE_*}, the properties file named by {@code config}, then the defaults.
 */
public final class SettingsLoader {

    /** The largest properties file read: settings take a few lines, and a device or a runaway file must not fill the heap. */
    static final int MAX_FILE_BYTES = 1 << 20;
    /** Unknown keys named in one message; a file that is not a settings file at all may have thousands. */
    private static final int UNKNOWN_KEYS_SHOWN = 10;

    /** The setting that names a properties file with more settings; every probe knows it. */
    public static final Setting<String> CONFIG = Setting.text(
            "config",
            "",
            "A properties file with more settings, one 'key=value' a line, in UTF-8 and at most 1 MiB; any other"
                    + " source overrides it.");

    private final List<Setting<?>> known;
    private final Map<Setting<?>, String> values = new HashMap<>();
    private final Map<Setting<?>, String> sources = new HashMap<>();
    private final List<String> problems = new ArrayList<>();
    private final List<SettingProblem> problemDetails = new ArrayList<>();

    private SettingsLoader(List<Setting<?>> known) {
        this.known = known;
    }

    /** Settings of {@code known} (which should hold {@link #CONFIG}) as the agent sees them in this JVM. */
    public static Settings load(
            List<Setting<?>> known,
            String agentArguments,
            Properties systemProperties,
            Map<String, String> environment) {
        SettingsLoader loader = new SettingsLoader(known);
        Map<String, String> arguments = loader.parseAgentArguments(agentArguments);
        Map<String, String> properties = new TreeMap<>();
        for (String name : systemProperties.stringPropertyNames()) {
            if (name.startsWith("sonde.")) {
                properties.put(name.substring("sonde.".length()), systemProperties.getProperty(name));
            }
        }
        Map<String, String> variables = new LinkedHashMap<>();
        Map<String, String> unknownVariables = new LinkedHashMap<>();
        // only the probe's own variables sorted (for a stable order in messages), not the whole environment
        Map<String, String> ours = new TreeMap<>();
        for (Map.Entry<String, String> variable : environment.entrySet()) {
            if (variable.getKey().startsWith("SONDE_")) {
                ours.put(variable.getKey(), variable.getValue());
            }
        }
        for (Map.Entry<String, String> variable : ours.entrySet()) {
            String name = variable.getKey();
            Setting<?> setting = loader.byEnvironmentVariable(name);
            if (setting == null) {
                unknownVariables.put(name, variable.getValue());
            } else {
                variables.put(setting.key(), variable.getValue());
            }
        }
        loader.reportUnknown(unknownVariables, "the environment", loader.knownEnvironment());
        // lowest precedence first, so that each later source overwrites
        String configFile = firstNonNull(arguments.get("config"), properties.get("config"), variables.get("config"));
        if (configFile != null && !configFile.isBlank()) {
            String configSource = arguments.containsKey("config")
                    ? "the agent arguments"
                    : properties.containsKey("config") ? "system properties" : "the environment";
            ConfigFile file = ConfigFile.read(configFile);
            if (file.unreadable != null) {
                loader.cannotRead(configFile, configSource, file.unreadable);
            }
            loader.apply(file.pairs, "the properties file " + configFile, true);
        }
        loader.apply(variables, "the environment", false);
        loader.apply(properties, "system properties", false);
        loader.apply(arguments, "the agent arguments", false);
        return new Settings(known, loader.values, loader.sources, loader.problems, loader.problemDetails);
    }

    /**
     * Splits {@code key=value,key=value}; a comma inside parentheses belongs to the value, so that
     * {@code time=a.B#c(int,long)} works. A key given more than once adds up when its setting does:
     * {@code time=a.B,time=c.D} is {@code time=a.B;c.D}; otherwise the last one given counts.
     */
    Map<String, String> parseAgentArguments(String arguments) {
        Map<String, StringBuilder> byKey = new LinkedHashMap<>();
        if (arguments != null && !arguments.isBlank()) {
            int depth = 0;
            int opened = -1;
            int start = 0;
            for (int i = 0; i < arguments.length(); i++) {
                char c = arguments.charAt(i);
                if (c == '(') {
                    if (depth++ == 0) {
                        opened = i;
                    }
                } else if (c == ')') {
                    depth = Math.max(0, depth - 1);
                } else if (c == ',' && depth == 0) {
                    addArgument(arguments.substring(start, i), byKey);
                    start = i + 1;
                }
            }
            if (depth > 0) {
                recoverFromUnclosed(arguments, start, opened, byKey);
            } else {
                addArgument(arguments.substring(start), byKey);
            }
        }
        Map<String, String> result = new LinkedHashMap<>();
        for (Map.Entry<String, StringBuilder> entry : byKey.entrySet()) {
            result.put(entry.getKey(), entry.getValue().toString());
        }
        return result;
    }

    /**
     * The last argument opens a '(' it never closes, so by the rule above it runs to the end and would
     * swallow every argument after it. A comma after that '(' followed by text with '=' in it starts a
     * new argument again: no selector has '=' in it, so that text can only be meant as {@code key=value}.
     * The argument with the '(' keeps the rest (its value is then reported as malformed if it is a selector).
     */
    private void recoverFromUnclosed(String arguments, int start, int opened, Map<String, StringBuilder> byKey) {
        List<Integer> cuts = new ArrayList<>();
        int comma = arguments.indexOf(',', opened);
        while (comma >= 0) {
            int next = arguments.indexOf(',', comma + 1);
            int pieceEnd = next < 0 ? arguments.length() : next;
            int eq = arguments.indexOf('=', comma + 1);
            if (eq >= 0 && eq < pieceEnd) {
                cuts.add(comma);
            }
            comma = next;
        }
        if (cuts.isEmpty()) {
            addArgument(arguments.substring(start), byKey);
            return;
        }
        String unclosed = arguments.substring(start, cuts.get(0)).strip();
        String reason = "does not close its '(' (at character " + (opened + 1) + " of the agent arguments)";
        problem(
                "agent argument '" + unclosed + "' " + reason + "; the "
                        + (cuts.size() == 1 ? "argument" : cuts.size() + " arguments") + " after it "
                        + (cuts.size() == 1 ? "is" : "are") + " read on " + (cuts.size() == 1 ? "its" : "their")
                        + " own",
                new SettingProblem(unclosed, null, "the agent arguments", unclosed, reason));
        int from = start;
        for (int cut : cuts) {
            addArgument(arguments.substring(from, cut), byKey);
            from = cut + 1;
        }
        addArgument(arguments.substring(from), byKey);
    }

    private void addArgument(String argument, Map<String, StringBuilder> byKey) {
        String pair = argument.strip();
        if (pair.isEmpty()) {
            return;
        }
        int eq = pair.indexOf('=');
        if (eq <= 0) {
            problem(
                    "ignoring agent argument '" + pair + "': expected key=value",
                    new SettingProblem(pair, null, "the agent arguments", pair, "expected key=value"));
            return;
        }
        String key = pair.substring(0, eq).strip();
        String value = pair.substring(eq + 1).strip();
        StringBuilder earlier = byKey.get(key);
        Setting<?> setting = byKey(key);
        if (earlier == null || setting == null || !setting.addsUp()) {
            byKey.put(key, new StringBuilder(value));
        } else {
            earlier.append(';').append(value);
        }
    }

    private void apply(Map<String, String> pairs, String source, boolean fromFile) {
        Map<String, String> unknown = new LinkedHashMap<>();
        for (Map.Entry<String, String> pair : pairs.entrySet()) {
            String key = pair.getKey();
            String value = pair.getValue();
            String name = fromFile && key.startsWith("sonde.") ? key.substring("sonde.".length()) : key;
            Setting<?> setting = byKey(name);
            if (setting == null) {
                unknown.put(key, value);
            } else if (fromFile && setting == CONFIG) {
                problem(
                        "ignoring setting 'config' in " + source + ": a properties file cannot name another",
                        new SettingProblem(key, setting, source, value, "a properties file cannot name another"));
            } else {
                values.put(setting, value);
                sources.put(setting, source);
            }
        }
        reportUnknown(unknown, source, knownKeys());
    }

    /**
     * One message per source, however many unknown keys it has: a file that is not a settings file is
     * not echoed line by line. The details keep one entry per key, for a tool to group in its own words.
     */
    private void reportUnknown(Map<String, String> unknown, String source, String known) {
        if (unknown.isEmpty()) {
            return;
        }
        problems.add(unknownKeysMessage(new ArrayList<>(unknown.keySet()), UNKNOWN_KEYS_SHOWN) + " in " + source
                + "; known: " + known);
        for (Map.Entry<String, String> key : unknown.entrySet()) {
            problemDetails.add(
                    new SettingProblem(key.getKey(), null, source, key.getValue(), "unknown setting; known: " + known));
        }
    }

    /** {@code unknown setting 'a'}, or {@code unknown settings 'a', 'b' and 3 more}, naming at most {@code shown}. */
    public static String unknownKeysMessage(List<String> keys, int shown) {
        StringBuilder message = new StringBuilder(keys.size() == 1 ? "unknown setting " : "unknown settings ");
        for (int i = 0; i < keys.size() && i < shown; i++) {
            message.append(i == 0 ? "'" : ", '").append(keys.get(i)).append('\'');
        }
        if (keys.size() > shown) {
            message.append(" and ").append(keys.size() - shown).append(" more");
        }
        return message.toString();
    }

    private void problem(String message, SettingProblem detail) {
        problems.add(message);
        problemDetails.add(detail);
    }

    private void cannotRead(String file, String source, String why) {
        problem(
                "cannot read the properties file '" + file + "' named by setting 'config': " + why,
                new SettingProblem(CONFIG.key(), CONFIG, source, file, "cannot read the properties file: " + why));
    }

    /** The known setting with this agent-argument key, or null. */
    private Setting<?> byKey(String key) {
        for (Setting<?> setting : known) {
            if (setting.key().equals(key)) {
                return setting;
            }
        }
        return null;
    }

    /** The known setting with this environment variable name, or null. */
    private Setting<?> byEnvironmentVariable(String name) {
        for (Setting<?> setting : known) {
            if (setting.environmentVariable().equals(name)) {
                return setting;
            }
        }
        return null;
    }

    private String knownKeys() {
        StringBuilder text = new StringBuilder();
        for (Setting<?> setting : known) {
            text.append(text.length() == 0 ? "" : ", ").append(setting.key());
        }
        return text.toString();
    }

    private String knownEnvironment() {
        StringBuilder text = new StringBuilder();
        for (Setting<?> setting : known) {
            text.append(text.length() == 0 ? "" : ", ").append(setting.environmentVariable());
        }
        return text.toString();
    }

    private static String firstNonNull(String... candidates) {
        for (String candidate : candidates) {
            if (candidate != null) {
                return candidate;
            }
        }
        return null;
    }
}
