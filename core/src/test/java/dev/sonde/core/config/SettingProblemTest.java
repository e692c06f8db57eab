package dev.sonde.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingProblemTest {

    private static final String KNOWN_KEYS =
            "time, exclude, report.dir, report.permissions, report.table, report.rows, max.methods,"
                    + " max.threads, trace.bytecode, trace.follow, trace.max.events, trace.max.bytes, verbose, config";

    @TempDir
    Path temp;

    @Test
    void everyProblemIsAlsoGivenAsDataInTheSameOrder() throws IOException {
        Path file = Files.writeString(temp.resolve("sonde.properties"), "colour=red\nconfig=other.properties\n");
        Settings settings = SettingsLoader.load(
                "rows",
                new Properties(),
                Map.of(
                        "SONDE_CONFIG", file.toString(),
                        "SONDE_REPORT_ROWS", "abc",
                        "SONDE_TIME", "a.B;c..D"));

        List<String> details = new ArrayList<>();
        for (SettingProblem problem : settings.problemDetails()) {
            details.add(problem.toString());
        }
        assertEquals(
                List.of(
                        "rows=rows from the agent arguments: expected key=value",
                        "config=other.properties from the properties file " + file
                                + ": a properties file cannot name another",
                        "colour=red from the properties file " + file + ": unknown setting; known: " + KNOWN_KEYS,
                        "time=c..D from the environment: malformed selector 'c..D': the class pattern 'c..D' has an empty"
                                + " segment (at character 3)",
                        "report.rows=abc from the environment: 'abc' is not a whole number"),
                details);
        assertEquals(settings.problems().size(), settings.problemDetails().size(), "one unknown key: one message");
    }

    @Test
    void aProblemNamesItsSettingOrNoneWhenTheKeyIsUnknown() {
        Settings settings = SettingsLoader.load("trace.follow=-1", new Properties(), Map.of("SONDE_COLOUR", "red"));

        SettingProblem unknown = settings.problemDetails().get(0);
        assertEquals("SONDE_COLOUR", unknown.key());
        assertNull(unknown.setting());
        assertEquals("red", unknown.value());
        SettingProblem follow = settings.problemDetails().get(1);
        assertSame(Setting.TRACE_FOLLOW, follow.setting());
        assertEquals("the agent arguments", follow.source());
        assertEquals("-1", follow.value());
        assertEquals("'-1' is not between 0 and 64", follow.reason());
    }

    @Test
    void anUnreadableFileIsAProblemOfTheSettingThatNamedIt() {
        Settings settings = SettingsLoader.load(null, new Properties(), Map.of("SONDE_CONFIG", temp.toString()));

        SettingProblem problem = settings.problemDetails().get(0);
        assertSame(Setting.CONFIG, problem.setting());
        assertEquals("the environment", problem.source());
        assertEquals(temp.toString(), problem.value());
        assertEquals("cannot read the properties file: it is a directory", problem.reason());
    }

    @Test
    void unknownKeysOfOneSourceAreOneMessageAndOneDetailEach() {
        Settings settings =
                SettingsLoader.load(null, new Properties(), Map.of("SONDE_COLOUR", "red", "SONDE_SIZE", "9"));

        assertEquals(1, settings.problems().size(), settings.problems().toString());
        assertEquals(
                List.of("SONDE_COLOUR=red", "SONDE_SIZE=9"),
                settings.problemDetails().stream()
                        .map(p -> p.key() + "=" + p.value())
                        .toList());
    }
}
