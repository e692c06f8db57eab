package dev.sonde.cli;

import dev.sonde.core.feature.Option;
import java.util.ArrayList;
import java.util.List;

/**
 * Every usage text of {@code sonde}, in one place: the summary ({@code sonde help}) and each command's
 * own ({@code sonde COMMAND --help}). The README shows the summary, and a test keeps the two equal.
 */
final class Usage {

    static final String HELP_OPTION = "  -h, --help            print this text";

    /** Options of run, trace and demo: those the features declare for every probing command, and --set. */
    static final String PROBE_OPTIONS = options(Option.PROBING_COMMANDS) + "\n"
            + line("--set KEY=VALUE", "any other setting (see the README), e.g. --set report.rows=50");

    /** Options of trace only, as the features declare them. */
    static final String TRACE_OPTIONS = options(List.of("trace"));

    static final String SELECTORS =
            "selectors: com.shop.**#*  com.shop.*Service#find*  com.shop.Repo+#save(String)  '!com.shop.internal.**'";

    static final String SUMMARY = String.join(
            "\n",
            "usage: sonde run [options] -- COMMAND [ARGS...]   run COMMAND with every JVM it starts probed",
            "       sonde trace --bytecode SELECTOR [options] -- COMMAND [ARGS...]",
            "                                                  trace every instruction of the selected methods",
            "       sonde demo [options]                       run the bundled demo program under the probe",
            "       sonde agent-jar                            print the absolute path of sonde.jar",
            "       sonde version                              print the version and the commit it was built from",
            "       sonde help [COMMAND]                       print this text, or COMMAND's usage",
            "Every command also answers --help (or -h) with its own usage.",
            "",
            "options of run, trace and demo:",
            PROBE_OPTIONS,
            "options of trace only:",
            TRACE_OPTIONS,
            "",
            SELECTORS);

    static final String RUN = String.join(
            "\n",
            "usage: sonde run [options] -- COMMAND [ARGS...]",
            "Runs COMMAND with the probe in JAVA_TOOL_OPTIONS: COMMAND and every JVM it starts are probed, and",
            "each writes its report when it exits. Exit status: COMMAND's own (128 + N if signal N ended it),",
            "2 for a bad option, 127 if COMMAND cannot start.",
            "",
            "options:",
            PROBE_OPTIONS,
            HELP_OPTION,
            "",
            SELECTORS);

    static final String TRACE = String.join(
            "\n",
            "usage: sonde trace --bytecode SELECTOR [options] -- COMMAND [ARGS...]",
            "Runs COMMAND like sonde run, and traces every instruction of the selected methods, with the",
            "operand stack and the locals, to sonde-trace-<pid>.txt and .jsonl in the report directory.",
            "",
            "options:",
            TRACE_OPTIONS,
            PROBE_OPTIONS,
            HELP_OPTION,
            "",
            SELECTORS);

    static final String DEMO = String.join(
            "\n",
            "usage: sonde demo [options]",
            "Runs the demo shop bundled in sonde.jar under the probe, timing " + DemoCommand.DEMO_SELECTOR
                    + " unless --time",
            "is given. It takes no command: the program is its own.",
            "",
            "options:",
            PROBE_OPTIONS,
            HELP_OPTION);

    static final String AGENT_JAR = String.join(
            "\n",
            "usage: sonde agent-jar",
            "Prints the absolute path of sonde.jar, for java -javaagent:\"$(sonde agent-jar)\"=time=SELECTOR ...",
            "",
            "options:",
            HELP_OPTION);

    static final String VERSION = String.join(
            "\n",
            "usage: sonde version   (or sonde --version)",
            "Prints the version of Sonde and the commit it was built from.",
            "",
            "options:",
            HELP_OPTION);

    static final String HELP = String.join(
            "\n",
            "usage: sonde help [COMMAND]",
            "Prints the summary of every command, or COMMAND's own usage.",
            "",
            "options:",
            HELP_OPTION);

    static final List<String> COMMANDS = List.of("run", "trace", "demo", "agent-jar", "help", "version");

    private Usage() {}

    /** One line per option declared for exactly these commands. */
    private static String options(List<String> commands) {
        List<String> lines = new ArrayList<>();
        for (Option option : ProbeOptions.FEATURES.options()) {
            if (option.commands().equals(commands)) {
                lines.add(line(option.name() + " " + option.argument(), option.help()));
            }
        }
        return String.join("\n", lines);
    }

    private static String line(String option, String help) {
        return "  " + option + " ".repeat(Math.max(1, 22 - option.length())) + help;
    }

    /** The usage of one command, or null for a name that is not a command. */
    static String of(String command) {
        switch (command) {
            case "run":
                return RUN;
            case "trace":
                return TRACE;
            case "demo":
                return DEMO;
            case "agent-jar":
                return AGENT_JAR;
            case "version":
                return VERSION;
            case "help":
                return HELP;
            default:
                return null;
        }
    }

    static boolean isHelp(String arg) {
        return arg.equals("--help") || arg.equals("-h");
    }
}
