package dev.sonde.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CliTest {

    private static final Path JAR = Path.of("/opt/sonde/sonde.jar");
    private static final Path README = Path.of("..", "README.md");

    /** What one command printed and returned. */
    private record Result(int status, String out, String err) {}

    @ParameterizedTest(name = "sonde {0} --help")
    @ValueSource(strings = {"run", "trace", "demo", "agent-jar", "version", "help"})
    void everyCommandAnswersHelpWithItsOwnUsageOnStdout(String command) {
        for (String help : List.of("--help", "-h")) {
            Result result = run(command, help);

            assertEquals(new Result(0, Usage.of(command) + "\n", ""), result, command + " " + help);
            assertTrue(result.out().startsWith("usage: sonde " + command), result.out());
            assertEquals(result, run("help", command), "sonde help " + command);
        }
    }

    @Test
    void helpAloneOrAsAnOptionPrintsTheSummary() {
        Result summary = new Result(0, Usage.SUMMARY + "\n", "");

        assertEquals(summary, run("help"));
        assertEquals(summary, run("--help"));
        assertEquals(summary, run("-h"));
        assertEquals(new Result(2, "", Usage.SUMMARY + "\n"), run());
    }

    @Test
    void unknownCommandsAndStrayArgumentsAreRefused() {
        Result unknown = run("frobnicate");
        assertEquals(2, unknown.status());
        assertTrue(
                unknown.err()
                        .startsWith("sonde: unknown command 'frobnicate'; known: run, trace, demo, agent-jar,"
                                + " help, version\n"),
                unknown.err());

        assertEquals(
                new Result(2, "", "sonde agent-jar: unexpected argument 'extra'; usage:\n" + Usage.AGENT_JAR + "\n"),
                run("agent-jar", "extra"));
        assertEquals(
                new Result(
                        2,
                        "",
                        "sonde help: unknown command 'frobnicate'; known: run, trace, demo, agent-jar,"
                                + " help, version\n"),
                run("help", "frobnicate"));
    }

    @Test
    void versionAndDashDashVersionSayTheSame() {
        Result version = run("version");

        assertEquals(0, version.status());
        assertTrue(version.out().startsWith("sonde (version unknown) (commit "), "no sonde.jar here: " + version.out());
        assertEquals(version, run("--version"));
    }

    @Test
    void theVersionLineNamesTheCommitAndSaysWhetherTheTreeHadChanges() {
        Properties build = new Properties();
        assertEquals("sonde 1.2.0 (commit unknown: built outside a git checkout)", BuildInfo.describe("1.2.0", build));
        build.setProperty("commit", "0123456789abcdef0123456789abcdef01234567");
        build.setProperty("commit.time", "2025-01-31T12:00:00+01:00");
        build.setProperty("dirty", "false");
        assertEquals(
                "sonde 1.2.0 (commit 0123456789ab of 2025-01-31T12:00:00+01:00)", BuildInfo.describe("1.2.0", build));
        build.setProperty("dirty", "true");
        assertEquals(
                "sonde 1.2.0 (commit 0123456789ab of 2025-01-31T12:00:00+01:00, with uncommitted changes)",
                BuildInfo.describe("1.2.0", build));
    }

    @Test
    void theBuildRecordedTheCommitItWasMadeFrom() throws IOException {
        Properties build = new Properties();
        try (var in = BuildInfo.class.getResourceAsStream(BuildInfo.RESOURCE)) {
            build.load(in);
        }
        assertTrue(build.getProperty("commit", "").matches("([0-9a-f]{40})?"), build.toString());
        assertTrue(build.getProperty("dirty").matches("true|false"), build.toString());
    }

    @Test
    void theReadmeShowsTheSummaryAsSondeHelpPrintsIt() throws IOException {
        String readme = Files.readString(README);
        Matcher block = Pattern.compile(
                        "<!-- usage:[^\\n]*-->\\n```\\n(.*?)\\n```\\n<!-- end usage -->", Pattern.DOTALL)
                .matcher(readme);

        assertTrue(block.find(), "README has the usage block");
        assertEquals(Usage.SUMMARY, block.group(1));
    }

    @Test
    void theReadmeDocumentsEveryOptionOfEveryCommand() throws IOException {
        String readme = Files.readString(README);
        List<String> undocumented = new ArrayList<>();
        Matcher option = Pattern.compile("^  (--[a-z-]+)( [A-Z=]+)?", Pattern.MULTILINE)
                .matcher(Usage.PROBE_OPTIONS + "\n" + Usage.TRACE_OPTIONS);
        while (option.find()) {
            String written = option.group(1) + (option.group(2) == null ? "" : option.group(2));
            if (!readme.contains("`" + written + "`")) {
                undocumented.add(written);
            }
        }
        assertEquals(List.of(), undocumented);
        for (String command : Usage.COMMANDS) {
            assertTrue(readme.contains("`sonde " + command), "README documents sonde " + command);
        }
    }

    @Test
    void theReadmeQuotesTheAgentJarPathWhereverItLoadsTheProbe() throws IOException {
        List<String> unquoted = new ArrayList<>();
        for (String line : Files.readAllLines(README)) {
            if (line.contains("-javaagent:$(")) {
                unquoted.add(line);
            }
        }
        assertEquals(List.of(), unquoted);
        assertTrue(Files.readString(README).contains("-javaagent:\"$(bin/sonde agent-jar)\"="));
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Cli.command(JAR, List.of(args)).execute(new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(status, out.toString(), err.toString());
    }
}
