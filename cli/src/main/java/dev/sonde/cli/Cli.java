package dev.sonde.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/** The {@code sonde} command line: picks the sub-command and runs it. */
public final class Cli {

    private Cli() {}

    /** Called by the launcher in the jar's root; returns the exit status. */
    public static int main(Path jar, String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        int status = command(jar, List.of(args)).execute(out, err);
        out.flush();
        err.flush();
        return status;
    }

    static Command command(Path jar, List<String> args) {
        if (args.isEmpty()) {
            return (out, err) -> {
                err.println(Usage.SUMMARY);
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
                return withoutArguments("agent-jar", rest, out -> out.println(jar.toAbsolutePath()));
            case "version":
            case "--version":
                return withoutArguments("version", rest, out -> out.println(BuildInfo.describe(jar)));
            case "help":
            case "--help":
            case "-h":
                return help(rest);
            default:
                return (out, err) -> {
                    err.println("sonde: unknown command '" + args.get(0) + "'; known: "
                            + String.join(", ", Usage.COMMANDS));
                    err.println(Usage.SUMMARY);
                    return Command.USAGE;
                };
        }
    }

    /** {@code sonde help [COMMAND]}. */
    private static Command help(List<String> args) {
        if (args.size() == 1 && Usage.of(args.get(0)) != null) {
            return (out, err) -> {
                out.println(Usage.of(args.get(0)));
                return 0;
            };
        }
        if (args.size() == 1 && !Usage.isHelp(args.get(0))) {
            return (out, err) -> {
                err.println("sonde help: unknown command '" + args.get(0) + "'; known: "
                        + String.join(", ", Usage.COMMANDS));
                return Command.USAGE;
            };
        }
        return withoutArguments("help", args, out -> out.println(Usage.SUMMARY));
    }

    /** A command that takes no argument but {@code --help}, and refuses any other. */
    private static Command withoutArguments(String name, List<String> args, Consumer<PrintWriter> action) {
        return (out, err) -> {
            if (args.isEmpty()) {
                action.accept(out);
                return 0;
            }
            if (args.size() == 1 && Usage.isHelp(args.get(0))) {
                out.println(Usage.of(name));
                return 0;
            }
            err.println("sonde " + name + ": unexpected argument '" + args.get(0) + "'; usage:");
            err.println(Usage.of(name));
            return Command.USAGE;
        };
    }
}
