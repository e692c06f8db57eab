package dev.sonde.cli;

import dev.sonde.core.ProbeSettings;
import dev.sonde.core.config.Setting;
import dev.sonde.core.config.SettingProblem;
import dev.sonde.core.config.SettingsLoader;
import dev.sonde.core.feature.Features;
import dev.sonde.core.feature.Option;
import dev.sonde.core.timing.TimingFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The options of {@code run}, {@code trace} and {@code demo}, parsed and validated before anything
 * starts, and turned into the {@code SONDE_*} environment that carries the settings into every JVM of
 * the command. Every refusal names the option as the user typed it.
 */
final class ProbeOptions {

    /** Every feature of the probe, with the settings and options they declare. */
    static final Features FEATURES = Features.discover(ProbeOptions.class.getClassLoader());

    /** One option as the user typed it, and the setting it gives a value to. */
    private record Given(String option, String value, Setting<?> setting, String settingValue) {

        /** The option as it is quoted back in messages: {@code --follow -1}, {@code --set report.rows=abc}. */
        String typed() {
            return option + " " + shown(value);
        }
    }

    /** A command-line mistake; the message quotes the culprit. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    private final String commandName;
    private final List<Given> given = new ArrayList<>();
    private final List<String> command = new ArrayList<>();
    private boolean help;

    private ProbeOptions(String commandName) {
        this.commandName = commandName;
    }

    /** As {@link #parse(String, List, boolean, Map)}, checked against this process's environment. */
    static ProbeOptions parse(String commandName, List<String> args, boolean commandAllowed) throws UsageException {
        return parse(commandName, args, commandAllowed, System.getenv());
    }

    /**
     * Reads options up to {@code --} (or the first word that is not an option) and, when
     * {@code commandAllowed}, the command after it; then loads the settings as the probed JVMs will,
     * with the {@code SONDE_*} variables of {@code inherited}, and refuses any problem.
     * {@code -h} or {@code --help} among the options stops the parsing: see {@link #helpRequested()}.
     */
    static ProbeOptions parse(
            String commandName, List<String> args, boolean commandAllowed, Map<String, String> inherited)
            throws UsageException {
        ProbeOptions options = new ProbeOptions(commandName);
        Map<String, Setting<?>> known = new LinkedHashMap<>();
        for (Option option : FEATURES.options()) {
            if (option.commands().contains(commandName)) {
                known.put(option.name(), option.setting());
            }
        }
        known.put("--set", null);
        int i = 0;
        while (i < args.size()) {
            String arg = args.get(i);
            if (Usage.isHelp(arg)) {
                options.help = true;
                return options;
            }
            if (arg.equals("--")) {
                if (!commandAllowed) {
                    throw options.refusal(
                            "unexpected '--': sonde " + commandName + " runs its own program and takes options only");
                }
                i++;
                break;
            }
            if (!arg.startsWith("-")) {
                break;
            }
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            if (!known.containsKey(name)) {
                throw options.refusal("unknown option '" + arg + "'");
            }
            if (value == null) {
                if (i + 1 >= args.size() || args.get(i + 1).equals("--")) {
                    throw options.refusal("option '" + name + "' needs a value");
                }
                value = args.get(++i);
            }
            options.accept(name, value, known.get(name));
            i++;
        }
        options.command.addAll(args.subList(i, args.size()));
        if (commandAllowed && options.command.isEmpty()) {
            throw options.refusal("no command given; usage: sonde " + commandName + " [options] -- COMMAND [ARGS...]");
        }
        if (!commandAllowed && !options.command.isEmpty()) {
            throw options.refusal("unexpected argument '" + options.command.get(0) + "': sonde " + commandName
                    + " runs its own program and takes options only");
        }
        for (Option option : FEATURES.options()) {
            if (commandName.equals(option.requiredBy()) && !options.gives(option.setting())) {
                throw options.refusal(option.whenMissing());
            }
        }
        options.validate(inherited);
        return options;
    }

