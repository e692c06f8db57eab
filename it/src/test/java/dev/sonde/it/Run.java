package dev.sonde.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Starts one process (a JVM with the probe, or {@code sonde …}) with a clean environment, waits for it
 * and keeps what it printed; then reads the JSON reports it left.
 */
public final class Run {

    public static final Path SONDE_JAR =
            Path.of(System.getProperty("sonde.jar")).toAbsolutePath().normalize();
    public static final Path CLASSES =
            Path.of(System.getProperty("sonde.it.classes")).toAbsolutePath().normalize();
    public static final Path REPO =
            Path.of(System.getProperty("sonde.repo")).toAbsolutePath().normalize();
    private static final ObjectMapper JSON = new ObjectMapper();

    public final int exitCode;
    public final String stdout;
    public final String stderr;
    public final Path reportDir;

    private Run(int exitCode, String stdout, String stderr, Path reportDir) {
        this.exitCode = exitCode;
        this.stdout = stdout;
        this.stderr = stderr;
        this.reportDir = reportDir;
    }

    /** A builder for one process; {@code reportDir} is where the tests expect reports. */
    public static Builder command(Path reportDir, String... command) {
        return new Builder(reportDir, List.of(command));
    }

    /** {@code java -javaagent:sonde.jar=ARGS -cp test-classes MAIN ARGS…} on the given JDK. */
    public static Builder probed(Jdks.Jdk jdk, Path reportDir, String agentArguments, String main, String... args) {
        return probedOn(jdk, reportDir, agentArguments, CLASSES.toString(), main, args);
    }

    /** {@code java -javaagent:sonde.jar=ARGS -cp CLASS_PATH MAIN ARGS…} on the given JDK: a program with its libraries. */
    public static Builder probedOn(
            Jdks.Jdk jdk, Path reportDir, String agentArguments, String classPath, String main, String... args) {
        List<String> command = new ArrayList<>(List.of(
                jdk.java(),
                "-javaagent:" + SONDE_JAR + (agentArguments.isEmpty() ? "" : "=" + agentArguments),
                "-cp",
                classPath,
                main));
        command.addAll(List.of(args));
        return new Builder(reportDir, command).env("SONDE_REPORT_DIR", reportDir.toString());
    }

    /** {@code java -jar sonde.jar ARGS…} on the JDK running the tests. */
    public static Builder sonde(Path reportDir, String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", SONDE_JAR.toString()));
        command.addAll(List.of(args));
        return new Builder(reportDir, command);
    }

    public static final class Builder {
        private final Path reportDir;
        private final ProcessBuilder process;
        private String input = "";

        Builder(Path reportDir, List<String> command) {
            this.reportDir = reportDir;
            Path directory = reportDir.getParent();
            while (!Files.isDirectory(directory)) {
                directory = directory.getParent();
            }
            this.process = new ProcessBuilder(command).directory(directory.toFile());
            Map<String, String> env = process.environment();
            env.keySet()
                    .removeIf(name -> name.startsWith("SONDE_")
                            || name.equals("JAVA_TOOL_OPTIONS")
                            || name.equals("JDK_JAVA_OPTIONS")
                            || name.equals("_JAVA_OPTIONS"));
        }

        public Builder env(String name, String value) {
            process.environment().put(name, value);
            return this;
        }

        /** Adds options for the JVM, right after the {@code java} command. */
        public Builder jvm(String... options) {
            process.command().addAll(1, List.of(options));
            return this;
        }

        public Builder input(String text) {
            this.input = text;
            return this;
        }

        public Builder directory(Path directory) {
            process.directory(directory.toFile());
            return this;
        }

        /** The threads of a process that would not end, from the JDK's jcmd next to its java, to tell why. */
        private String threadDump(long pid) {
            Path java = Path.of(process.command().get(0));
            Path jcmd = java.getFileName().toString().equals("java")
                    ? java.resolveSibling("jcmd")
                    : Path.of(System.getProperty("java.home"), "bin", "jcmd");
            try {
                Process dump = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "Thread.print")
                        .redirectErrorStream(true)
                        .start();
                dump.getOutputStream().close();
                byte[] text = dump.getInputStream().readAllBytes();
                dump.waitFor(30, TimeUnit.SECONDS);
                return "threads of " + pid + ":\n" + new String(text, StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "no thread dump: " + e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "no thread dump: interrupted";
            }
        }

