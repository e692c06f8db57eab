package dev.sonde.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProbeOptionsTest {

    private static final Path JAR = Path.of("/opt/sonde/sonde.jar");

    @Test
    void optionsBecomeEnvironmentVariablesThatChildProcessesInherit() throws Exception {
        ProbeOptions options = ProbeOptions.parse("run", List.of("--time", "a.B#c", "--time=d.E", "--exclude", "a.B#x",
                "--report-dir", "reports", "--set", "report.rows=5", "--", "java", "-jar", "app.jar"), true);

        Map<String, String> env = options.environment(Map.of("PATH", "/bin", "SONDE_TIME", "old.Value"));

        assertEquals(List.of("java", "-jar", "app.jar"), options.command());
        assertEquals("a.B#c;d.E", env.get("SONDE_TIME"));
        assertEquals("a.B#x", env.get("SONDE_EXCLUDE"));
        assertEquals(Path.of("reports").toAbsolutePath().toString(), env.get("SONDE_REPORT_DIR"));
        assertEquals("5", env.get("SONDE_REPORT_ROWS"));
        assertEquals("/bin", env.get("PATH"));
    }

    @Test
    void theCommandMayFollowTheOptionsWithoutDoubleDash() throws Exception {
        ProbeOptions options = ProbeOptions.parse("run", List.of("--time", "a.B", "java", "--version"), true);

        assertEquals(List.of("java", "--version"), options.command());
    }

    @Test
    void badOptionsAreRefusedQuotingTheCulprit() throws IOException {
        Path config = Files.createTempFile("sonde", ".properties");
        Files.writeString(config, "colour=red\n");
        assertEquals("sonde run: unknown option '--timer'", refusal("--timer", "x", "--", "java"));
        assertEquals("sonde run: option '--time' needs a value", refusal("--time"));
        assertEquals("sonde run: '--set rows' is not KEY=VALUE", refusal("--set", "rows", "--", "java"));
        assertTrue(refusal("--time", "a.B#", "--", "java").contains("malformed selector 'a.B#'"));
        assertTrue(refusal("--config", config.toString(), "--", "java").contains("unknown setting 'colour' in the"
                + " properties file"));
        assertEquals("sonde run: no command given; usage: sonde run [options] -- COMMAND [ARGS...]",
                refusal("--time", "a.B"));
        Files.delete(config);
    }

    @Test
    void theUsageNamesEveryOptionAndTheReadmeDocumentsThem() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        for (String option : List.of("--time", "--exclude", "--report-dir", "--config", "--set")) {
            assertTrue(Cli.USAGE_TEXT.contains(option), option);
            assertTrue(readme.contains("`" + option + " "), "README documents " + option);
        }
        for (String option : List.of("--bytecode", "--max-events")) {
            assertTrue(Cli.USAGE_TEXT.contains(option), option);
            assertTrue(readme.contains(option + " "), "README documents " + option);
        }
        for (String command : List.of("sonde run", "sonde trace", "sonde demo", "sonde agent-jar", "sonde help")) {
            assertTrue(Cli.USAGE_TEXT.contains(command), command);
            assertTrue(readme.contains(command), "README documents " + command);
        }
    }

    @Test
    void traceNeedsAMethodToTraceAndTakesItsOwnOptions() throws Exception {
        ProbeOptions options = ProbeOptions.parse("trace", List.of("--bytecode", "a.B#c", "--bytecode", "d.E",
                "--max-events", "50", "--", "java", "-jar", "app.jar"), true);

        Map<String, String> env = options.environment(Map.of());
        assertEquals("a.B#c;d.E", env.get("SONDE_TRACE_BYTECODE"));
        assertEquals("50", env.get("SONDE_TRACE_MAX_EVENTS"));
        assertEquals("sonde trace: give the methods to trace with --bytecode SELECTOR",
                assertThrows(ProbeOptions.UsageException.class,
                        () -> ProbeOptions.parse("trace", List.of("--", "java"), true)).getMessage());
        assertEquals("sonde run: unknown option '--bytecode'", refusal("--bytecode", "a.B", "--", "java"));
        assertTrue(assertThrows(ProbeOptions.UsageException.class, () -> ProbeOptions.parse("trace",
                List.of("--bytecode", "a..B", "--", "java"), true)).getMessage().contains("malformed selector 'a..B'"));
        assertTrue(assertThrows(ProbeOptions.UsageException.class, () -> ProbeOptions.parse("trace",
                List.of("--bytecode", "a.B", "--max-events", "lots", "--", "java"), true)).getMessage()
                .contains("ignoring setting 'trace.max.events' from the environment: 'lots' is not a whole number"));
    }

    @Test
    void anUnknownCommandIsRefusedWithTheUsage() {
        StringWriter err = new StringWriter();
        int status = Cli.command(JAR, List.of("frobnicate"), new PrintWriter(err))
                .execute(new PrintWriter(new StringWriter()), new PrintWriter(err, true));

        assertEquals(2, status);
        assertTrue(err.toString().startsWith("sonde: unknown command 'frobnicate'"), err.toString());
    }

    private static String refusal(String... args) {
        return assertThrows(ProbeOptions.UsageException.class, () -> ProbeOptions.parse("run", List.of(args), true))
                .getMessage();
    }
}
