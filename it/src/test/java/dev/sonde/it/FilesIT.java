package dev.sonde.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The files the probe writes in a report directory other users may write to: a link planted at any of
 * their names is neither followed nor replaced, and they are readable by their owner only unless
 * {@code report.permissions} says otherwise. The JVM is started by a shell that plants the links for
 * its own pid and then execs it (so the pid is the same), under the umask the test chooses.
 */
class FilesIT {

    @TempDir
    Path temp;

    static List<Jdks.Jdk> jdks() {
        return Jdks.all();
    }

    /** Runs acc.Shapes timed and traced through {@code sh -c SCRIPT}, with the probe's files in {@code reports}. */
    private Run shell(Jdks.Jdk jdk, Path reports, String script, String settings) throws IOException {
        Files.createDirectories(reports);
        return Run.command(
                        reports,
                        "sh",
                        "-c",
                        script + "\nexec \"$@\"",
                        "sh",
                        jdk.java(),
                        "-javaagent:" + Run.SONDE_JAR
                                + "=time=acc.Shapes$Circle#area,trace.bytecode=acc.Shapes$Square#<init>" + settings,
                        "-cp",
                        Run.CLASSES.toString(),
                        "acc.Shapes")
                .env("SONDE_REPORT_DIR", reports.toString())
                .env("REPORTS", reports.toString())
                .env("VICTIM", temp.resolve("victim.txt").toString())
                .run();
    }

    /** File name (the pid replaced by PID) to what it is: "-> target" for a link, else its mode. */
    private static Map<String, String> listing(Path reports, long pid) throws IOException {
        Map<String, String> listing = new TreeMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(reports)) {
            for (Path file : files) {
                String name = file.getFileName().toString().replace(Long.toString(pid), "PID");
                listing.put(
                        name,
                        Files.isSymbolicLink(file)
                                ? "-> " + Files.readSymbolicLink(file).getFileName()
                                : PosixFilePermissions.toString(
                                        Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS)));
            }
        }
        return listing;
    }

    /** The pid in the name of the one JSON report that is a regular file. */
    private static long pid(Path reports) throws IOException {
        List<Long> pids = new ArrayList<>();
        java.util.regex.Pattern report = java.util.regex.Pattern.compile("sonde-(\\d+)(-2)?\\.json");
        try (DirectoryStream<Path> files = Files.newDirectoryStream(reports)) {
            for (Path file : files) {
                java.util.regex.Matcher name = report.matcher(file.getFileName().toString());
                if (name.matches() && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                    pids.add(Long.parseLong(name.group(1)));
                }
            }
        }
        assertEquals(1, pids.size(), pids.toString());
        return pids.get(0);
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void linksPlantedAtEveryNameTheProbeWritesAreNeitherFollowedNorReplaced(Jdks.Jdk jdk) throws IOException {
        Path reports = temp.resolve("reports");
        Files.writeString(temp.resolve("victim.txt"), "precious\n");
        Run bare = Run.command(temp.resolve("bare"), jdk.java(), "-cp", Run.CLASSES.toString(), "acc.Shapes")
                .run();

        Run run = shell(
                jdk,
                reports,
                "for name in sonde-$$.json sonde-$$.json.partial sonde-trace-$$.txt"
                        + " sonde-trace-$$.jsonl; do ln -s \"$VICTIM\" \"$REPORTS/$name\"; done",
                "");

        assertEquals(0, run.exitCode, run.stderr);
        assertEquals(bare.stdout, run.stdout);
        assertEquals("precious\n", Files.readString(temp.resolve("victim.txt")));
        long pid = pid(reports);
        assertEquals(
                Map.of(
                        "sonde-PID.json", "-> victim.txt",
                        "sonde-PID.json.partial", "-> victim.txt",
                        "sonde-trace-PID.txt", "-> victim.txt",
                        "sonde-trace-PID.jsonl", "-> victim.txt",
                        "sonde-PID-2.json", "rw-------",
                        "sonde-trace-PID-2.txt", "rw-------",
                        "sonde-trace-PID-2.jsonl", "rw-------"),
                listing(reports, pid));
        String dir = reports + "/";
        assertTrue(
                run.stderr.contains("[sonde] " + dir + "sonde-trace-" + pid + ".txt is already taken (by a symbolic"
                        + " link), so it was neither followed nor replaced: the trace goes to " + dir + "sonde-trace-"
                        + pid
                        + "-2.txt instead\n"),
                run.stderr);
        assertTrue(
                run.stderr.contains("[sonde] " + dir + "sonde-" + pid + ".json is already taken (by a symbolic link),"
                        + " so it was neither followed nor replaced: the report is " + dir + "sonde-" + pid
                        + "-2.json instead\n"),
                run.stderr);
        assertTrue(run.stderr.contains("[sonde] report: " + dir + "sonde-" + pid + "-2.json\n"), run.stderr);
        assertTrue(Files.readString(reports.resolve("sonde-trace-" + pid + "-2.txt"))
                .startsWith("[main] -> acc.Shapes$Square#<init>(D)V (<uninitialized>, 2.0)\n"));
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void theReportAndBothTraceFilesAreReadableByTheirOwnerOnlyWhateverTheUmask(Jdks.Jdk jdk) throws IOException {
        Path reports = temp.resolve("reports");

        Run run = shell(jdk, reports, "umask 000", "");

        assertEquals(0, run.exitCode, run.stderr);
        assertEquals(
                Map.of(
                        "sonde-PID.json",
                        "rw-------",
                        "sonde-trace-PID.txt",
                        "rw-------",
                        "sonde-trace-PID.jsonl",
                        "rw-------"),
                listing(reports, pid(reports)));
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void reportPermissionsGivesExactlyTheModeAskedForWhateverTheUmask(Jdks.Jdk jdk) throws IOException {
        Path reports = temp.resolve("reports");

        Run run = shell(jdk, reports, "umask 077", ",report.permissions=640");

        assertEquals(0, run.exitCode, run.stderr);
        assertEquals(
                Map.of(
                        "sonde-PID.json",
                        "rw-r-----",
                        "sonde-trace-PID.txt",
                        "rw-r-----",
                        "sonde-trace-PID.jsonl",
                        "rw-r-----"),
                listing(reports, pid(reports)));
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void aModeThatIsNotOctalIsNamedAndTheFilesStayOwnerOnly(Jdks.Jdk jdk) throws IOException {
        Path reports = temp.resolve("reports");

        Run run = shell(jdk, reports, "umask 022", ",report.permissions=u+rw");

        assertEquals(0, run.exitCode, run.stderr);
        assertTrue(
                run.stderr.contains("[sonde] ignoring setting 'report.permissions' from the agent arguments: 'u+rw'"
                        + " is not an octal file mode like 600, 640 or 644 (three digits from 0 to 7, the first 6 or 7 so that"
                        + " the owner may read and write); using the default '600'\n"),
                run.stderr);
        assertEquals(
                Map.of(
                        "sonde-PID.json",
                        "rw-------",
                        "sonde-trace-PID.txt",
                        "rw-------",
                        "sonde-trace-PID.jsonl",
                        "rw-------"),
                listing(reports, pid(reports)));
    }
}
