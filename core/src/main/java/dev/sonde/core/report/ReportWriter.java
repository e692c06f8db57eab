package dev.sonde.core.report;

import dev.sonde.core.internal.Log;
import dev.sonde.core.record.MethodSnapshot;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Writes the reports of one JVM: the table on stderr and {@code sonde-<pid>.json} in the report
 * directory. A directory that cannot be written is said once, at start, and the table still prints.
 */
public final class ReportWriter {

    private final Path directory;
    private final boolean table;
    private final int rows;
    private final PrintStream err;
    private boolean directoryUsable = true;

    public ReportWriter(Path directory, boolean table, int rows, PrintStream err) {
        this.directory = directory;
        this.table = table;
        this.rows = rows;
        this.err = err;
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

    public void write(RunInfo run, List<MethodSnapshot> methods) {
        if (table) {
            err.print(TextReport.render(run, methods, rows));
            err.flush();
        }
        if (!directoryUsable) {
            return;
        }
        Path target = jsonFile(run.pid());
        Path partial = directory.resolve("sonde-" + run.pid() + ".json.partial");
        try {
            try (Writer out = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
                JsonReport.write(run, methods, out);
            }
            try {
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
            }
            if (table) {
                err.println("[sonde] report: " + target);
            }
        } catch (IOException | RuntimeException e) {
            Log.warn("cannot write the report " + target + " (setting report.dir): " + describe(e));
        }
    }

    private static String describe(Exception e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
