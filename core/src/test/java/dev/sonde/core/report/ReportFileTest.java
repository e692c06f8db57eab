package dev.sonde.core.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sonde.core.ProbeSettings;
import dev.sonde.core.config.Settings;
import dev.sonde.core.config.SettingsLoader;
import dev.sonde.core.snapshot.RunInfo;
import dev.sonde.core.snapshot.Snapshot;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Report files in a directory other users can write to: no link followed, nothing clobbered, owner-only modes. */
class ReportFileTest {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Snapshot RUN = Snapshot.builder(new RunInfo(
                    4242,
                    "com.shop.Main --password hunter2",
                    "17.0.15",
                    Instant.parse("2026-11-21T21:00:00Z"),
                    1_000_000L))
            .build();

    @TempDir
    Path temp;

    private Path victim() throws IOException {
        return Files.writeString(temp.resolve("victim.txt"), "precious\n");
    }

    private Set<String> names(Path directory) throws IOException {
        Set<String> names = new TreeSet<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path file : files) {
                names.add(file.getFileName().toString());
            }
        }
        return names;
    }

    private static String mode(Path file) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS));
    }

    private static ReportWriter writer(Path directory, String mode) {
        return new ReportWriter(
                directory,
                false,
                30,
                new PrintStream(new ByteArrayOutputStream()),
                PosixFilePermissions.fromString(mode));
    }

    @Test
    void linksPlantedAtTheReportsNamesAreNeitherFollowedNorReplaced() throws IOException {
        Path victim = victim();
        Path reports = Files.createDirectory(temp.resolve("reports"));
        Files.createSymbolicLink(reports.resolve("sonde-4242.json"), victim);
        Files.createSymbolicLink(reports.resolve("sonde-4242.json.partial"), victim);

        writer(reports, "rw-------").write(RUN);

        assertEquals("precious\n", Files.readString(victim));
        assertEquals(Set.of("sonde-4242.json", "sonde-4242.json.partial", "sonde-4242-2.json"), names(reports));
        assertTrue(Files.isSymbolicLink(reports.resolve("sonde-4242.json")), "the planted link is left as it was");
        assertEquals(victim, Files.readSymbolicLink(reports.resolve("sonde-4242.json")));
        assertTrue(Files.readString(reports.resolve("sonde-4242-2.json")).contains("\"pid\""));
    }

    @Test
    void aReportOfAnEarlierProcessWithTheSamePidIsKept() throws IOException {
        Path reports = Files.createDirectory(temp.resolve("reports"));
        Files.writeString(reports.resolve("sonde-4242.json"), "{\"earlier\": true}");
        Files.writeString(reports.resolve("sonde-4242-2.json"), "{\"earlier\": 2}");

        writer(reports, "rw-------").write(RUN);

        assertEquals("{\"earlier\": true}", Files.readString(reports.resolve("sonde-4242.json")));
        assertEquals("{\"earlier\": 2}", Files.readString(reports.resolve("sonde-4242-2.json")));
        assertTrue(Files.readString(reports.resolve("sonde-4242-3.json")).contains("hunter2"));
        assertEquals(
                Set.of("sonde-4242.json", "sonde-4242-2.json", "sonde-4242-3.json"),
                names(reports),
                "no partial file is left behind");
    }

    @ParameterizedTest
    @ValueSource(strings = {"rw-------", "rw-r-----", "rw-rw----", "rw-r--r--"})
    void theReportHasExactlyTheConfiguredModeWhateverTheUmask(String mode) throws IOException {
        Path reports = Files.createDirectory(temp.resolve("reports"));

        writer(reports, mode).write(RUN);

        assertEquals(mode, mode(reports.resolve("sonde-4242.json")));
    }

    @Test
    void aNewFileIsNeverOpenedThroughALinkNorOverAnExistingFile() throws IOException {
        Path victim = victim();
        Path link = Files.createSymbolicLink(temp.resolve("planted"), victim);
        Path dangling = Files.createSymbolicLink(temp.resolve("dangling"), temp.resolve("does-not-exist"));

        for (Path taken : List.of(link, dangling, victim)) {
            try (OutputStream out = ReportFile.createNew(taken, OWNER_ONLY)) {
                out.write('x');
                throw new AssertionError("opened " + taken);
            } catch (java.nio.file.FileAlreadyExistsException expected) {
                assertEquals(taken.toString(), expected.getFile());
            }
        }
        assertEquals("precious\n", Files.readString(victim));
        assertFalse(Files.exists(temp.resolve("does-not-exist")), "a dangling link does not create its target");
    }

    @Test
    void filesStreamedUnderTheirFinalNamesMoveTogetherToTheFirstNameFreeForAll() throws IOException {
        Path victim = victim();
        Files.createSymbolicLink(temp.resolve("sonde-trace-7.jsonl"), victim);

        ReportFile.Created[] created = ReportFile.createFirstFree(
                temp, "sonde-trace-7", new String[] {".txt", ".jsonl"}, OWNER_ONLY, "the trace");
        for (ReportFile.Created file : created) {
            file.out.write("new\n".getBytes(StandardCharsets.UTF_8));
            file.out.close();
        }

        assertEquals(
                List.of(temp.resolve("sonde-trace-7-2.txt"), temp.resolve("sonde-trace-7-2.jsonl")),
                List.of(created[0].path, created[1].path));
        assertEquals("precious\n", Files.readString(victim));
        assertEquals(
                Set.of("victim.txt", "sonde-trace-7.jsonl", "sonde-trace-7-2.txt", "sonde-trace-7-2.jsonl"),
                names(temp),
                "the text file first created under the taken name was removed again");
        assertEquals("rw-------", mode(created[1].path));
    }

    @Test
    void thePermissionsSettingTakesAnOctalModeAndRefusesAnythingElseByName() {
        Settings good = SettingsLoader.load(ProbeSettings.ALL, "report.permissions=0640", new Properties(), Map.of());
        Settings defaults = SettingsLoader.load(ProbeSettings.ALL, null, new Properties(), Map.of());
        Settings bad =
                SettingsLoader.load(ProbeSettings.ALL, "report.permissions=rw-r--r--", new Properties(), Map.of());
        Settings unwritable = SettingsLoader.load(
                ProbeSettings.ALL, null, new Properties(), Map.of("SONDE_REPORT_PERMISSIONS", "444"));

        assertEquals(List.of(), good.problems());
        assertEquals(PosixFilePermissions.fromString("rw-r-----"), good.get(ProbeSettings.REPORT_PERMISSIONS));
        assertEquals(OWNER_ONLY, defaults.get(ProbeSettings.REPORT_PERMISSIONS));
        assertEquals(
                List.of("ignoring setting 'report.permissions' from the agent arguments: 'rw-r--r--' is not an octal"
                        + " file mode like 600, 640 or 644 (three digits from 0 to 7, the first 6 or 7 so that the owner may"
                        + " read and write); using the default '600'"),
                bad.problems());
        assertEquals(OWNER_ONLY, bad.get(ProbeSettings.REPORT_PERMISSIONS));
        assertEquals(1, unwritable.problems().size(), unwritable.problems().toString());
        assertTrue(
                unwritable.problems().get(0).contains("'444' is not an octal file mode"),
                unwritable.problems().get(0));
    }
}
