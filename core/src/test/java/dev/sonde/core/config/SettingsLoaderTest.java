package dev.sonde.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsLoaderTest {

    @TempDir
    Path temp;

    private static Properties properties(String... pairs) {
        Properties properties = new Properties();
        for (int i = 0; i < pairs.length; i += 2) {
            properties.setProperty(pairs[i], pairs[i + 1]);
        }
        return properties;
    }

    @Test
    void defaultsApplyWhenNothingIsGiven() {
        Settings settings = SettingsLoader.load(null, new Properties(), Map.of());

        assertEquals(List.of(), settings.problems());
        assertTrue(settings.selection().isEmpty());
        assertEquals(Path.of("sonde-reports").toAbsolutePath(), settings.reportDir());
        assertEquals(10_000, settings.maxMethods());
        assertEquals(4096, settings.maxThreads());
        assertEquals(30, settings.reportRows());
        assertTrue(settings.reportTable());
    }

    @Test
    void agentArgumentsKeepCommasInsideParenthesesAndRepeatedKeysAddUp() {
        Settings settings = SettingsLoader.load("time=a.B#c(int, long),exclude=a.B#d,time=x.Y", new Properties(), Map.of());

        assertEquals(List.of(), settings.problems());
        assertEquals("[a.B#c(int, long), x.Y]", settings.time().toString());
        assertEquals("[a.B#d]", settings.exclude().toString());
    }

    @Test
    void precedenceIsArgumentsThenSystemPropertiesThenEnvironmentThenFile() throws IOException {
        Path file = Files.writeString(temp.resolve("sonde.properties"),
                "time=file.F\nsonde.report.rows=4\nmax.methods=7\nverbose=true\n");
        Map<String, String> env = Map.of("SONDE_CONFIG", file.toString(), "SONDE_TIME", "env.E", "SONDE_MAX_METHODS", "8");
        Properties system = properties("sonde.time", "prop.P", "unrelated", "x");

        Settings withArgument = SettingsLoader.load("time=arg.A", system, env);
        Settings withoutArgument = SettingsLoader.load(null, system, env);
        Settings environmentOnly = SettingsLoader.load(null, new Properties(), env);

        assertEquals(List.of(), withArgument.problems());
        assertEquals("[arg.A]", withArgument.time().toString());
        assertEquals("[prop.P]", withoutArgument.time().toString());
        assertEquals("[env.E]", environmentOnly.time().toString());
        assertEquals(8, environmentOnly.maxMethods(), "the environment beats the file");
        assertEquals(4, environmentOnly.reportRows(), "the file's keys may carry the sonde. prefix");
        assertTrue(environmentOnly.verbose());
    }

    @Test
    void unknownKeysAreNamedWithTheirSourceAndTheKnownKeys() throws IOException {
        Path file = Files.writeString(temp.resolve("f.properties"), "colour=red\nconfig=other.properties\n");
        Settings settings = SettingsLoader.load("flavour=x,noequals", properties("sonde.size", "1"),
                Map.of("SONDE_TIMES", "a.B", "SONDE_CONFIG", file.toString()));

        assertEquals(List.of(
                "ignoring agent argument 'noequals': expected key=value",
                "unknown setting 'SONDE_TIMES' in the environment; known: SONDE_TIME, SONDE_EXCLUDE, SONDE_REPORT_DIR,"
                        + " SONDE_REPORT_PERMISSIONS, SONDE_REPORT_TABLE, SONDE_REPORT_ROWS, SONDE_MAX_METHODS,"
                        + " SONDE_MAX_THREADS, SONDE_TRACE_BYTECODE,"
                        + " SONDE_TRACE_FOLLOW, SONDE_TRACE_MAX_EVENTS, SONDE_TRACE_MAX_BYTES, SONDE_VERBOSE,"
                        + " SONDE_CONFIG",
                "unknown setting 'colour' in the properties file " + file
                        + "; known: time, exclude, report.dir, report.permissions, report.table, report.rows, max.methods,"
                        + " max.threads,"
                        + " trace.bytecode, trace.follow, trace.max.events, trace.max.bytes, verbose, config",
                "ignoring setting 'config' in the properties file " + file + ": a properties file cannot name another",
                "unknown setting 'size' in system properties; known: time, exclude, report.dir, report.permissions,"
                        + " report.table,"
                        + " report.rows, max.methods, max.threads, trace.bytecode, trace.follow, trace.max.events, trace.max.bytes,"
                        + " verbose, config",
                "unknown setting 'flavour' in the agent arguments; known: time, exclude, report.dir,"
                        + " report.permissions, report.table,"
                        + " report.rows, max.methods, max.threads, trace.bytecode, trace.follow, trace.max.events, trace.max.bytes,"
                        + " verbose, config"),
                settings.problems());
    }

    @Test
    void badValuesAreNamedAndTheDefaultIsKept() {
        Settings settings = SettingsLoader.load("max.methods=0,max.threads=x,report.table=yes,time=a..B;c.D", new Properties(),
                Map.of());

        assertEquals(List.of(
                "ignoring a selector of setting 'time' from the agent arguments: malformed selector 'a..B': the class"
                        + " pattern 'a..B' has an empty segment (at character 1)",
                "ignoring setting 'max.methods' from the agent arguments: '0' is not between 1 and 524288; using the"
                        + " default '10000'",
                "ignoring setting 'max.threads' from the agent arguments: 'x' is not a whole number; using the default"
                        + " '4096'",
                "ignoring setting 'report.table' from the agent arguments: 'yes' is neither true nor false; using the"
                        + " default 'true'"),
                settings.problems());
        assertEquals(10_000, settings.maxMethods());
        assertEquals("[c.D]", settings.time().toString());
    }

    @Test
    void anUnreadableFileIsNamed() {
        Settings settings = SettingsLoader.load("config=/no/such.properties", new Properties(), Map.of());

        assertEquals(1, settings.problems().size());
        assertTrue(settings.problems().get(0).startsWith(
                "cannot read the properties file '/no/such.properties' named by setting 'config': "),
                settings.problems().get(0));
    }
}
