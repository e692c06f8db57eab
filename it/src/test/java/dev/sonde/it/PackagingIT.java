package dev.sonde.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sonde.testkit.WovenCode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped {@code sonde.jar}: its layout, its manifest, and the isolation it gives. */
class PackagingIT {

    @TempDir
    Path temp;

    @Test
    void onlySondeLauncherClassesAreVisibleAtTheJarRoot() throws IOException {
        List<String> outsiders = new ArrayList<>();
        try (JarFile jar = new JarFile(Run.SONDE_JAR.toFile())) {
            Enumeration<JarEntry> entries = jar.entries();
            while (entries.hasMoreElements()) {
                String name = entries.nextElement().getName();
                boolean allowed = name.equals("META-INF/")
                        || name.equals("META-INF/MANIFEST.MF")
                        || name.startsWith("SONDE-INF/")
                        || name.equals("dev/")
                        || name.equals("dev/sonde/")
                        || name.startsWith("dev/sonde/launch/");
                boolean hiddenClassOutsideOurPackages = name.startsWith("SONDE-INF/")
                        && name.endsWith(".class")
                        && !name.startsWith("SONDE-INF/core/dev/sonde/")
                        && !name.startsWith("SONDE-INF/bootstrap/dev/sonde/");
                if (!allowed || hiddenClassOutsideOurPackages) {
                    outsiders.add(name);
                }
            }
        }
        assertEquals(List.of(), outsiders);
    }

    @Test
    void noCodeThatRunsWhileClassesLoadOrCallsAreRecordedUsesInvokedynamic() throws IOException {
        // bootstrapping an invokedynamic call site (a lambda, a string concatenation, a record's equals)
        // loads and spins classes: inside a class's transformation or a timed call, that can recurse into
        // the probe or end in a ClassCircularityError. The command line runs in its own JVM, and the JSON
        // writer only at exit, so they may.
        List<String> sites = new ArrayList<>();
        try (JarFile jar = new JarFile(Run.SONDE_JAR.toFile())) {
            Enumeration<JarEntry> entries = jar.entries();
            while (entries.hasMoreElements()) {
                JarEntry entry = entries.nextElement();
                String name = entry.getName();
                boolean probeCode = name.endsWith(".class")
                        && (name.startsWith("dev/sonde/launch/")
                                || name.startsWith("SONDE-INF/bootstrap/")
                                || name.startsWith("SONDE-INF/core/dev/sonde/"))
                        && !name.startsWith("SONDE-INF/core/dev/sonde/cli/");
                if (probeCode) {
                    try (InputStream in = jar.getInputStream(entry)) {
                        for (String site : WovenCode.invokedynamicSites(in.readAllBytes())) {
                            sites.add(name + " " + site);
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), sites);
    }

    @Test
    void theManifestMakesItAnAgentAndACommand() throws IOException {
        try (JarFile jar = new JarFile(Run.SONDE_JAR.toFile())) {
            Attributes main = jar.getManifest().getMainAttributes();
            assertEquals("dev.sonde.launch.AgentEntry", main.getValue("Premain-Class"));
            assertEquals("dev.sonde.launch.AgentEntry", main.getValue("Agent-Class"));
            assertEquals("true", main.getValue("Can-Retransform-Classes"));
            assertEquals("dev.sonde.launch.Main", main.getValue("Main-Class"));
        }
    }

    @Test
    void theProgramSeesNoneOfTheProbesClassesNorItsLibraries() {
        Run run = Run.probed(Jdks.all().get(0), temp.resolve("reports"), "time=acc.Isolation#main", "acc.Isolation")
                .run()
                .assertProbeQuiet();

        assertEquals(
                String.join(
                                "\n",
                                "dev.sonde.core.Agent hidden",
                                "dev.sonde.shaded.asm.ClassReader hidden",
                                "org.objectweb.asm.ClassReader hidden",
                                "org.HdrHistogram.Histogram hidden",
                                "com.fasterxml.jackson.core.JsonFactory hidden",
                                "dev.sonde.bootstrap.Bridge visible")
                        + "\n",
                run.stdout,
                "only the bridge, on the boot class path");
    }

    @Test
    void binSondePrintsTheAgentJarPath() {
        Run run = Run.command(
                        temp.resolve("reports"), Run.REPO.resolve("bin/sonde").toString(), "agent-jar")
                .run();

        assertEquals(0, run.exitCode, run.stderr);
        assertEquals(Run.SONDE_JAR + "\n", run.stdout);
    }

    @Test
    void helpAndUnknownCommands() {
        Run help = Run.sonde(temp.resolve("reports"), "help").run();
        Run unknown = Run.sonde(temp.resolve("reports"), "frobnicate").run();

        assertEquals(0, help.exitCode);
        assertTrue(help.stdout.startsWith("usage: sonde run [options] -- COMMAND [ARGS...]"), help.stdout);
        assertEquals(2, unknown.exitCode);
        assertTrue(
                unknown.stderr.startsWith(
                        "sonde: unknown command 'frobnicate'; known: run, trace, demo, agent-jar, help"),
                unknown.stderr);
    }
}
