package dev.sonde.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.sonde.core.ProbeSettings;
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

    private static final String KNOWN_KEYS = TestCatalog.KEYS;

    @TempDir
    Path temp;

    @Test
    void everyProblemIsAlsoGivenAsDataInTheSameOrder() throws IOException {
        Path file = Files.writeString(temp.resolve("sonde.properties"), "colour=red\nconfig=other.properties\n");
        Settings settings = SettingsLoader.load(
                TestCatalog.KNOWN,
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
                        "report.rows=abc from the environment: 'abc' is not a whole number",
                        "time=c..D from the environment: malformed selector 'c..D': the class pattern 'c..D' has an empty"
                                + " segment (at character 3)"),
                details);
        assertEquals(settings.problems().size(), settings.problemDetails().size(), "one unknown key: one message");
    }

    @Test
    void aProblemNamesItsSettingOrNoneWhenTheKeyIsUnknown() {
        Settings settings = SettingsLoader.load(
                TestCatalog.KNOWN, "max.threads=-1", new Properties(), Map.of("SONDE_COLOUR", "red"));

        SettingProblem unknown = settings.problemDetails().get(0);
        assertEquals("SONDE_COLOUR", unknown.key());
        assertNull(unknown.setting());
        assertEquals("red", unknown.value());
        SettingProblem follow = settings.problemDetails().get(1);
        assertSame(ProbeSettings.MAX_THREADS, follow.setting());
        assertEquals("the agent arguments", follow.source());
        assertEquals("-1", follow.value());
        assertEquals("'-1' is not between 1 and 1048576", follow.reason());
    }

    @Test
    void anUnreadableFileIsAProblemOfTheSettingThatNamedIt() {
        Settings settings =
                SettingsLoader.load(TestCatalog.KNOWN, null, new Properties(), Map.of("SONDE_CONFIG", temp.toString()));

        SettingProblem problem = settings.problemDetails().get(0);
        assertSame(SettingsLoader.CONFIG, problem.setting());
        assertEquals("the environment", problem.source());
        assertEquals(temp.toString(), problem.value());
        assertEquals("cannot read the properties file: it is a directory", problem.reason());
    }

    @Test
    void unknownKeysOfOneSourceAreOneMessageAndOneDetailEach() {
        Settings settings = SettingsLoader.load(
                TestCatalog.KNOWN, null, new Properties(), Map.of("SONDE_COLOUR", "red", "SONDE_SIZE", "9"));

        assertEquals(1, settings.problems().size(), settings.problems().toString());
        assertEquals(
                List.of("SONDE_COLOUR=red", "SONDE_SIZE=9"),
                settings.problemDetails().stream()
                        .map(p -> p.key() + "=" + p.value())
                        .toList());
    }
}
