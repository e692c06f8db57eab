package dev.sonde.core.config;

import java.util.Locale;

/**
 * Every user-facing setting, declared once: its name (agent argument, properties-file key and, with
 * {@code sonde.}/{@code SONDE_} prefixes, system property and environment variable), its default and
 * its meaning. The README's settings table is checked against this declaration by a test.
 */
public enum Setting {
    TIME(
            "time",
            "",
            "Selectors of the methods to time, separated by ':' or ';'. A selector that starts with '!' excludes."),
    EXCLUDE("exclude", "", "Selectors of methods never to time, separated by ':' or ';'."),
    REPORT_DIR(
            "report.dir",
            "sonde-reports",
            "Directory for the JSON report sonde-<pid>.json; relative to the program's working directory."),
    REPORT_PERMISSIONS(
            "report.permissions",
            "600",
            "Permissions of the report and trace files as an octal mode, applied exactly when they are created (600: only their owner may read them)."),
    REPORT_TABLE("report.table", "true", "Print the text table on stderr when the JVM exits (true or false)."),
    REPORT_ROWS("report.rows", "30", "Largest number of methods in the text table; the JSON report has them all."),
    MAX_METHODS(
            "max.methods",
            "50000",
            "Cap on the number of distinct methods timed, counted as they are first called; selected methods called past it stay untimed, and the report says how many and where."),
    MAX_THREADS(
            "max.threads",
            "4096",
            "Cap on per-thread recorders (about 5 KiB each); threads past it record through a lock, still exactly."),
    TRACE_BYTECODE(
            "trace.bytecode",
            "",
            "Selectors of the methods whose every instruction is traced, separated by ':' or ';'."),
    TRACE_FOLLOW(
            "trace.follow",
            "0",
            "How many calls deep to follow traced methods into the methods they call (0: not at all)."),
    TRACE_MAX_EVENTS(
            "trace.max.events", "2000000", "Instruction events after which tracing stops, with a note in the trace."),
    TRACE_MAX_BYTES(
            "trace.max.bytes",
            "1073741824",
            "About how many bytes of trace files (text and JSON) after which tracing stops, with a note in the trace."),
    VERBOSE("verbose", "false", "Log every woven class and every class that could not be woven (true or false)."),
    CONFIG(
            "config",
            "",
            "A properties file with more settings, one 'key=value' a line, in UTF-8 and at most 1 MiB; any other source overrides it.");

    private final String key;
    private final String defaultValue;
    private final String description;

    Setting(String key, String defaultValue, String description) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.description = description;
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

    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    /** The setting with this agent-argument key, or null. */
    public static Setting byKey(String key) {
        for (Setting setting : values()) {
            if (setting.key.equals(key)) {
                return setting;
            }
        }
        return null;
    }

    /** The setting with this environment variable name, or null. */
    public static Setting byEnvironmentVariable(String name) {
        for (Setting setting : values()) {
            if (setting.environmentVariable().equals(name)) {
                return setting;
            }
        }
        return null;
    }
}
