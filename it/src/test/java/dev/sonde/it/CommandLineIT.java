package dev.sonde.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands that describe {@code sonde.jar} itself: {@code agent-jar} and {@code version}. */
class CommandLineIT {

    private static final String LAUNCHER_JAVA =
            Path.of(System.getProperty("java.home"), "bin", "java").toString();

    @TempDir
    Path temp;

    @Test
    void theAgentJarPathWorksQuotedInAShellCommandWhenItHasASpace() throws IOException {
        Path spaced = Files.createDirectories(temp.resolve("my tools"));
        Path jar = Files.copy(Run.SONDE_JAR, spaced.resolve("sonde.jar"));
        Path reports = temp.resolve("reports");
        // the README's form: java -javaagent:"$(bin/sonde agent-jar)"=time=...
        String line = "\"$JAVA\" -javaagent:\"$(\"$LAUNCHER_JAVA\" -jar \"$SONDE\" agent-jar)\"=time=acc.Hello#main"
                + " -cp \"$CLASSES\" acc.Hello";
        Run run = Run.command(reports, "bash", "-c", line)
                .env("JAVA", Jdks.all().get(0).java())
                .env("LAUNCHER_JAVA", LAUNCHER_JAVA)
                .env("SONDE", jar.toString())
                .env("CLASSES", Run.CLASSES.toString())
                .env("SONDE_REPORT_DIR", reports.toString())
                .run()
                .assertProbeQuiet();

        assertEquals(0, run.exitCode, run.stderr);
        assertEquals("hello\n", run.stdout);
        assertEquals(List.of("acc.Hello#main([Ljava/lang/String;)V=1"), Run.counts(run.report()));
    }

    @Test
    void versionNamesTheManifestVersionAndTheCommitTheJarWasBuiltFrom() throws Exception {
        Run version = Run.sonde(temp.resolve("reports"), "--version").run();
        String implementation;
        try (JarFile jar = new JarFile(Run.SONDE_JAR.toFile())) {
            implementation = jar.getManifest().getMainAttributes().getValue("Implementation-Version");
        }
        Process git = new ProcessBuilder("git", "-C", Run.REPO.toString(), "rev-parse", "HEAD").start();
        String head = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assumeTrue(git.waitFor() == 0, "built from a git checkout");

        assertEquals(0, version.exitCode, version.stderr);
        assertTrue(
                version.stdout.startsWith("sonde " + implementation + " (commit " + head.substring(0, 12) + " of "),
                version.stdout);
        assertEquals(
                version.stdout, Run.sonde(temp.resolve("reports"), "version").run().stdout);
    }
}
