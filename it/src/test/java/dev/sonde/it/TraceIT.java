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
        Run bare = Run.command(temp.resolve("bare"), jdk.java(), "-cp", Run.CLASSES.toString(), "acc.Shapes")
                .run();
        Run traced = Run.sonde(
                        reports,
                        "trace",
                        "--bytecode",
                        "acc.Shapes$Square#<init>",
                        "--report-dir",
                        reports.toString(),
                        "--",
                        jdk.java(),
                        "-cp",
                        Run.CLASSES.toString(),
                        "acc.Shapes")
                .run();

        assertEquals(0, traced.exitCode, traced.stderr);
        assertEquals(bare.stdout, traced.stdout);
        List<JsonNode> events = lines(only(reports, "sonde-trace-*.jsonl"));
        assertEquals(
                List.of(
                        "{'thread':'main','depth':0,'method':'acc.Shapes$Square#<init>(D)V','event':'enter',"
                                + "'arguments':['<uninitialized>','2.0']}",
                        "{'thread':'main','depth':0,'method':'acc.Shapes$Square#<init>(D)V','offset':0,'opcode':'aload_0',"
                                + "'operands':'this','stack':[],'locals':{'this':'<uninitialized>','side':'2.0'}}",
                        "{'thread':'main','depth':0,'method':'acc.Shapes$Square#<init>(D)V','offset':1,'opcode':'invokespecial',"
                                + "'operands':'java/lang/Record.<init>:()V','stack':['<uninitialized>'],"
                                + "'locals':{'this':'<uninitialized>','side':'2.0'}}",
                        "{'thread':'main','depth':0,'method':'acc.Shapes$Square#<init>(D)V','offset':4,'opcode':'dload_1',"
                                + "'operands':'side','stack':[],'locals':{'this':'acc.Shapes$Square@*','side':'2.0'}}"),
                events.subList(0, 4).stream()
                        .map(e -> e.toString().replace('"', '\'').replaceAll("Square@[0-9a-f]+", "Square@*"))
                        .toList());
        assertTrue(
                events.stream()
                        .anyMatch(e -> "unwind".equals(e.path("event").asText())
                                && "java.lang.IllegalArgumentException"
                                        .equals(e.path("exception").asText())),
                "Square(-1) throws");
        long enters = events.stream()
                .filter(e -> "enter".equals(e.path("event").asText()))
                .count();
        long exits = events.stream()
                .filter(e -> e.path("event").asText().matches("return|unwind"))
                .count();
        assertEquals(3, enters, "new Square(2), new Square(5), new Square(-1)");
        assertEquals(3, exits);
        String text = Files.readString(only(reports, "sonde-trace-*.txt"));
        assertTrue(
                text.startsWith("[main] -> acc.Shapes$Square#<init>(D)V (<uninitialized>, 2.0)\n"
                        + "[main]       0: aload_0 this   stack=[] locals={this=<uninitialized>, side=2.0}\n"),
                text);
        assertTrue(
                text.contains("[main] <- acc.Shapes$Square#<init>(D)V unwinds java.lang.IllegalArgumentException"),
                text);
        long steps = events.stream().filter(e -> e.has("opcode")).count();
        assertEquals(10 + 10 + 12, steps, "two constructions of 10 instructions, one of 12 that throws");
        assertTrue(
                traced.stderr.contains("[sonde] trace: 32 instruction events in 3 invocation(s) of 1 method(s)"),
                traced.stderr);
        assertFalse(traced.stderr.contains("methods timed"), "only tracing: no timing table");
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void stopsAtMaxEventsWithANoteAndTheProgramRunsOn(Jdks.Jdk jdk) throws IOException {
        Path reports = temp.resolve("reports");
        Run bare = Run.command(temp.resolve("bare"), jdk.java(), "-cp", Run.CLASSES.toString(), "acc.Counting")
                .run();
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

    private static List<String> entered(List<JsonNode> events) {
        List<String> entered = new ArrayList<>();
        for (JsonNode event : events) {
            if ("enter".equals(event.path("event").asText())) {
                entered.add(
                        event.get("depth").asInt() + " " + event.get("method").asText());
            }
        }
        return entered;
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void followsCallsIntoTheRuntimeClassesMethodsDownToTheGivenDepth(Jdks.Jdk jdk) throws IOException {
        Path reports = temp.resolve("reports");
        Run traced = Run.sonde(
                        reports,
                        "trace",
                        "--bytecode",
                        "acc.Subtypes#main",
                        "--follow",
                        "1",
                        "--report-dir",
                        reports.toString(),
                        "--",
                        jdk.java(),
                        "-cp",
                        Run.CLASSES.toString(),
                        "acc.Subtypes")
                .run();

        assertEquals(0, traced.exitCode, traced.stderr);
        assertEquals("saved\n", traced.stdout);
        List<JsonNode> events = lines(only(reports, "sonde-trace-*.jsonl"));
        assertEquals(
                List.of(
                        "0 acc.Subtypes#main([Ljava/lang/String;)V",
                        "1 acc.Subtypes$SqlRepo#<init>()V",
                        "1 acc.Subtypes$FileRepo#<init>()V",
                        "1 acc.Subtypes$Cache#<init>()V",
                        "1 acc.Subtypes$SqlRepo#save(Ljava/lang/String;)V",
                        "1 acc.Subtypes$FileRepo#save(Ljava/lang/String;)V",
                        "1 acc.Subtypes$Cache#save(Ljava/lang/String;)V",
                        "1 acc.Subtypes$SqlRepo#save(Ljava/lang/String;)V",
                        "1 acc.Subtypes$FileRepo#save(Ljava/lang/String;)V",
                        "1 acc.Subtypes$Cache#save(Ljava/lang/String;)V",
                        "1 acc.Subtypes$Cache#warm()V",
                        "1 java.io.PrintStream#println(Ljava/lang/String;)V"),
                entered(events),
                "the interface call goes to each receiver's class; Object.<init> is two calls deep");
        assertTrue(
                events.stream()
                        .anyMatch(e -> "skipped".equals(e.path("event").asText())
                                && e.get("reason").asText().startsWith("invokedynamic makeConcatWithConstants")),
                "string concatenation");
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void followsLambdasIntoTheirBodiesAndNamesWhatItCannotTrace(Jdks.Jdk jdk) throws IOException {
        Path reports = temp.resolve("reports");
        Run traced = Run.sonde(
                        reports,
                        "trace",
                        "--bytecode",
                        "acc.Shapes#main",
                        "--follow",
                        "2",
                        "--report-dir",
                        reports.toString(),
                        "--",
                        jdk.java(),
                        "-cp",
                        Run.CLASSES.toString(),
                        "acc.Shapes")
                .run();

        assertEquals(0, traced.exitCode, traced.stderr);
        List<JsonNode> events = lines(only(reports, "sonde-trace-*.jsonl"));
        List<String> entered = entered(events);
        assertEquals(
                3,
                entered.stream()
                        .filter(e -> e.equals("2 acc.Shapes#lambda$main$0(Lacc/Shapes$Sized;)V"))
                        .count(),
                "the forEach body, once per shape, under Iterable.forEach: " + entered);
        assertTrue(entered.contains("1 acc.Shapes#lambda$main$1()Lacc/Shapes$Sized;"), entered.toString());
        assertTrue(
                entered.contains("1 java.lang.Iterable#forEach(Ljava/util/function/Consumer;)V"), entered.toString());
        List<String> reasons = events.stream()
                .filter(e -> "skipped".equals(e.path("event").asText()))
                .map(e -> e.get("reason").asText())
                .toList();
        assertTrue(reasons.contains("java.lang.Object#getClass()Ljava/lang/Class;: native"), reasons.toString());
        assertTrue(
                reasons.contains("java.lang.String#valueOf(Ljava/lang/Object;)Ljava/lang/String;: the tracer itself"
                        + " relies on java.lang.String"),
                reasons.toString());
        assertTrue(
                entered.stream().noneMatch(e -> e.contains("Shapes$Sized#describe")),
                "describe is three calls deep, past --follow 2");
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void tracesAJdkMethodTheRecorderAlsoUsesWithoutRecursing(Jdks.Jdk jdk) throws IOException {
        Path reports = temp.resolve("reports");
        Run bare = Run.command(temp.resolve("bare"), jdk.java(), "-cp", Run.CLASSES.toString(), "acc.Shapes")
                .run();
        Run traced = Run.probed(jdk, reports, "trace.bytecode=java.util.ArrayList#add(Object)", "acc.Shapes")
                .run();

        assertEquals(0, traced.exitCode, traced.stderr);
        assertEquals(bare.stdout, traced.stdout);
        assertTrue(traced.stderr.contains("[sonde] trace: "), traced.stderr);
        assertFalse(traced.stderr.contains("could not"), traced.stderr);
    }

    /** Per thread, what is wrong with the frame markers: every enter must end with a return, unwind or cut. */
    private static List<String> unbalanced(List<JsonNode> events) {
        java.util.Map<String, List<String>> open = new java.util.TreeMap<>();
        List<String> problems = new ArrayList<>();
        for (JsonNode event : events) {
            String kind = event.path("event").asText();
            List<String> stack = open.computeIfAbsent(event.path("thread").asText(), t -> new ArrayList<>());
            if (kind.equals("enter")) {
                stack.add(event.get("method").asText());
            } else if (kind.matches("return|unwind|cut")
                    && (stack.isEmpty()
                            || !stack.remove(stack.size() - 1)
                                    .equals(event.get("method").asText()))) {
                problems.add("unmatched " + event);
            }
        }
        open.forEach((thread, stack) -> {
            if (!stack.isEmpty()) {
                problems.add(thread + " never closed " + stack);
            }
        });
        return problems;
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void theEventCapIsExactOverManyShortThreadsAndEveryReturnValueIsTheOneReturned(Jdks.Jdk jdk) throws IOException {
        Path reports = temp.resolve("reports");
        Run bare = Run.command(
                        temp.resolve("bare"), jdk.java(), "-cp", Run.CLASSES.toString(), "acc.ShortThreads", "100")
                .run();
        Run traced = Run.probed(
                        jdk,
                        reports,
                        "trace.bytecode=acc.ShortThreads#work,trace.max.events=5000",
                        "acc.ShortThreads",
                        "100")
                .run();

        assertEquals(0, traced.exitCode, traced.stderr);
        assertEquals(bare.stdout, traced.stdout);
        List<JsonNode> events = lines(only(reports, "sonde-trace-*.jsonl"));
        assertEquals(
                5000,
                events.stream().filter(e -> e.has("opcode")).count(),
                "100 threads of 119 instructions each, cut at exactly trace.max.events");
        assertEquals(List.of(), unbalanced(events));
        List<String> returned = new ArrayList<>();
        for (JsonNode event : events) {
            if (event.path("event").asText().equals("return")) {
                returned.add(event.get("thread").asText() + "="
                        + (event.has("value")
                                ? event.get("value").asText()
                                : "(" + event.get("reason").asText() + ")"));
            }
        }
        List<String> expected = new ArrayList<>(bare.stdout.lines().toList().subList(0, 42));
        expected.add("worker-42=(tracing stopped; return value not recorded)");
        assertEquals(expected, returned, "42 whole calls of 119 events, the 43rd cut after 2 of its instructions");
        assertTrue(
                traced.stderr.contains("[sonde] trace: 5000 instruction events in 43 invocation(s) of 1 method(s),"
                        + " stopped at a cap"),
                traced.stderr);
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void deepRecursionKeepsItsIndentationAndShowsTheDepth(Jdks.Jdk jdk) throws IOException {
        Path reports = temp.resolve("reports");
        Run traced = Run.probed(jdk, reports, "trace.bytecode=acc.Deep#down", "acc.Deep", "2000")
                .run();

        assertEquals(0, traced.exitCode, traced.stderr);
        assertEquals("down=6000\n", traced.stdout);
        List<String> text = Files.readAllLines(only(reports, "sonde-trace-*.txt"));
        String indent = "  ".repeat(20);
        assertTrue(text.contains("[main] " + indent + "(depth 1999) <- acc.Deep#down(I)I returns 3"), "depth 1999");
        assertTrue(
                text.contains("[main] " + indent + "  (depth 2000)     0: iload_0 n   stack=[] locals={n=0}"),
                "the deepest frame's first instruction");
        assertEquals("[main] <- acc.Deep#down(I)I returns 6000", text.get(text.size() - 1));
        long textBytes = Files.size(only(reports, "sonde-trace-*.txt"));
        long jsonBytes = Files.size(only(reports, "sonde-trace-*.jsonl"));
        assertTrue(textBytes < jsonBytes, "text " + textBytes + " bytes, JSON Lines " + jsonBytes);
    }

    /** The arguments to java that run H2's shell on one query, whose answer is 42. */
    private String[] h2Shell() throws Exception {
        String h2 = Path.of(((java.net.JarURLConnection) getClass()
                                .getClassLoader()
                                .getResource("org/h2/Driver.class")
                                .openConnection())
                        .getJarFileURL()
                        .toURI())
                .toString();
        return new String[] {
            "-cp",
            h2,
            "org.h2.tools.Shell",
            "-url",
            "jdbc:h2:mem:",
            "-sql",
            "WITH t(x) AS (SELECT 6) SELECT x * 7 FROM t"
        };
    }

    /** {@code sonde trace --bytecode 'org.h2.command.Parser#parse*' OPTIONS -- java H2-SHELL} on the given JDK. */
    private Run traceH2sParser(Jdks.Jdk jdk, Path reports, String... options) throws Exception {
        List<String> command =
                new ArrayList<>(List.of("trace", "--bytecode", "org.h2.command.Parser#parse*", "--report-dir"));
        command.add(reports.toString());
        command.addAll(List.of(options));
        command.add("--");
        command.add(jdk.java());
        command.addAll(List.of(h2Shell()));
        return Run.sonde(reports, command.toArray(new String[0])).run();
    }

    private static String methods(long count) {
        return count == 1 ? "1 method" : count + " methods";
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void sumsUpInOneLineTheMethodsTracedWithLessDetailAndTheTraceFilesSayWhichAsTraced(Jdks.Jdk jdk) throws Exception {
        Path reports = temp.resolve("reports");

        Run traced = traceH2sParser(jdk, reports, "--follow", "1");

        assertEquals(0, traced.exitCode, traced.stderr);
        assertTrue(traced.stdout.contains("42"), traced.stdout);
        List<JsonNode> events = lines(only(reports, "sonde-trace-*.jsonl"));
        java.util.Map<String, String> recorded = new java.util.TreeMap<>();
        java.util.Map<String, Long> byDetail = new java.util.TreeMap<>();
        long interpreted = 0;
        for (JsonNode event : events) {
            if ("detail".equals(event.path("event").asText())) {
                recorded.put(event.get("method").asText(), event.get("recorded").asText());
                byDetail.merge(event.get("recorded").asText(), 1L, Long::sum);
                interpreted += event.get("interpreted").asBoolean() ? 1 : 0;
            }
        }
        long stackOnly = byDetail.getOrDefault("stack only", 0L);
        long instructionsOnly = byDetail.getOrDefault("instructions only", 0L);
        assertTrue(stackOnly > 0 && instructionsOnly > 0 && interpreted > 0, byDetail + ", interpreted " + interpreted);
        // the trace's lines; the report after them has the query the shell ran (the jdbc unit, on by default)
        List<String> probeLines =
                traced.stderr.lines().filter(l -> l.startsWith("[sonde] trace")).toList();
        assertTrue(traced.stderr.contains("sql: WITH t(x) AS (SELECT ?) SELECT x * ? FROM t"), traced.stderr);
        assertEquals(
                "[sonde] trace: " + methods(stackOnly + instructionsOnly) + " traced with less detail, to stay"
                        + " compilable or within 64 KiB (" + stackOnly + " with the operand stack only, "
                        + instructionsOnly + " with instructions only); " + methods(interpreted) + " ran interpreted"
                        + " once traced (past the 8,000 bytes above which HotSpot never compiles a method); the trace"
                        + " files say which and why",
                probeLines.get(0),
                traced.stderr);
        assertEquals(2, probeLines.size(), "the summary and the trace files' names, nothing per method: " + probeLines);
        assertTrue(probeLines.get(1).startsWith("[sonde] trace: "), probeLines.get(1));
        // every instruction event holds what the trace files say its method is traced with, and no more
        java.util.Set<String> mismatched = new java.util.TreeSet<>();
        for (JsonNode event : events) {
            if (event.has("opcode")) {
                String detail = recorded.getOrDefault(event.get("method").asText(), "stack and locals");
                if (event.has("stack") == detail.equals("instructions only")
                        || event.has("locals") != detail.equals("stack and locals")) {
                    mismatched.add(event.get("method").asText() + " (" + detail + "): " + event);
                }
            }
        }
        assertEquals(java.util.Set.of(), mismatched);
        // a call out of a method traced without its stack is not followed, said once for its call site
        List<String> sites = new ArrayList<>();
        JsonNode previous = null;
        for (JsonNode event : events) {
            if ("skipped".equals(event.path("event").asText()) && event.has("thread")) {
                String reason = event.get("reason").asText();
                assertFalse(reason.contains("not found from"), reason);
                if (reason.contains("is not known: the caller is traced without its operand stack")) {
                    sites.add(previous.get("method").asText() + "@"
                            + previous.get("offset").asInt());
                }
            }
            previous = event;
        }
        assertFalse(sites.isEmpty(), "a method traced with instructions only calls an interface or virtual method");
        assertEquals(sites.stream().distinct().toList(), sites, "once per call site");
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void withVerboseStderrSaysTheDetailOfEachMethodAsTheTextFileDoes(Jdks.Jdk jdk) throws Exception {
        Path reports = temp.resolve("reports");

        Run traced = traceH2sParser(jdk, reports, "--set", "verbose=true");

        assertEquals(0, traced.exitCode, traced.stderr);
        List<String> said = traced.stderr
                .lines()
                .filter(l -> l.startsWith("[sonde] tracing "))
                .sorted()
                .toList();
        List<String> written = Files.readAllLines(only(reports, "sonde-trace-*.txt")).stream()
                .filter(l -> l.startsWith("[sonde] tracing "))
                .sorted()
                .toList();
        assertTrue(written.size() > 10, written.toString());
        assertEquals(written, said);
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void tracesTheMethodsOfH2sParserThatItOnceCouldNotWeave(Jdks.Jdk jdk) throws Exception {
        Path reports = temp.resolve("reports");
        String[] shell = h2Shell();
        List<String> bareCommand = new ArrayList<>(List.of(jdk.java()));
        bareCommand.addAll(List.of(shell));
        Run bare = Run.command(temp.resolve("bare"), bareCommand.toArray(new String[0]))
                .run();
        List<String> tracedCommand = new ArrayList<>(
                List.of(
                        jdk.java(),
                        "-javaagent:" + Run.SONDE_JAR
                                + "=trace.bytecode=org.h2.command.Parser#parseSingleCommonTableExpression;org.h2.command.query.Select#init"));
        tracedCommand.addAll(List.of(shell));
        Run traced = Run.command(reports, tracedCommand.toArray(new String[0]))
                .env("SONDE_REPORT_DIR", reports.toString())
                .run();

        assertEquals(0, traced.exitCode, traced.stderr);
        assertTrue(bare.stdout.contains("42"), bare.stdout);
        assertEquals(bare.stdout.replaceAll("\\d+ ms", "? ms"), traced.stdout.replaceAll("\\d+ ms", "? ms"));
        assertFalse(traced.stderr.contains("could not"), traced.stderr);
        List<JsonNode> events = lines(only(reports, "sonde-trace-*.jsonl"));
        List<String> entered = entered(events);
        assertEquals(
                List.of(
                        "0 org.h2.command.Parser#parseSingleCommonTableExpression(Z)V",
                        "1 org.h2.command.query.Select#init()V"),
                entered.subList(0, 2),
                "the CTE's query, parsed within");
        assertEquals(
                List.of("0 org.h2.command.query.Select#init()V"),
                entered.subList(2, entered.size()).stream().distinct().toList(),
                "then the main query's, and the CTE's again for its view: " + entered);
        assertEquals(List.of(), unbalanced(events));
        assertEquals(
                List.of("[\"org.h2.command.Parser@*\",\"false\"]"),
                events.stream()
                        .filter(e -> "enter".equals(e.path("event").asText())
                                && e.get("method")
                                        .asText()
                                        .equals("org.h2.command.Parser#parseSingleCommonTableExpression(Z)V"))
                        .map(e -> e.get("arguments").toString().replaceAll("Parser@[0-9a-f]+", "Parser@*"))
                        .toList(),
                "its boolean argument shown as one");
        assertTrue(events.stream().filter(e -> e.has("opcode")).count() > 100, "instructions traced");
        assertTrue(
                events.stream()
                        .anyMatch(e -> "org.h2.command.Parser#parseSingleCommonTableExpression(Z)V"
                                        .equals(e.path("method").asText())
                                && "dup".equals(e.path("opcode").asText())
                                && e.get("stack").toString().contains("<uninitialized>")),
                "the new whose kind the analysis used to lose");
    }
}
