package dev.sonde.core.report;

import dev.sonde.core.record.MethodRegistry;
import java.time.Instant;

/** What a report says about the JVM it comes from and about what the probe could not record. */
public final class RunInfo {

    private final long pid;
    private final String command;
    private final String javaVersion;
    private final Instant startTime;
    private final long durationNanos;
    private final MethodRegistry.Untimed untimed;
    private final long lostCalls;

    public RunInfo(
            long pid,
            String command,
            String javaVersion,
            Instant startTime,
            long durationNanos,
            MethodRegistry.Untimed untimed,
            long lostCalls) {
        this.pid = pid;
        this.command = command;
        this.javaVersion = javaVersion;
        this.startTime = startTime;
        this.durationNanos = durationNanos;
        this.untimed = untimed;
        this.lostCalls = lostCalls;
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

    /** Selected methods left untimed because {@code max.methods} others were called first. */
    public MethodRegistry.Untimed untimed() {
        return untimed;
    }

    /** Calls that could not be recorded for want of memory (or of stack, in a recursion past a million timed calls). */
    public long lostCalls() {
        return lostCalls;
    }
}
