package dev.sonde.core.snapshot;

import java.time.Instant;

/** What a report says about the JVM it comes from. */
public final class RunInfo {

    private final long pid;
    private final String command;
    private final String javaVersion;
    private final Instant startTime;
    private final long durationNanos;

    public RunInfo(long pid, String command, String javaVersion, Instant startTime, long durationNanos) {
        this.pid = pid;
        this.command = command;
        this.javaVersion = javaVersion;
        this.startTime = startTime;
        this.durationNanos = durationNanos;
    }

    public long pid() {
        return pid;
    }

    /** The main class or jar and its arguments. */
    public String command() {
        return command;
    }

    public String javaVersion() {
        return javaVersion;
    }

    public Instant startTime() {
        return startTime;
    }

    /** From the probe's start to the report. */
    public long durationNanos() {
        return durationNanos;
    }
}
