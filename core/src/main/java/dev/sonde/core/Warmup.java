package dev.sonde.core;

import dev.sonde.core.internal.Log;
import dev.sonde.core.internal.Pid;
import dev.sonde.core.record.Recorder;
import dev.sonde.core.report.JsonReport;
import dev.sonde.core.report.ReportFile;
import dev.sonde.core.report.TextReport;
import dev.sonde.core.snapshot.RunInfo;
import dev.sonde.core.snapshot.Snapshot;
import java.io.StringWriter;
import java.time.Instant;

/**
 * Loads, on a short-lived thread of its own, the classes the probe will need later: those recording
 * needs when a thread first folds its calls (loaded then, at the bottom of a deep stack, they would make
 * the JVM report an instrumentation failure), and those the reports need at exit (the JSON writer, the
 * JDK's file channels); and measures what timing a call costs on this JVM ({@link Recorder#calibrate}). Started when the first class is woven, it runs beside the program, off its
 * path; a program the selectors leave alone never starts it. Until it has loaded what folding needs,
 * threads grow their buffers instead of folding them.
 */
final class Warmup implements Runnable {

    private final Recorder recorder;

    private Warmup(Recorder recorder) {
        this.recorder = recorder;
    }

    /** Starts the warm-up thread; it ends by itself in a few tens of milliseconds. */
    static void start(Recorder recorder) {
        Thread thread = new Thread(new Warmup(recorder), "sonde-warmup");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void run() {
        recorder.quietly(new Runnable() {
            @Override
            public void run() {
                try {
                    Recorder.preload();
                    recorder.calibrate();
                    Snapshot empty = Snapshot.builder(new RunInfo(Pid.current(), "", "", Instant.now(), 0))
                            .build();
                    JsonReport.write(empty, new StringWriter());
                    TextReport.render(empty, 1);
                    ReportFile.warmUp();
                } catch (Exception | LinkageError e) {
                    Log.debug("could not warm up: " + e);
                }
            }
        });
    }
}
