package dev.sonde.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProbeOptionsTest {

    private static final String KNOWN_KEYS = knownKeys();

    private static String knownKeys() {
        List<String> keys = new java.util.ArrayList<>();
        for (dev.sonde.core.config.Setting<?> setting : ProbeOptions.FEATURES.settings()) {
            keys.add(setting.key());
        }
        return String.join(", ", keys);
    }

    @TempDir
    Path temp;

    @Test
    void optionsBecomeEnvironmentVariablesThatChildProcessesInherit() throws Exception {
        ProbeOptions options = parse(
                "run",
                Map.of(),
                "--time",
                "a.B#c",
                "--time=d.E",
                "--exclude",
                "a.B#x",
                "--report-dir",
                "reports",
                "--set",
                "report.rows=5",
                "--set",
                "time=f.G",
                "--",
                "java",
                "-jar",
                "app.jar");

        Map<String, String> env = options.environment(Map.of("PATH", "/bin", "SONDE_TIME", "old.Value"));

        assertEquals(List.of("java", "-jar", "app.jar"), options.command());
        assertEquals("a.B#c;d.E;f.G", env.get("SONDE_TIME"));
        assertEquals("a.B#x", env.get("SONDE_EXCLUDE"));
        assertEquals(Path.of("reports").toAbsolutePath().toString(), env.get("SONDE_REPORT_DIR"));
        assertEquals("5", env.get("SONDE_REPORT_ROWS"));
        assertEquals("/bin", env.get("PATH"));
    }

    @Test
    void theCommandMayFollowTheOptionsWithoutDoubleDash() throws Exception {
        ProbeOptions options = parse("run", Map.of(), "--time", "a.B", "java", "--version");

        assertEquals(List.of("java", "--version"), options.command());
    }

    @Test
    void badOptionsAreRefusedQuotingTheCulprit() {
        assertEquals("sonde run: unknown option '--timer'", refusal("run", "--timer", "x", "--", "java"));
        assertEquals("sonde run: option '--time' needs a value", refusal("run", "--time"));
        assertEquals(
                "sonde run: option '--time' needs a value",
                refusal("run", "--time", "--", "java"),
                "'--' ends the options: it is no selector");
        assertEquals("sonde run: '--set rows' is not KEY=VALUE", refusal("run", "--set", "rows", "--", "java"));
        assertEquals(
                "sonde run: unknown setting 'colour' in '--set colour=red'",
                refusal("run", "--set", "colour=red", "--", "java"));
        assertEquals(
                "sonde run: --config /no/such.properties: cannot read this file: there is no such file",
                refusal("run", "--config", "/no/such.properties", "--", "java"));
        assertEquals(
                "sonde run: no command given; usage: sonde run [options] -- COMMAND [ARGS...]",
                refusal("run", "--time", "a.B"));
        assertEquals("sonde run: unknown option '--bytecode'", refusal("run", "--bytecode", "a.B", "--", "java"));
        assertEquals("sonde trace: give the methods to trace with --bytecode SELECTOR", refusal("trace", "--", "java"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "run   | --set report.rows=abc     | sonde run: --set report.rows=abc: 'abc' is not a whole number",
                "run   | --set=report.table=yes    | sonde run: --set report.table=yes: 'yes' is neither true nor false",
                "run   | --time a.B --time c..D    | sonde run: --time c..D: malformed selector 'c..D': the class pattern 'c..D' has"
                        + " an empty segment (at character 3)",
                "run   | --exclude a.B#            | sonde run: --exclude a.B#: malformed selector 'a.B#': expected a method name"
                        + " after '#' (at character 5)",
                "trace | --bytecode a.B --follow -1 | sonde trace: --follow -1: '-1' is not between 0 and 64",
                "trace | --bytecode a.B --max-events lots | sonde trace: --max-events lots: 'lots' is not a whole number",
                "trace | --bytecode a.B --set trace.max.bytes=0 | sonde trace: --set trace.max.bytes=0: '0' is not a positive whole"
                        + " number",
            })
    void aRefusedValueNamesTheOptionAsTypedAndNothingElse(String command, String options, String message) {
        List<String> args = new ArrayList<>(Arrays.asList(options.split(" ")));
        args.addAll(List.of("--", "java"));

        String refusal = refusal(command, args.toArray(new String[0]));

        assertEquals(message, refusal);
        assertFalse(
                refusal.contains("ignoring") || refusal.contains("environment") || refusal.contains("default"),
                refusal);
    }

    @Test
    void aPropertiesFileIsNamedByTheOptionThatGaveItAndEachBadLineByItsKey() throws IOException {
        Path config = Files.writeString(temp.resolve("sonde.properties"), "colour=red\nreport.rows=abc\nconfig=x\n");

        List<String> lines = new ArrayList<>(refusal("run", "--config", config.toString(), "--", "java")
                .lines()
                .toList());
        lines.sort(null); // a properties file has no order
        assertEquals(
                List.of(
                        "sonde run: --config " + config + ": colour=red: unknown setting; known: " + KNOWN_KEYS,
                        "sonde run: --config " + config + ": config=x: a properties file cannot name another",
                        "sonde run: --config " + config + ": report.rows=abc: 'abc' is not a whole number"),
                lines);
        assertEquals(
                "sonde run: --config " + temp + ": cannot read this file: it is a directory",
                refusal("run", "--config", temp.toString(), "--", "java"));
    }

    @Test
    void aFileThatIsNotASettingsFileGetsOneLineNotOnePerLineOfIt() throws IOException {
        StringBuilder passwd = new StringBuilder();
        for (int i = 0; i < 14; i++) {
            passwd.append("user").append(i).append(":x:").append(1000 + i).append(":100::/home:/bin/sh\n");
        }
        Path config = Files.writeString(temp.resolve("passwd"), passwd);

        String refusal = refusal("run", "--config", config.toString(), "--", "java");

        assertEquals(1, refusal.lines().count(), refusal);
        assertTrue(
                refusal.startsWith("sonde run: --config " + config + ": unknown settings 'user0', 'user1', 'user10',"),
                refusal);
        assertTrue(refusal.endsWith(" and 4 more; known: " + KNOWN_KEYS), refusal);
    }

    @Test
    void aBadSettingInheritedFromTheEnvironmentIsNamedByItsVariable() {
        assertEquals(
                "sonde run: SONDE_REPORT_ROWS=abc in the environment: 'abc' is not a whole number",
                refusal(Map.of("SONDE_REPORT_ROWS", "abc"), "run", "--", "java"));
        assertTrue(refusal(Map.of("SONDE_COLOUR", "red"), "run", "--", "java")
                .startsWith(
                        "sonde run: SONDE_COLOUR=red in the environment: unknown setting; known: SONDE_REPORT_DIR, "));
    }

    @Test
    void anOptionOverridesTheInheritedVariableItReplaces() throws Exception {
        ProbeOptions options = parse("run", Map.of("SONDE_REPORT_ROWS", "abc"), "--set", "report.rows=7", "--", "java");

        assertEquals(
                "7", options.environment(Map.of("SONDE_REPORT_ROWS", "abc")).get("SONDE_REPORT_ROWS"));
    }

    @ParameterizedTest(name = "{0} [{1}]")
    @CsvSource(
            delimiter = '|',
            value = {
                "--time       | ''   | sonde run: --time '': the value is empty",
                "--time       | '  ' | sonde run: --time '  ': the value is empty",
                "--exclude    | ''   | sonde run: --exclude '': the value is empty",
                "--report-dir | ''   | sonde run: --report-dir '': the value is empty",
                "--config     | ' '  | sonde run: --config ' ': the value is empty",
                "--set        | ''   | sonde run: --set '': the value is empty",
                "--set        | report.dir= | sonde run: --set report.dir=: the value is empty",
                "--set        | 'time= '    | sonde run: --set 'time= ': the value is empty",
            })
    void anEmptyValueIsRefusedNamingTheOption(String option, String value, String message) {
        assertEquals(message, refusal("run", option, value, "--", "java"));
        assertEquals(message, refusal("run", option + "=" + value, "--", "java"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"--bytecode", "--follow", "--max-events"})
    void anEmptyValueOfATraceOptionIsRefusedToo(String option) {
        assertEquals(
                "sonde trace: " + option + " '': the value is empty",
                refusal("trace", "--bytecode", "a.B", option, "", "--", "java"));
    }

    @Test
    void theDemoTakesOptionsButNoCommand() throws Exception {
        String why = ": sonde demo runs its own program and takes options only";
        assertEquals("sonde demo: unexpected '--'" + why, demoRefusal("--time", "a.B", "--", "echo", "hi"));
        assertEquals("sonde demo: unexpected '--'" + why, demoRefusal("--"));
        assertEquals("sonde demo: unexpected argument 'echo'" + why, demoRefusal("echo", "hi"));

        ProbeOptions options =
                ProbeOptions.parse("demo", List.of("--time", "a.B", "--exclude", "a.B#x"), false, Map.of());
        options.timeByDefault("example.shop.**");
        assertEquals(List.of("a.B"), options.values(dev.sonde.core.timing.TimingFeature.TIME));
        assertEquals(List.of(), options.command());
    }

    @Test
    void helpStopsTheParsingWhereverItStandsAmongTheOptions() throws Exception {
        assertTrue(parse("run", Map.of(), "--help").helpRequested());
        assertTrue(parse("trace", Map.of(), "--follow", "2", "-h", "--bogus").helpRequested());
        assertTrue(
                ProbeOptions.parse("demo", List.of("--help"), false, Map.of()).helpRequested());
        assertFalse(parse("run", Map.of(), "--", "java", "--help").helpRequested(), "the command's own --help");
    }

    private static ProbeOptions parse(String command, Map<String, String> env, String... args) throws Exception {
        return ProbeOptions.parse(command, List.of(args), true, env);
    }

    private static String refusal(String command, String... args) {
        return refusal(Map.of(), command, args);
    }

    private static String refusal(Map<String, String> env, String command, String... args) {
        return assertThrows(ProbeOptions.UsageException.class, () -> parse(command, env, args))
                .getMessage();
    }

    private static String demoRefusal(String... args) {
        return assertThrows(
                        ProbeOptions.UsageException.class,
                        () -> ProbeOptions.parse("demo", List.of(args), false, Map.of()))
                .getMessage();
    }
}
