package dev.sonde.core.report;

import dev.sonde.core.internal.Log;
import dev.sonde.core.snapshot.RunInfo;
import dev.sonde.core.snapshot.Snapshot;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * Writes the reports of one JVM: the table on stderr and {@code sonde-<pid>.json} in the report
 * directory. A directory that cannot be written is said once, at start, and the table still prints.
 * The JSON goes to a new file of its own, with the configured permissions, which then takes its final
 * name whole, never through a link and never over a file already there (see {@link ReportFile}).
 */
public final class ReportWriter {

    private final Path directory;
    private final boolean table;
    private final int rows;
    private final PrintStream err;
    private final Set<PosixFilePermission> permissions;
    private boolean directoryUsable = true;

    /** @param permissions what the JSON report is created with, on a POSIX file system */
    public ReportWriter(
            Path directory, boolean table, int rows, PrintStream err, Set<PosixFilePermission> permissions) {
        this.directory = directory;
        this.table = table;
        this.rows = rows;
        this.err = err;
        this.permissions = permissions;
    }

    /** Creates the directory if needed and checks it can be written; warns once and returns false if not. */
    public boolean prepareDirectory() {
        try {
            Files.createDirectories(directory);
            if (!Files.isDirectory(directory) || !Files.isWritable(directory)) {
                throw new IOException("not a writable directory");
            }
        } catch (IOException | RuntimeException e) {
            directoryUsable = false;
            Log.warn("cannot write reports to " + directory + " (setting report.dir): " + describe(e)
                    + "; the JSON report will be skipped, the program runs on");
        }
        return directoryUsable;
    }

    public Path jsonFile(long pid) {
        return directory.resolve("sonde-" + pid + ".json");
    }

    public void write(Snapshot snapshot) {
        RunInfo run = snapshot.run();
        if (table) {
            err.print(TextReport.render(snapshot, rows));
            err.flush();
        }
        if (!directoryUsable) {
            return;
        }
        Path target = jsonFile(run.pid());
        Path partial = null;
        try {
            ReportFile.Created created =
                    ReportFile.createPartial(directory, "sonde-" + run.pid() + ".json", permissions);
            partial = created.path;
            try (Writer out = new BufferedWriter(new OutputStreamWriter(created.out, StandardCharsets.UTF_8))) {
                JsonReport.write(snapshot, out);
            }
            target = ReportFile.publish(partial, "sonde-" + run.pid(), ".json", "the report");
            if (table) {
                err.println("[sonde] report: " + target);
            }
        } catch (IOException | RuntimeException e) {
            deleteQuietly(partial);
            Log.warn("cannot write the report " + target + " (setting report.dir): " + describe(e));
        }
    }

    private static void deleteQuietly(Path partial) {
        if (partial != null) {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException | RuntimeException e) {
                // it stays, under a name that says it is incomplete
            }
        }
    }

    private static String describe(Exception e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
