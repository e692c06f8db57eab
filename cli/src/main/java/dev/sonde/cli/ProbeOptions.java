package dev.sonde.cli;

import dev.sonde.core.config.Setting;
import dev.sonde.core.config.Settings;
import dev.sonde.core.config.SettingsLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The options shared by {@code run} and {@code demo}, parsed and validated before anything starts,
 * and turned into the environment that carries the probe into every JVM of the command.
 */
final class ProbeOptions {

    private final List<String> time = new ArrayList<>();
    private final List<String> exclude = new ArrayList<>();
    private final List<String> bytecode = new ArrayList<>();
    private String maxEvents;
    private String follow;
    private final Map<Setting, String> other = new LinkedHashMap<>();
    private final List<String> command = new ArrayList<>();
    private String reportDir;
    private String config;

    /** A command-line mistake; the message quotes the culprit. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    /**
     * Reads options up to {@code --} (or the first word that is not an option) and, when
     * {@code commandAllowed}, the command after it.
     */
    static ProbeOptions parse(String commandName, List<String> args, boolean commandAllowed) throws UsageException {
        ProbeOptions options = new ProbeOptions();
        int i = 0;
        while (i < args.size()) {
            String arg = args.get(i);
            if (arg.equals("--")) {
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
            List<String> known = new ArrayList<>(List.of("--time", "--exclude", "--report-dir", "--config", "--set"));
            if (commandName.equals("trace")) {
                known.addAll(List.of("--bytecode", "--follow", "--max-events"));
            }
            if (!known.contains(name)) {
                throw new UsageException("sonde " + commandName + ": unknown option '" + arg + "'");
            }
            if (value == null) {
                if (i + 1 >= args.size()) {
                    throw new UsageException("sonde " + commandName + ": option '" + name + "' needs a value");
                }
                value = args.get(++i);
            }
            options.accept(commandName, name, value);
            i++;
        }
        options.command.addAll(args.subList(i, args.size()));
        if (commandAllowed && options.command.isEmpty()) {
            throw new UsageException("sonde " + commandName + ": no command given; usage: sonde " + commandName
                    + " [options] -- COMMAND [ARGS...]");
        }
        if (commandName.equals("trace") && options.bytecode.isEmpty()) {
            throw new UsageException("sonde trace: give the methods to trace with --bytecode SELECTOR");
        }
        if (!commandAllowed && !options.command.isEmpty()) {
            throw new UsageException("sonde " + commandName + ": unexpected argument '" + options.command.get(0) + "'");
        }
        options.validate(commandName);
        return options;
    }

    private void accept(String commandName, String name, String value) throws UsageException {
        switch (name) {
            case "--time":
                time.add(value);
                break;
            case "--exclude":
                exclude.add(value);
                break;
            case "--bytecode":
                bytecode.add(value);
                break;
            case "--max-events":
                maxEvents = value;
                break;
            case "--follow":
                follow = value;
                break;
            case "--report-dir":
                reportDir = value;
                break;
            case "--config":
                config = value;
                break;
            default:
                int eq = value.indexOf('=');
                Setting setting = eq > 0 ? Setting.byKey(value.substring(0, eq)) : null;
                if (eq <= 0) {
                    throw new UsageException("sonde " + commandName + ": '--set " + value + "' is not KEY=VALUE");
                }
                if (setting == null) {
                    throw new UsageException("sonde " + commandName + ": unknown setting '" + value.substring(0, eq)
                            + "' in '--set " + value + "'");
                }
                other.put(setting, value.substring(eq + 1));
        }
    }

    /** Loads the settings exactly as the probed JVMs will, and refuses to start on any problem. */
    private void validate(String commandName) throws UsageException {
        if (config != null && !Files.isReadable(Path.of(config))) {
            throw new UsageException("sonde " + commandName + ": cannot read the config file '" + config + "'");
        }
        Settings settings = SettingsLoader.load(null, new Properties(), environment(System.getenv()));
        if (!settings.problems().isEmpty()) {
            throw new UsageException("sonde " + commandName + ": " + String.join("\nsonde " + commandName + ": ",
                    settings.problems()));
        }
    }

    /** Adds time selectors when the user gave none (the demo's default). */
    void timeByDefault(String selector) {
        if (time.isEmpty()) {
            time.add(selector);
        }
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
        if (!time.isEmpty()) {
            env.put(Setting.TIME.environmentVariable(), String.join(";", time));
        }
        if (!exclude.isEmpty()) {
            env.put(Setting.EXCLUDE.environmentVariable(), String.join(";", exclude));
        }
        if (!bytecode.isEmpty()) {
            env.put(Setting.TRACE_BYTECODE.environmentVariable(), String.join(";", bytecode));
        }
        if (follow != null) {
            env.put(Setting.TRACE_FOLLOW.environmentVariable(), follow);
        }
        if (maxEvents != null) {
            env.put(Setting.TRACE_MAX_EVENTS.environmentVariable(), maxEvents);
        }
        if (reportDir != null) {
            // absolute, so that child JVMs started in other directories report to the same place
            env.put(Setting.REPORT_DIR.environmentVariable(), Path.of(reportDir).toAbsolutePath().normalize().toString());
        }
        if (config != null) {
            env.put(Setting.CONFIG.environmentVariable(), Path.of(config).toAbsolutePath().normalize().toString());
        }
        other.forEach((setting, value) -> env.put(setting.environmentVariable(), value));
        return env;
    }
}
