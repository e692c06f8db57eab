package dev.sonde.core.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Gathers settings from their four sources. Precedence, highest first: agent arguments
 * ({@code -javaagent:sonde.jar=key=value,…}), system properties {@code sonde.*}, environment
 * variables {@code SONDE_*}, the properties file named by {@code config}, then the defaults.
 */
public final class SettingsLoader {

    private final Map<Setting, String> values = new EnumMap<>(Setting.class);
    private final Map<Setting, String> sources = new EnumMap<>(Setting.class);
    private final List<String> problems = new ArrayList<>();
    private final List<SettingProblem> problemDetails = new ArrayList<>();

    private SettingsLoader() {
    }

    /** Settings as the agent sees them in this JVM. */
    public static Settings load(String agentArguments, Properties systemProperties, Map<String, String> environment) {
        SettingsLoader loader = new SettingsLoader();
        Map<String, String> arguments = loader.parseAgentArguments(agentArguments);
        Map<String, String> properties = new LinkedHashMap<>();
        for (String name : systemProperties.stringPropertyNames()) {
            if (name.startsWith("sonde.")) {
                properties.put(name.substring("sonde.".length()), systemProperties.getProperty(name));
            }
        }
        Map<String, String> variables = new LinkedHashMap<>();
        for (Map.Entry<String, String> variable : environment.entrySet()) {
            String name = variable.getKey();
            if (name.startsWith("SONDE_")) {
                Setting setting = Setting.byEnvironmentVariable(name);
                if (setting == null) {
                    loader.problems.add("unknown setting '" + name + "' in the environment; known: " + knownEnvironment());
                    loader.problemDetails.add(new SettingProblem(name, null, "the environment", variable.getValue(),
                            "unknown setting; known: " + knownEnvironment()));
                } else {
                    variables.put(setting.key(), variable.getValue());
                }
            }
        }
        // lowest precedence first, so that each later source overwrites
        String configFile = firstNonNull(arguments.get("config"), properties.get("config"), variables.get("config"));
        if (configFile != null && !configFile.isBlank()) {
            String configSource = arguments.containsKey("config") ? "the agent arguments"
                    : properties.containsKey("config") ? "system properties" : "the environment";
            loader.apply(loader.readFile(configFile, configSource), "the properties file " + configFile, true);
        }
        loader.apply(variables, "the environment", false);
        loader.apply(properties, "system properties", false);
        loader.apply(arguments, "the agent arguments", false);
        return new Settings(loader.values, loader.sources, loader.problems, loader.problemDetails);
    }

    /**
     * Splits {@code key=value,key=value}; a comma inside parentheses belongs to the value, so that
     * {@code time=a.B#c(int,long)} works.
     */
    Map<String, String> parseAgentArguments(String arguments) {
        Map<String, String> result = new LinkedHashMap<>();
        if (arguments == null || arguments.isBlank()) {
            return result;
        }
        int depth = 0;
        int start = 0;
        for (int i = 0; i <= arguments.length(); i++) {
            char c = i < arguments.length() ? arguments.charAt(i) : ',';
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth = Math.max(0, depth - 1);
            } else if (c == ',' && depth == 0) {
                String pair = arguments.substring(start, i).strip();
                start = i + 1;
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    problems.add("ignoring agent argument '" + pair + "': expected key=value");
                    problemDetails.add(new SettingProblem(pair, null, "the agent arguments", pair, "expected key=value"));
                    continue;
                }
                String key = pair.substring(0, eq).strip();
                String value = pair.substring(eq + 1).strip();
                String earlier = result.get(key);
                result.put(key, earlier == null ? value : earlier + ";" + value);
            }
        }
        return result;
    }

    private void apply(Map<String, String> pairs, String source, boolean fromFile) {
        for (Map.Entry<String, String> pair : pairs.entrySet()) {
            String key = pair.getKey();
            String value = pair.getValue();
            String name = fromFile && key.startsWith("sonde.") ? key.substring("sonde.".length()) : key;
            Setting setting = Setting.byKey(name);
            if (setting == null) {
                problems.add("unknown setting '" + key + "' in " + source + "; known: " + knownKeys());
                problemDetails.add(new SettingProblem(key, null, source, value, "unknown setting; known: " + knownKeys()));
            } else if (fromFile && setting == Setting.CONFIG) {
                problems.add("ignoring setting 'config' in " + source + ": a properties file cannot name another");
                problemDetails.add(new SettingProblem(key, setting, source, value, "a properties file cannot name another"));
            } else {
                values.put(setting, value);
                sources.put(setting, source);
            }
        }
    }

    /** {@code source} is where the setting {@code config} naming the file came from. */
    private Map<String, String> readFile(String file, String source) {
        Map<String, String> pairs = new LinkedHashMap<>();
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException | RuntimeException e) {
            problems.add("cannot read the properties file '" + file + "' named by setting 'config': " + e);
            problemDetails.add(new SettingProblem(Setting.CONFIG.key(), Setting.CONFIG, source, file,
                    "cannot read the properties file: " + e));
            return pairs;
        }
        for (String name : properties.stringPropertyNames()) {
            pairs.put(name, properties.getProperty(name));
        }
        return pairs;
    }

    private static String knownKeys() {
        StringBuilder known = new StringBuilder();
        for (Setting setting : Setting.values()) {
            known.append(known.length() == 0 ? "" : ", ").append(setting.key());
        }
        return known.toString();
    }

    private static String knownEnvironment() {
        StringBuilder known = new StringBuilder();
        for (Setting setting : Setting.values()) {
            known.append(known.length() == 0 ? "" : ", ").append(setting.environmentVariable());
        }
        return known.toString();
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
