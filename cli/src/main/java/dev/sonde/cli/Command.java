package dev.sonde.cli;

import java.io.PrintWriter;

/** One sub-command of {@code sonde}; writes only to the given streams, so it is tested without a process. */
interface Command {

    /** Exit status when the command line itself is wrong. */
    int USAGE = 2;

    int execute(PrintWriter out, PrintWriter err);
}
