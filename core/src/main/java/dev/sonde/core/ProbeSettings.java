package dev.sonde.core;

import dev.sonde.core.config.Setting;
import dev.sonde.core.config.SettingsLoader;
import dev.sonde.core.feature.Option;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;

/** The settings of the probe itself, whatever features run: where reports go, their form, the recorder's caps. */
public final class ProbeSettings {

    public static final Setting<Path> REPORT_DIR = Setting.directory(
            "report.dir",
            "sonde-reports",
            "Directory for the JSON report sonde-<pid>.json; relative to the program's working directory.");
    public static final Setting<Set<PosixFilePermission>> REPORT_PERMISSIONS = Setting.fileMode(
            "report.permissions",
            "600",
            "Permissions of the report and trace files as an octal mode, applied exactly when they are created (600:"
                    + " only their owner may read them).");
    public static final Setting<Boolean> REPORT_TABLE =
            Setting.flag("report.table", true, "Print the text table on stderr when the JVM exits (true or false).");
    public static final Setting<Integer> REPORT_ROWS = Setting.number(
            "report.rows",
            30,
            1,
            Integer.MAX_VALUE,
            "Largest number of methods in the text table; the JSON report has them all.");
    public static final Setting<Integer> MAX_THREADS = Setting.number(
            "max.threads",
            4096,
            1,
            1 << 20,
            "Cap on per-thread recorders (about 5 KiB each); threads past it record through a lock, still exactly.");
    public static final Setting<Boolean> VERBOSE = Setting.flag(
            "verbose", false, "Log every woven class and every class that could not be woven (true or false).");

    /** In the order the README lists them. */
    public static final List<Setting<?>> ALL = List.of(
            REPORT_DIR, REPORT_PERMISSIONS, REPORT_TABLE, REPORT_ROWS, MAX_THREADS, VERBOSE, SettingsLoader.CONFIG);

    public static final List<Option> OPTIONS = List.of(
            Option.of("--report-dir", "DIR", REPORT_DIR, "where sonde-<pid>.json goes (default ./sonde-reports)"),
            Option.of("--config", "FILE", SettingsLoader.CONFIG, "a properties file with more settings"));

    private ProbeSettings() {}
}