    private void accept(String option, String value, Setting<?> setting) throws UsageException {
        if (value.isBlank()) {
            throw refusal(option + " " + shown(value) + ": the value is empty");
        }
        if (setting != null) {
            given.add(new Given(option, value, setting, value));
            return;
        }
        int eq = value.indexOf('=');
        if (eq <= 0) {
            throw refusal("'--set " + value + "' is not KEY=VALUE");
        }
        String key = value.substring(0, eq);
        Setting<?> named = byKey(key);
        if (named == null) {
            throw refusal("unknown setting '" + key + "' in '--set " + value + "'");
        }
        if (value.substring(eq + 1).isBlank()) {
            throw refusal("--set " + shown(value) + ": the value is empty");
        }
        given.add(new Given(option, value, named, value.substring(eq + 1)));
    }

    /**
     * Loads the settings exactly as the probed JVMs will and refuses to start on any problem, naming the
     * option it comes from. The properties file is loaded on its own, so that each problem is known to
     * come from it or from the environment without reading the problem's words.
     */
    private void validate(Map<String, String> inherited) throws UsageException {
        Map<String, String> sonde = new HashMap<>();
        inherited.forEach((name, value) -> {
            if (name.startsWith("SONDE_")) {
                sonde.put(name, value);
            }
        });
        Map<String, String> env = environment(sonde);
        String configVariable = SettingsLoader.CONFIG.environmentVariable();
        String config = env.remove(configVariable);
        List<String> problems = new ArrayList<>();
        List<SettingProblem> unknownVariables = new ArrayList<>();
        for (SettingProblem problem : SettingsLoader.load(FEATURES.settings(), null, new Properties(), env)
                .problemDetails()) {
            if (problem.setting() == null && problem.reason().startsWith("unknown setting")) {
                unknownVariables.add(problem);
            } else {
                problems.add(culprit(problem) + ": " + problem.reason());
            }
        }
        if (unknownVariables.size() == 1) {
            problems.add(culprit(unknownVariables.get(0)) + ": "
                    + unknownVariables.get(0).reason());
        } else if (!unknownVariables.isEmpty()) {
            problems.add(unknownKeys(unknownVariables) + " in the environment" + known(unknownVariables.get(0)));
        }
        if (config != null) {
            String culprit = culprit(SettingsLoader.CONFIG, config);
            String unreadable = whyUnreadable(Path.of(config));
            if (unreadable != null) {
                problems.add(culprit + ": cannot read this file: " + unreadable);
            } else {
                List<SettingProblem> unknownKeys = new ArrayList<>();
                for (SettingProblem problem : SettingsLoader.load(
                                FEATURES.settings(), null, new Properties(), Map.of(configVariable, config))
                        .problemDetails()) {
                    boolean theFileItself =
                            problem.setting() == SettingsLoader.CONFIG && config.equals(problem.value());
                    if (problem.setting() == null && problem.reason().startsWith("unknown setting")) {
                        unknownKeys.add(problem);
                        continue;
                    }
                    problems.add(culprit + ": " + (theFileItself ? "" : problem.key() + "=" + problem.value() + ": ")
                            + problem.reason());
                }
                if (unknownKeys.size() == 1) {
                    SettingProblem only = unknownKeys.get(0);
                    problems.add(culprit + ": " + only.key() + "=" + only.value() + ": " + only.reason());
                } else if (!unknownKeys.isEmpty()) {
                    // one line for a file that is not a settings file at all, not one per line of it
                    problems.add(culprit + ": " + unknownKeys(unknownKeys) + known(unknownKeys.get(0)));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw refusal(String.join("\nsonde " + commandName + ": ", problems));
        }
    }

    /** Why a properties file cannot be read, in a few words; null when it can. */
    static String whyUnreadable(Path file) {
        if (!Files.exists(file)) {
            return "there is no such file";
        }
        if (Files.isDirectory(file)) {
            return "it is a directory";
        }
        if (!Files.isRegularFile(file)) {
            return "it is not a regular file but a device, a pipe or a socket";
        }
        if (!Files.isReadable(file)) {
            return "permission denied";
        }
        return null;
    }

    private static String unknownKeys(List<SettingProblem> unknown) {
        List<String> keys = new ArrayList<>();
        for (SettingProblem problem : unknown) {
            keys.add(problem.key());
        }
        return SettingsLoader.unknownKeysMessage(keys, 10);
    }

    /** The "; known: …" part of an unknown key's reason. */
    private static String known(SettingProblem unknown) {
        String reason = unknown.reason();
        int known = reason.indexOf("; known: ");
        return known < 0 ? "" : reason.substring(known);
    }

    /** The option that gave the refused value, or the inherited environment variable when none did. */
    private String culprit(SettingProblem problem) {
        if (problem.setting() == null) {
            return problem.key() + "=" + problem.value() + " in the environment";
        }
        return culprit(problem.setting(), problem.value());
    }

    private String culprit(Setting<?> setting, String value) {
        Given last = null;
        for (Given option : given) {
            if (option.setting() == setting) {
                if (setting.addsUp()
                        && List.of(option.settingValue().split("[;:]")).contains(value)) {
                    return option.typed();
                }
                last = option;
            }
        }
        if (last != null) {
            return last.typed();
        }
        return setting.environmentVariable() + "=" + value + " in the environment";
    }

    /** The setting of this key, or null. */
    private static Setting<?> byKey(String key) {
        for (Setting<?> setting : FEATURES.settings()) {
            if (setting.key().equals(key)) {
                return setting;
            }
        }
        return null;
    }

    private boolean gives(Setting<?> setting) {
        for (Given option : given) {
            if (option.setting() == setting) {
                return true;
            }
        }
        return false;
    }

    private UsageException refusal(String message) {
        return new UsageException("sonde " + commandName + ": " + message);
    }

    /** True when the user asked for the usage with {@code -h} or {@code --help}; nothing else was read. */
    boolean helpRequested() {
        return help;
    }

    /** Adds a time selector when the user gave none (the demo's default). */
    void timeByDefault(String selector) {
        if (!gives(TimingFeature.TIME)) {
            given.add(new Given("--time", selector, TimingFeature.TIME, selector));
        }
    }

    /** The values given to a setting that adds up, such as the time selectors, in order. */
    List<String> values(Setting<?> setting) {
        List<String> values = new ArrayList<>();
        for (Given option : given) {
            if (option.setting() == setting) {
                values.add(option.settingValue());
            }
        }
        return values;
    }

    List<String> command() {
        return command;
    }

    /**
     * The environment for the command: the given one, plus the settings as {@code SONDE_*} variables
     * (inherited by every process the command starts).
     */
    Map<String, String> environment(Map<String, String> base) {
        Map<String, String> env = new HashMap<>(base);
        Map<Setting<?>, String> values = new LinkedHashMap<>();
        for (Given option : given) {
            String value = option.settingValue();
            if (option.setting() == ProbeSettings.REPORT_DIR || option.setting() == SettingsLoader.CONFIG) {
                // absolute, so that child JVMs started in other directories use the same one
                value = Path.of(value).toAbsolutePath().normalize().toString();
            }
            String earlier = values.get(option.setting());
            values.put(option.setting(), earlier != null && option.setting().addsUp() ? earlier + ";" + value : value);
        }
        values.forEach((setting, value) -> env.put(setting.environmentVariable(), value));
        return env;
    }

    /** A value as it is quoted back: as typed, or in single quotes when it is empty or has spaces. */
    private static String shown(String value) {
        return value.isEmpty() || !value.strip().equals(value) || value.contains(" ") ? "'" + value + "'" : value;
    }
}
