package dev.sonde.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** The {@code sonde} command line: picks the sub-command and runs it. */
public final class Cli {

    static final String USAGE_TEXT = String.join("\n",
            "usage: sonde run [options] -- COMMAND [ARGS...]   run COMMAND with every JVM it starts probed",
            "       sonde trace --bytecode SELECTOR [options] -- COMMAND [ARGS...]",
            "                                                  trace every instruction of the selected methods",
            "       sonde demo [options]                       run the bundled demo program under the probe",
            "       sonde agent-jar                            print the absolute path of sonde.jar",
            "       sonde help                                 print this text",
            "",
            "options of run and demo:",
            "  --time SELECTOR       time the methods SELECTOR matches (repeatable); '!SELECTOR' excludes",
            "  --exclude SELECTOR    never time the methods SELECTOR matches (repeatable)",
            "  --report-dir DIR      where sonde-<pid>.json goes (default ./sonde-reports)",
            "  --config FILE         a properties file with more settings",
            "  --set KEY=VALUE       any other setting (see the README), e.g. --set report.rows=50",
            "options of trace (with those above):",
            "  --bytecode SELECTOR   trace every instruction of the methods SELECTOR matches (repeatable)",
            "  --follow N            trace the methods they call too, down to N calls deep (default 0)",
            "  --max-events N        stop tracing after N instruction events (default 2000000)",
            "",
            "selectors: com.shop.**#*  com.shop.*Service#find*  com.shop.Repo+#save(String)  '!com.shop.internal.**'");

    private Cli() {
    }

    /** Called by the launcher in the jar's root; returns the exit status. */
    public static int main(Path jar, String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        int status = command(jar, List.of(args), err).execute(out, err);
        out.flush();
        err.flush();
        return status;
    }

    static Command command(Path jar, List<String> args, PrintWriter err) {
        if (args.isEmpty()) {
            return (out, e) -> {
                e.println(USAGE_TEXT);
                return Command.USAGE;
            };
        }
        List<String> rest = args.subList(1, args.size());
        switch (args.get(0)) {
            case "run":
                return new RunCommand(jar, rest, "run");
            case "trace":
                return new RunCommand(jar, rest, "trace");
            case "demo":
                return new DemoCommand(jar, rest);
            case "agent-jar":
                return (out, e) -> {
                    out.println(jar.toAbsolutePath());
                    return 0;
                };
            case "help":
            case "--help":
            case "-h":
                return (out, e) -> {
                    out.println(USAGE_TEXT);
                    return 0;
                };
            default:
                return (out, e) -> {
                    e.println("sonde: unknown command '" + args.get(0) + "'; known: run, trace, demo, agent-jar, help");
                    e.println(USAGE_TEXT);
                    return Command.USAGE;
                };
        }
    }

    static String quoted(String[] words) {
        return String.join(" ", Arrays.asList(words));
    }
}
