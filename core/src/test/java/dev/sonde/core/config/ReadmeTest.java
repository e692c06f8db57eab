package dev.sonde.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's settings table is the declaration in {@link Setting}, word for word. */
class ReadmeTest {

    static String table() {
        StringBuilder table =
                new StringBuilder("| key | environment variable | default | meaning |\n|---|---|---|---|\n");
        for (Setting setting : Setting.values()) {
            String defaultValue = setting.defaultValue().isEmpty() ? "" : "`" + setting.defaultValue() + "`";
            table.append("| `")
                    .append(setting.key())
                    .append("` | `")
                    .append(setting.environmentVariable())
                    .append("` | ")
                    .append(defaultValue)
                    .append(" | ")
                    .append(setting.description())
                    .append(" |\n");
        }
        return table.toString();
    }

    @Test
    void theSettingsTableMatchesTheDeclarations() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        String start =
                "<!-- settings-table: generated from dev.sonde.core.config.Setting and checked by ReadmeTest -->\n";
        String end = "<!-- end settings-table -->";
        String documented = readme.substring(readme.indexOf(start) + start.length(), readme.indexOf(end));

        assertEquals(table(), documented, "update the README's settings table to match Setting");
    }
}
