package dev.sonde.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.tools.attach.VirtualMachine;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The probe stopped and started again in a running JVM, through the Attach API: stopping writes the
 * session's report, removes the probe's transformers, gives every woven class its original bytes back
 * and ends the probe's threads; a later start times again from nothing.
 */
class LifecycleIT {

    @TempDir
    Path temp;

    static List<Jdks.Jdk> jdks() {
        return Jdks.all();
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void stoppingRestoresTheOriginalBytesEndsTheThreadsAndALaterStartTimesAgain(Jdks.Jdk jdk) throws Exception {
        Path reports = temp.resolve("reports");
        List<String> command = new ArrayList<>(List.of(
                jdk.java(),
                "-javaagent:" + Run.SONDE_JAR + "=time=acc.Lifecycle#work,trace.bytecode=acc.Lifecycle#traced",
                "-javaagent:" + observerJar() + "=acc/Lifecycle"));
        if (jdk.major() >= 21) {
            command.add("-XX:+EnableDynamicAgentLoading"); // a test that attaches on purpose
        }
        command.addAll(List.of("-cp", Run.CLASSES.toString(), "acc.Lifecycle"));
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectError(temp.resolve("stderr").toFile());
        builder.environment()
                .keySet()
                .removeIf(name ->
                        name.startsWith("SONDE_") || name.endsWith("JAVA_OPTIONS") || name.equals("JAVA_TOOL_OPTIONS"));
        builder.environment().put("SONDE_REPORT_DIR", reports.toString());
        builder.environment().put("SONDE_REPORT_TABLE", "false");
        Process program = builder.start();
        try (PrintWriter in = new PrintWriter(program.getOutputStream(), true, StandardCharsets.UTF_8);
                BufferedReader out =
                        new BufferedReader(new InputStreamReader(program.getInputStream(), StandardCharsets.UTF_8))) {
            assertEquals("worked 1000", ask(in, out, "work 1000"));
            assertTrue(
                    ask(in, out, "check").startsWith("original=false sonde-threads=[sonde-tiers, sonde-trace-writer]"),
                    "woven, traced by the writer thread, and the timing's tiers watched");

            load(program.pid(), "sonde:stop");
            assertEquals(
                    "original=true sonde-threads=[]",
                    ask(in, out, "check"),
                    "after stop the class runs its original bytes, and none of the probe's threads runs");
            assertEquals("worked 500", ask(in, out, "work 500"));

            load(program.pid(), "time=acc.Lifecycle#work");
            assertEquals("worked 250", ask(in, out, "work 250"));
            assertEquals("bye " + expectedTotal(), ask(in, out, "exit"));
        }
        assertTrue(program.waitFor(60, TimeUnit.SECONDS));
        String stderr = Files.readString(temp.resolve("stderr"));
        assertEquals(0, program.exitValue(), stderr);
        assertTrue(
                stderr.contains("[sonde] the probe stopped; every class it wove has its original bytes back"), stderr);

        ObjectMapper json = new ObjectMapper();
        JsonNode first = json.readTree(
                reports.resolve("sonde-" + program.pid() + ".json").toFile());
        JsonNode second = json.readTree(
                reports.resolve("sonde-" + program.pid() + "-2.json").toFile());
        assertEquals(List.of("acc.Lifecycle#work(I)I=1000"), Run.counts(first), "the first session, ended by stop");
        assertEquals(
                List.of("acc.Lifecycle#work(I)I=250"),
                Run.counts(second),
                "the second session times from nothing; the 500 calls in between were not timed");
        assertTrue(Files.readString(reports.resolve("sonde-trace-" + program.pid() + ".txt"))
                .contains("-> acc.Lifecycle#traced(I)I (1000)"));
    }

    private static long expectedTotal() {
        long total = 0;
        for (int n : new int[] {1000, 500, 250}) {
            for (int i = 0; i < n; i++) {
                total += i * 31 + 7;
            }
            total += n + 1;
        }
        return total;
    }

    private static String ask(PrintWriter in, BufferedReader out, String command) throws IOException {
        in.println(command);
        String answer = out.readLine();
        return answer == null ? "(the program ended)" : answer;
    }

    /** Loads sonde.jar into the running JVM with these agent arguments, as sonde's own commands will. */
    private static void load(long pid, String arguments) throws Exception {
        VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
        try {
            vm.loadAgent(Run.SONDE_JAR.toString(), arguments);
        } finally {
            vm.detach();
        }
    }

    private Path observerJar() throws IOException {
        Path jar = temp.resolve("observer.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(new Attributes.Name("Premain-Class"), "acc.ObserverAgent");
        manifest.getMainAttributes().put(new Attributes.Name("Can-Retransform-Classes"), "true");
        try (OutputStream file = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(file, manifest)) {
            for (String name : List.of("acc/ObserverAgent.class", "acc/ObserverAgent$1.class")) {
                out.putNextEntry(new JarEntry(name));
                out.write(Files.readAllBytes(Run.CLASSES.resolve(name)));
                out.closeEntry();
            }
        }
        return jar;
    }
}