        public Process start() throws IOException {
            return process.start();
        }

        public Run run() {
            try {
                Path out = Files.createTempFile("sonde-it", ".out");
                Path err = Files.createTempFile("sonde-it", ".err");
                process.redirectOutput(out.toFile()).redirectError(err.toFile());
                Process started = process.start();
                started.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
                started.getOutputStream().close();
                if (!started.waitFor(120, TimeUnit.SECONDS)) {
                    String threads = threadDump(started.pid());
                    started.destroyForcibly().waitFor();
                    fail("timed out: " + process.command() + "\n" + Files.readString(err) + "\n" + threads);
                }
                Run run = new Run(started.exitValue(), Files.readString(out), Files.readString(err), reportDir);
                Files.delete(out);
                Files.delete(err);
                return run;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** The only report in the report directory; fails if there is not exactly one. */
    public JsonNode report() {
        List<JsonNode> reports = reports();
        assertEquals(1, reports.size(), "reports in " + reportDir + "\nstderr:\n" + stderr);
        return reports.get(0);
    }

    public List<JsonNode> reports() {
        List<JsonNode> reports = new ArrayList<>();
        if (!Files.isDirectory(reportDir)) {
            return reports;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(reportDir, "sonde-*.json")) {
            for (Path file : files) {
                reports.add(JSON.readTree(file.toFile()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return reports;
    }

    /** The report's entry for one method, given as {@code class#name(descriptor)}; fails if absent. */
    public static JsonNode method(JsonNode report, String classAndMethod) {
        for (JsonNode method : report.get("methods")) {
            String key = method.get("class").asText() + "#"
                    + method.get("method").asText() + method.get("descriptor").asText();
            if (key.equals(classAndMethod)) {
                return method;
            }
        }
        fail("no " + classAndMethod + " in " + report.toPrettyString());
        return null;
    }

    /**
     * Every request of a report, as {@code NAME count=N errors=N sql=N}, with {@code redis=N} and {@code
     * http=N} when it made such calls, sorted; checks on the way that each one's figures are in order
     * (p50 ≤ p99 ≤ max ≤ total, its calls' time within its own).
     */
    public static List<String> requests(JsonNode report) {
        return requests(report, List.of());
    }

    /**
     * The same, for requests of which those named {@code overlapping} make calls at once (handed over
     * together): their calls' times may add up to more than the request's own.
     */
    public static List<String> requests(JsonNode report, List<String> overlapping) {
        List<String> requests = new ArrayList<>();
        for (JsonNode request : report.get("requests")) {
            assertFalse(request.get("other").asBoolean());
            assertTrue(
                    request.get("p50Nanos").asLong() <= request.get("p99Nanos").asLong());
            assertTrue(
                    request.get("p99Nanos").asLong() <= request.get("maxNanos").asLong());
            assertTrue(request.get("maxNanos").asLong()
                    <= request.get("totalNanos").asLong());
            long callNanos = 0;
            for (String kind : List.of("sql", "redis", "http")) {
                callNanos += request.get(kind).get("totalNanos").asLong();
            }
            if (!overlapping.contains(request.get("name").asText())) {
                assertTrue(callNanos <= request.get("totalNanos").asLong(), request.toString());
            }
            String line = request.get("name").asText() + " count="
                    + request.get("count").asLong() + " errors="
                    + request.get("errors").asLong() + " sql="
                    + request.get("sql").get("count").asLong();
            for (String kind : List.of("redis", "http")) {
                if (request.get(kind).get("count").asLong() > 0) {
                    line += " " + kind + "=" + request.get(kind).get("count").asLong();
                }
            }
            requests.add(line);
        }
        requests.sort(null);
        return requests;
    }

    /** Every statement of {@code kind}, as {@code TEXT count=N errors=N}, sorted. */
    public static List<String> statements(JsonNode report, String kind) {
        List<String> statements = new ArrayList<>();
        for (JsonNode statement : report.get("statements")) {
            if (statement.get("kind").asText().equals(kind)) {
                assertTrue(statement.get("p50Nanos").asLong()
                        <= statement.get("p99Nanos").asLong());
                assertTrue(statement.get("maxNanos").asLong()
                        <= statement.get("totalNanos").asLong());
                statements.add(statement.get("text").asText() + " count="
                        + statement.get("count").asLong() + " errors="
                        + statement.get("errors").asLong());
            }
        }
        statements.sort(null);
        return statements;
    }

    /** The calls of a kept request's tree, as {@code KIND NAME xCOUNT}, in order; each within the request. */
    public static List<String> calls(JsonNode kept) {
        List<String> calls = new ArrayList<>();
        for (JsonNode call : kept.get("calls")) {
            assertTrue(call.get("offsetNanos").asLong() + call.get("totalNanos").asLong()
                    <= kept.get("durationNanos").asLong());
            calls.add(call.get("kind").asText() + " " + call.get("name").asText() + " x"
                    + call.get("count").asLong());
        }
        return calls;
    }

    /** The libraries the build copied for the tests ({@code it-libs}), by file name without {@code .jar}, as a class path. */
    public static String libraries(List<String> jars) {
        Path folder = Path.of(System.getProperty("sonde.it.libs"));
        StringBuilder classPath = new StringBuilder();
        for (String jar : jars) {
            classPath.append(classPath.length() == 0 ? "" : File.pathSeparator).append(folder.resolve(jar + ".jar"));
        }
        return classPath.toString();
    }

    /**
     * Compiles {@code source} (a path under the test classes, {@code redis-shop/RedisShop.java}), in
     * package {@code acc}, against {@code classPath} into {@code dir}, first replacing each pair of
     * {@code replacements} in its text (a servlet API's package); answers the class path to run it with.
     */
    public static String compiled(Path dir, String source, String classPath, String... replacements)
            throws IOException {
        return compiled(dir, List.of(source), classPath, replacements);
    }

    /** {@link #compiled(Path, String, String, String...)} for several sources compiled together. */
    public static String compiled(Path dir, List<String> sources, String classPath, String... replacements)
            throws IOException {
        Path folder = Files.createDirectories(dir.resolve("src/acc"));
        List<String> arguments = new ArrayList<>(List.of("--release", "17", "-nowarn", "-cp", classPath, "-d"));
        Path classes = Files.createDirectories(dir.resolve("classes"));
        arguments.add(classes.toString());
        for (String source : sources) {
            Path file = CLASSES.resolve(source);
            String text = Files.readString(file);
            for (int i = 0; i + 1 < replacements.length; i += 2) {
                text = text.replace(replacements[i], replacements[i + 1]);
            }
            Path copy = folder.resolve(file.getFileName().toString());
            Files.writeString(copy, text);
            arguments.add(copy.toString());
        }
        int status = javax.tools.ToolProvider.getSystemJavaCompiler()
                .run(null, null, null, arguments.toArray(new String[0]));
        assertEquals(0, status, sources + " compile against " + classPath);
        return classes + File.pathSeparator + classPath;
    }

    /** Every timed method, as {@code class#name(descriptor)=count}, sorted. */
    public static List<String> counts(JsonNode report) {
        List<String> counts = new ArrayList<>();
        for (JsonNode method : report.get("methods")) {
            counts.add(method.get("class").asText() + "#" + method.get("method").asText()
                    + method.get("descriptor").asText() + "="
                    + method.get("count").asLong()
                    + (method.get("errors").asLong() > 0
                            ? " errors=" + method.get("errors").asLong()
                            : ""));
        }
        counts.sort(null);
        return counts;
    }

    /** Fails if the probe said anything but its own report lines: no weaving failure, no refused setting. */
    public Run assertProbeQuiet() {
        for (String line : stderr.split("\n")) {
            if (line.startsWith("[sonde]")
                    && !line.startsWith("[sonde] pid ")
                    && !line.startsWith("[sonde] report: ")
                    && !line.equals("[sonde] no selected method was called")
                    && !line.matches("\\[sonde\\] \\d+ selected methods? (was|were) left out as too small to time .*")
                    && !line.matches("\\[sonde\\] \\d+ methods? proved hot and short and moved to the counted tier.*")
                    && !line.startsWith("[sonde] self and total have the probe's own cost taken out")
                    && !line.startsWith("[sonde] ≈ self and total of counted methods are estimated from")
                    && !line.startsWith("[sonde] no stack samples were taken (sample.period)")
                    && !line.startsWith("[sonde] time.counted: ")
                    && !line.startsWith("[sonde] running: ")) {
                fail("unexpected probe message: " + line + "\nwhole stderr:\n" + stderr);
            }
        }
        assertTrue(!stderr.contains("VM warning"), stderr);
        return this;
    }
}
