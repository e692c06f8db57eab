package dev.sonde.core.internal;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This JVM's process id. On Linux it is read from {@code /proc/self}; {@code ProcessHandle.current()}
 * would do, but the first use of it starts the JDK's process-reaper machinery (a thread pool, lambdas),
 * a cost the program's start-up or exit would pay for one number.
 */
public final class Pid {

    private static volatile long known = -1;

    private Pid() {}

    public static long current() {
        long pid = known;
        if (pid < 0) {
            pid = read();
            known = pid;
        }
        return pid;
    }

    private static long read() {
        try {
            return Long.parseLong(Files.readSymbolicLink(Path.of("/proc/self")).toString());
        } catch (Exception e) {
            return ProcessHandle.current().pid();
        }
    }
}
