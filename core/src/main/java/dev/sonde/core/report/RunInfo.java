package dev.sonde.core.report;

import java.time.Instant;

/** What a report says about the JVM it comes from. */
public record RunInfo(long pid, String command, String javaVersion, Instant startTime, long durationNanos,
        boolean maxMethodsReached) {
}
