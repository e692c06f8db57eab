package dev.sonde.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The bytecode tracer through {@code sonde trace} and through agent settings, on every JDK found. */
class TraceIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    static List<Jdks.Jdk> jdks() {
        return Jdks.all();
    }

    private static Path only(Path directory, String glob) throws IOException {
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, glob)) {
            files.forEach(found::add);
        }
        assertEquals(1, found.size(), glob + " in " + directory);
        return found.get(0);
    }

    private static List<JsonNode> lines(Path jsonl) throws IOException {
        List<JsonNode> events = new ArrayList<>();
        for (String line : Files.readAllLines(jsonl)) {
            events.add(JSON.readTree(line));
        }
        return events;
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void tracesEveryInstructionWithStackAndLocalsAndTheProgramRunsAsUntraced(Jdks.Jdk jdk) throws IOException {
        Path reports = temp.resolve("reports");
        Run bare = Run.command(temp.resolve("bare"), jdk.java(), "-cp", Run.CLASSES.toString(), "acc.Shapes").run();
        Run traced = Run.sonde(reports, "trace", "--bytecode", "acc.Shapes$Square#<init>", "--report-dir",
                reports.toString(), "--", jdk.java(), "-cp", Run.CLASSES.toString(), "acc.Shapes").run();

        assertEquals(0, traced.exitCode, traced.stderr);
        assertEquals(bare.stdout, traced.stdout);
        List<JsonNode> events = lines(only(reports, "sonde-trace-*.jsonl"));
        assertEquals(List.of(
                "{'thread':'main','depth':0,'method':'acc.Shapes$Square#<init>(D)V','event':'enter',"
                        + "'arguments':['<uninitialized>','2.0']}",
                "{'thread':'main','depth':0,'method':'acc.Shapes$Square#<init>(D)V','offset':0,'opcode':'aload_0',"
                        + "'operands':'this','stack':[],'locals':{'this':'<uninitialized>','side':'2.0'}}",
                "{'thread':'main','depth':0,'method':'acc.Shapes$Square#<init>(D)V','offset':1,'opcode':'invokespecial',"
                        + "'operands':'java/lang/Record.<init>:()V','stack':['<uninitialized>'],"
                        + "'locals':{'this':'<uninitialized>','side':'2.0'}}",
                "{'thread':'main','depth':0,'method':'acc.Shapes$Square#<init>(D)V','offset':4,'opcode':'dload_1',"
                        + "'operands':'side','stack':[],'locals':{'this':'acc.Shapes$Square@*','side':'2.0'}}"),
                events.subList(0, 4).stream().map(e -> e.toString().replace('"', '\'')
                        .replaceAll("Square@[0-9a-f]+", "Square@*")).toList());
        assertTrue(events.stream().anyMatch(e -> "unwind".equals(e.path("event").asText())
                && "java.lang.IllegalArgumentException".equals(e.path("exception").asText())), "Square(-1) throws");
        long enters = events.stream().filter(e -> "enter".equals(e.path("event").asText())).count();
        long exits = events.stream().filter(e -> e.path("event").asText().matches("return|unwind")).count();
        assertEquals(3, enters, "new Square(2), new Square(5), new Square(-1)");
        assertEquals(3, exits);
        String text = Files.readString(only(reports, "sonde-trace-*.txt"));
        assertTrue(text.startsWith("[main] -> acc.Shapes$Square#<init>(D)V (<uninitialized>, 2.0)\n"
                + "[main]       0: aload_0 this   stack=[] locals={this=<uninitialized>, side=2.0}\n"), text);
        assertTrue(text.contains("[main] <- acc.Shapes$Square#<init>(D)V unwinds java.lang.IllegalArgumentException"),
                text);
        long steps = events.stream().filter(e -> e.has("opcode")).count();
        assertEquals(10 + 10 + 12, steps, "two constructions of 10 instructions, one of 12 that throws");
        assertTrue(traced.stderr.contains("[sonde] trace: 32 instruction events in 3 invocation(s) of 1 method(s)"),
                traced.stderr);
        assertFalse(traced.stderr.contains("methods timed"), "only tracing: no timing table");
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void stopsAtMaxEventsWithANoteAndTheProgramRunsOn(Jdks.Jdk jdk) throws IOException {
        Path reports = temp.resolve("reports");
        Run bare = Run.command(temp.resolve("bare"), jdk.java(), "-cp", Run.CLASSES.toString(), "acc.Counting").run();
        Run traced = Run.probed(jdk, reports, "trace.bytecode=acc.Counting#work,trace.max.events=1000", "acc.Counting")
                .run();

        assertEquals(0, traced.exitCode, traced.stderr);
        assertEquals(bare.stdout, traced.stdout);
        List<JsonNode> events = lines(only(reports, "sonde-trace-*.jsonl"));
        long steps = events.stream().filter(e -> e.has("opcode")).count();
        assertEquals(1000, steps, "exactly trace.max.events instruction events, from sixteen threads");
        JsonNode last = events.get(events.size() - 1);
        assertEquals("stopped", last.path("event").asText(), last.toString());
        assertTrue(Files.readString(only(reports, "sonde-trace-*.txt"))
                .endsWith("[sonde] tracing stopped after trace.max.events=1000 instruction events\n"));
    }
}
