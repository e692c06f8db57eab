package dev.sonde.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sonde.core.ProbeSettings;
import dev.sonde.core.config.Setting;
import dev.sonde.core.feature.Feature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's settings table is the declarations of the probe and of its features, word for word. */
class ReadmeSettingsTest {

    static String table() {
        StringBuilder table =
                new StringBuilder("| key | environment variable | default | part | meaning |\n|---|---|---|---|---|\n");
        rows(table, "probe", ProbeSettings.ALL);
        for (Feature feature : ProbeOptions.FEATURES.all()) {
            rows(table, feature.name(), feature.settings());
        }
        return table.toString();
    }

    private static void rows(StringBuilder table, String part, List<Setting<?>> settings) {
        for (Setting<?> setting : settings) {
            String defaultValue = setting.defaultValue().isEmpty() ? "" : "`" + setting.defaultValue() + "`";
            table.append("| `")
                    .append(setting.key())
                    .append("` | `")
                    .append(setting.environmentVariable())
                    .append("` | ")
                    .append(defaultValue)
                    .append(" | ")
                    .append(part)
                    .append(" | ")
                    .append(setting.description())
                    .append(" |\n");
        }
    }

    @Test
    void theSettingsTableMatchesTheDeclarations() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        String start =
                "<!-- settings-table: generated from the declarations of the probe and its features (ProbeSettings,"
                        + " each Feature's settings()) and checked by ReadmeSettingsTest -->\n";
        String end = "<!-- end settings-table -->";
        int from = readme.indexOf(start);
        String documented =
                from < 0 ? "(no settings table)" : readme.substring(from + start.length(), readme.indexOf(end));

        assertEquals(table(), documented, "update the README's settings table to match the declarations");
    }
}
