package dev.sonde.tracer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sonde.bootstrap.Trace;
import dev.sonde.core.selector.MethodSelection;
import dev.sonde.core.selector.MethodSelector;
import dev.sonde.testkit.WeavingLoader;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trace files as the agent writes them, from target classes woven by the real transformer and run
 * against the real recorder and writer: what they say when tracing stops, how deep calls are shown,
 * and that every frame entered is closed.
 */
class TraceFilesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TARGET = "tracing.targets.Capped";

    @TempDir
    Path temp;

    private TraceRecorder recorder;
    private TraceWriter writer;
    private Thread writerThread;
    private ClassLoader loader;

    @AfterEach
    void uninstall() {
        Trace.install(null);
    }

    /** Starts tracing what {@code selectors} select, with the event cap given; loads the target through the transformer. */
    private void trace(String selectors, long maxEvents) throws IOException {
        trace(selectors, maxEvents, TracingWeaver.Detail.STACK_AND_LOCALS);
    }

    /** As above, each method traced with {@code detail} at most. */
    private void trace(String selectors, long maxEvents, TracingWeaver.Detail detail) throws IOException {
        recorder = new TraceRecorder(maxEvents, 0);
        writer = new TraceWriter(
                recorder, temp, "sonde-trace-1", PosixFilePermissions.fromString("rw-------"), 1L << 30);
        writerThread = new Thread(writer, "sonde-trace-writer");
        recorder.writer(writerThread);
        writerThread.start();
        List<MethodSelector> selected = new ArrayList<>();
        for (String selector : selectors.split(";")) {
            selected.add(MethodSelector.parse(selector));
        }
        TracingTransformer transformer =
                new TracingTransformer(MethodSelection.of(selected, List.of()), recorder, module -> {}, false, detail);
        Trace.install(recorder);
        loader = WeavingLoader.through(transformer, getClass().getClassLoader(), TARGET);
    }

    /** Ends the trace as the agent does at exit; returns the text file. */
    private String finish() throws Exception {
        Trace.install(null);
        writer.finish(recorder.close());
        writerThread.join(10_000);
        return Files.readString(temp.resolve("sonde-trace-1.txt"));
    }

    private List<JsonNode> events() throws IOException {
        List<JsonNode> events = new ArrayList<>();
        for (String line : Files.readAllLines(temp.resolve("sonde-trace-1.jsonl"))) {
            events.add(JSON.readTree(line));
        }
        return events;
    }

    private Object call(String name, Class<?>[] types, Object... args) throws Exception {
        Method method = Class.forName(TARGET, true, loader).getDeclaredMethod(name, types);
        method.setAccessible(true);
        try {
            return method.invoke(null, args);
        } catch (InvocationTargetException e) {
            throw (Exception) e.getCause();
        }
    }

    private static void onThread(String name, ThrowingRunnable body) throws Exception {
        Exception[] failure = new Exception[1];
        Thread thread = new Thread(
                () -> {
                    try {
                        body.run();
                    } catch (Exception e) {
                        failure[0] = e;
                    }
                },
                name);
        thread.start();
        thread.join();
        if (failure[0] != null) {
            throw failure[0];
        }
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    /** Per thread, whether every enter is matched by the next return, unwind or cut of the same method. */
    private static Map<String, List<String>> unbalanced(List<JsonNode> events) {
        Map<String, List<String>> open = new TreeMap<>();
        Map<String, List<String>> problems = new TreeMap<>();
        for (JsonNode event : events) {
            String kind = event.path("event").asText();
            String thread = event.path("thread").asText();
            List<String> stack = open.computeIfAbsent(thread, t -> new ArrayList<>());
            if (kind.equals("enter")) {
                stack.add(event.get("method").asText());
            } else if (kind.matches("return|unwind|cut")) {
                if (stack.isEmpty()
                        || !stack.remove(stack.size() - 1)
                                .equals(event.get("method").asText())) {
                    problems.computeIfAbsent(thread, t -> new ArrayList<>()).add("unmatched " + event);
                }
            }
        }
        open.forEach((thread, stack) -> {
            if (!stack.isEmpty()) {
                problems.computeIfAbsent(thread, t -> new ArrayList<>()).add("never closed: " + stack);
            }
        });
        return problems;
    }

    @Test
    void returnsAfterTheCapSayTheyWereCutAndStateNoValue() throws Exception {
        trace(TARGET + "#sum;" + TARGET + "#triple", 20);

        onThread("capped", () -> assertEquals(18, call("sum", new Class<?>[0])));
        String text = finish();

        assertEquals(
                String.join(
                        "\n",
                        "[capped] -> tracing.targets.Capped#sum()I ()",
                        "[capped]       0: iconst_0   stack=[] locals={}",
                        "[capped]       1: istore_0 s   stack=[0] locals={}",
                        "[capped]       2: iconst_1   stack=[] locals={s=0}",
                        "[capped]       3: istore_1 i   stack=[1] locals={s=0}",
                        "[capped]       4: iload_1 i   stack=[] locals={s=0, i=1}",
                        "[capped]       5: iconst_3   stack=[1] locals={s=0, i=1}",
                        "[capped]       6: if_icmpgt 22   stack=[1, 3] locals={s=0, i=1}",
                        "[capped]       9: iload_0 s   stack=[] locals={s=0, i=1}",
                        "[capped]      10: iload_1 i   stack=[0] locals={s=0, i=1}",
                        "[capped]      11: invokestatic tracing/targets/Capped.triple:(I)I   stack=[0, 1] locals={s=0, i=1}",
                        "[capped]   -> tracing.targets.Capped#triple(I)I (1)",
                        "[capped]         0: iload_0 x   stack=[] locals={x=1}",
                        "[capped]         1: iconst_3   stack=[1] locals={x=1}",
                        "[capped]         2: imul   stack=[1, 3] locals={x=1}",
                        "[capped]         3: istore_1 y   stack=[3] locals={x=1}",
                        "[capped]         4: iload_1 y   stack=[] locals={x=1, y=3}",
                        "[capped]         5: ireturn   stack=[3] locals={x=1, y=3}",
                        "[capped]   <- tracing.targets.Capped#triple(I)I returns 3",
                        "[capped]      14: iadd   stack=[0, 3] locals={s=0, i=1}",
                        "[capped]      15: istore_0 s   stack=[3] locals={s=0, i=1}",
                        "[capped]      16: iinc i, 1   stack=[] locals={s=3, i=1}",
                        "[capped]      19: goto 4   stack=[] locals={s=3, i=2}",
                        "[capped] <- tracing.targets.Capped#sum()I returns (tracing stopped; return value not recorded)",
                        "[sonde] tracing stopped after trace.max.events=20 instruction events",
                        ""),
                text,
                "sum returned 18: the last value recorded (2, then 3) is not its return value");
        List<JsonNode> events = events();
        JsonNode sumReturn = events.get(events.size() - 2);
        assertEquals(
                "{\"thread\":\"capped\",\"depth\":0,\"method\":\"tracing.targets.Capped#sum()I\",\"event\":\"return\","
                        + "\"cut\":true,\"reason\":\"tracing stopped; return value not recorded\"}",
                sumReturn.toString());
    }

    @Test
    void theCapIsExactAndEveryFrameIsClosedWhenManyThreadsShareIt() throws Exception {
        trace(TARGET + "#work", 5_000);
        Map<Integer, Integer> expected = new HashMap<>();
        Thread[] threads = new Thread[60];
        Map<String, Integer> results = new java.util.concurrent.ConcurrentHashMap<>();
        CountDownLatch go = new CountDownLatch(1);
        for (int t = 0; t < threads.length; t++) {
            int seed = t;
            threads[t] = new Thread(
                    () -> {
                        try {
                            go.await();
                            results.put("worker-" + seed, (Integer) call("work", new Class<?>[] {int.class}, seed));
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    },
                    "worker-" + t);
            threads[t].start();
            int x = seed;
            for (int i = 0; i < 10; i++) {
                x = x * 31 + i;
            }
            expected.put(t, x);
        }
        go.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        finish();

        List<JsonNode> events = events();
        long steps = events.stream().filter(e -> e.has("opcode")).count();
        assertEquals(5_000, steps, "60 threads × 119 instructions, cut at exactly trace.max.events");
        assertEquals(Map.of(), unbalanced(events));
        long cut = 0;
        for (JsonNode event : events) {
            if (event.path("event").asText().equals("return")) {
                String thread = event.get("thread").asText();
                if (event.has("value")) {
                    assertEquals(
                            String.valueOf(results.get(thread)),
                            event.get("value").asText(),
                            thread);
                    assertEquals(
                            String.valueOf(expected.get(Integer.parseInt(thread.substring(7)))),
                            event.get("value").asText(),
                            thread);
                } else {
                    assertEquals(
                            "tracing stopped; return value not recorded",
                            event.get("reason").asText());
                    cut++;
                }
            }
        }
        assertTrue(cut >= 1, "some invocation was running when the cap was reached");
        assertEquals("stopped", events.get(events.size() - 1).get("event").asText());
    }

    @Test
    void deepFramesKeepTheirIndentationAtTwentyLevelsAndShowTheirDepth() throws Exception {
        trace(TARGET + "#depth", 1_000_000);

        onThread("deep", () -> assertEquals(30, call("depth", new Class<?>[] {int.class}, 30)));
        List<String> lines = finish().lines().toList();

        String twenty = "  ".repeat(20);
        assertTrue(lines.contains("[deep] " + twenty + "-> tracing.targets.Capped#depth(I)I (10)"), "depth 20");
        assertTrue(
                lines.contains("[deep] " + twenty + "(depth 21) -> tracing.targets.Capped#depth(I)I (9)"), "depth 21");
        assertTrue(
                lines.contains("[deep] " + twenty + "  (depth 30)     0: iload_0 n   stack=[] locals={n=0}"),
                "an instruction at depth 30");
        assertTrue(
                lines.contains("[deep] " + twenty + "(depth 29) <- tracing.targets.Capped#depth(I)I returns 1"),
                "depth 29 returns 1");
        assertEquals("[deep] <- tracing.targets.Capped#depth(I)I returns 30", lines.get(lines.size() - 1));
        int deepest = lines.stream()
                .map(line -> line.substring("[deep] ".length()))
                .mapToInt(line -> line.length() - line.stripLeading().length())
                .max()
                .orElse(0);
        assertEquals(
                2 * 21 + 4,
                deepest,
                "at most twenty levels for a frame, one more for its instructions, whose offset 0 is padded to 5 columns");
    }

    @Test
    void framesStillRunningWhenTheTraceEndsAreClosedAsCut() throws Exception {
        trace(TARGET + "#await", 1_000_000);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread waiting = new Thread(
                () -> {
                    try {
                        call("await", new Class<?>[] {CountDownLatch.class, CountDownLatch.class}, started, release);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                },
                "waiting");
        waiting.start();
        started.await();
        while (waiting.getState() != Thread.State.WAITING) {
            Thread.sleep(1);
        }

        String text = finish();
        release.countDown();
        waiting.join();

        List<String> lines = text.lines().toList();
        assertEquals(
                "[waiting]       4: aload_1 release   stack=[] locals={started=java.util.concurrent.CountDownLatch@*,"
                        + " release=java.util.concurrent.CountDownLatch@*}",
                lines.get(lines.size() - 3).replaceAll("CountDownLatch@[0-9a-f]+", "CountDownLatch@*"));
        assertEquals(
                "[waiting]       5: invokevirtual java/util/concurrent/CountDownLatch.await:()V   stack="
                        + "[java.util.concurrent.CountDownLatch@*] locals={started=java.util.concurrent.CountDownLatch@*,"
                        + " release=java.util.concurrent.CountDownLatch@*}",
                lines.get(lines.size() - 2).replaceAll("CountDownLatch@[0-9a-f]+", "CountDownLatch@*"));
        assertEquals(
                "[waiting] <- tracing.targets.Capped#await(Ljava/util/concurrent/CountDownLatch;"
                        + "Ljava/util/concurrent/CountDownLatch;)V cut: still running when the trace ended",
                lines.get(lines.size() - 1));
        assertEquals(Map.of(), unbalanced(events()));
    }

    @Test
    void methodsThatCannotBeTracedAreNamedInBothFiles() throws Exception {
        trace(TARGET + "#sum", 1_000_000);
        recorder.notTraced(
                "a.B#c(I)V", "even with instructions only it would outgrow the 64 KiB limit on a method's code");
        recorder.notTraced(
                "a.B#c(I)V", "even with instructions only it would outgrow the 64 KiB limit on a method's code");

        String text = finish();

        assertEquals(
                "[sonde] not traced: a.B#c(I)V: even with instructions only it would outgrow the 64 KiB limit on a"
                        + " method's code\n",
                text,
                "said once");
        assertEquals(
                "[{\"event\":\"skipped\",\"method\":\"a.B#c(I)V\",\"reason\":\"even with instructions only it"
                        + " would outgrow the 64 KiB limit on a method's code\"}]",
                events().toString());
        assertEquals(null, writer.detailSummary(), "nothing traced with less detail");
    }

    @Test
    void theDetailEachMethodGotIsInBothFilesAndStderrSumsItUp() throws Exception {
        trace(TARGET + "#sum", 1_000_000);
        String jit = "the 8,000 bytes above which HotSpot never compiles a method";
        String code = "the 64 KiB limit on a method's code";
        recorder.note(MethodNote.traced("a.B#stack()V", TracingWeaver.Detail.STACK, false, jit));
        recorder.note(MethodNote.traced("a.B#stack()V", TracingWeaver.Detail.STACK, false, jit));
        recorder.note(MethodNote.traced("a.B#bare()V", TracingWeaver.Detail.INSTRUCTIONS, false, jit));
        recorder.note(MethodNote.traced("a.B#slow()V", TracingWeaver.Detail.STACK_AND_LOCALS, true, null));
        recorder.note(MethodNote.traced("a.B#both()V", TracingWeaver.Detail.STACK, true, code));

        String text = finish();

        assertEquals(
                String.join(
                        "\n",
                        "[sonde] tracing a.B#stack()V with the operand stack but not the locals: with the locals too it"
                                + " would outgrow " + jit,
                        "[sonde] tracing a.B#bare()V with instructions only, not the operand stack or the locals: with"
                                + " the operand stack it would outgrow " + jit,
                        "[sonde] tracing a.B#slow()V fully; it runs interpreted from now on: even with instructions"
                                + " only, tracing takes it past " + jit,
                        "[sonde] tracing a.B#both()V with the operand stack but not the locals; it runs interpreted from"
                                + " now on: even with instructions only, tracing takes it past " + jit
                                + ", and with the locals too it would outgrow " + code,
                        ""),
                text,
                "each said once");
        assertEquals(
                List.of(
                        "{'event':'detail','method':'a.B#stack()V','recorded':'stack only','interpreted':false,"
                                + "'reason':'with the locals too it would outgrow " + jit + "'}",
                        "{'event':'detail','method':'a.B#bare()V','recorded':'instructions only','interpreted':false,"
                                + "'reason':'with the operand stack it would outgrow " + jit + "'}",
                        "{'event':'detail','method':'a.B#slow()V','recorded':'stack and locals','interpreted':true,"
                                + "'reason':'even with instructions only, tracing takes it past " + jit + "'}",
                        "{'event':'detail','method':'a.B#both()V','recorded':'stack only','interpreted':true,"
                                + "'reason':'even with instructions only, tracing takes it past " + jit
                                + ", and with the locals too it would outgrow " + code + "'}"),
                events().stream().map(e -> e.toString().replace('"', '\'')).toList());
        assertEquals(
                "trace: 3 methods traced with less detail, to stay compilable or within 64 KiB (2 with the operand"
                        + " stack only, 1 with instructions only); 2 methods ran interpreted once traced (past " + jit
                        + "); the trace files say which and why",
                writer.detailSummary());
    }

    @Test
    void aMethodTracedWithInstructionsOnlyShowsNoStackOrLocalsRatherThanEmptyOnes() throws Exception {
        trace(TARGET + "#triple", 1_000_000, TracingWeaver.Detail.INSTRUCTIONS);

        onThread("bare", () -> assertEquals(6, call("triple", new Class<?>[] {int.class}, 2)));
        String text = finish();

        assertEquals(
                String.join(
                        "\n",
                        "[bare] -> tracing.targets.Capped#triple(I)I (2)",
                        "[bare]       0: iload_0 x",
                        "[bare]       1: iconst_3",
                        "[bare]       2: imul",
                        "[bare]       3: istore_1 y",
                        "[bare]       4: iload_1 y",
                        "[bare]       5: ireturn",
                        "[bare] <- tracing.targets.Capped#triple(I)I returns (traced with instructions only; return"
                                + " value not recorded)",
                        ""),
                text);
        List<JsonNode> events = events();
        assertEquals(
                "{'thread':'bare','depth':0,'method':'tracing.targets.Capped#triple(I)I','offset':0,'opcode':'iload_0',"
                        + "'operands':'x'}",
                events.get(1).toString().replace('"', '\''));
    }

    @Test
    void valuesDeclaredBooleanShowAsTrueOrFalseAndStackValuesAsTheIntsTheJvmHolds() throws Exception {
        trace(TARGET + "#flip", 1_000_000);

        onThread("flipper", () -> assertEquals(false, call("flip", new Class<?>[] {boolean.class}, true)));
        String text = finish();

        assertEquals(
                String.join(
                        "\n",
                        "[flipper] -> tracing.targets.Capped#flip(Z)Z (true)",
                        "[flipper]       0: iload_0 on   stack=[] locals={on=true}",
                        "[flipper]       1: ifne 8   stack=[1] locals={on=true}",
                        "[flipper]       8: iconst_0   stack=[] locals={on=true}",
                        "[flipper]       9: istore_1 off   stack=[0] locals={on=true}",
                        "[flipper]      10: iload_1 off   stack=[] locals={on=true, off=false}",
                        "[flipper]      11: ireturn   stack=[0] locals={on=true, off=false}",
                        "[flipper] <- tracing.targets.Capped#flip(Z)Z returns false",
                        ""),
                text);
        List<JsonNode> events = events();
        assertEquals("[\"true\"]", events.get(0).get("arguments").toString());
        assertEquals(
                "{\"on\":\"true\",\"off\":\"false\"}",
                events.get(6).get("locals").toString());
        assertEquals("false", events.get(events.size() - 1).get("value").asText());
    }

    @Test
    void aConstructorLeftByAnExceptionBeforeSuperIsClosedByTheNextEventOfItsCaller() throws Exception {
        trace(TARGET + "#make;" + TARGET + "$Checked#<init>", 1_000_000);

        onThread("maker", () -> {
            assertEquals(-1, call("make", new Class<?>[] {int.class}, -5));
            assertEquals(1, call("make", new Class<?>[] {int.class}, 5));
        });
        String text = finish();

        List<String> lines = text.lines().toList();
        assertEquals(
                List.of(
                        "[maker]         2: invokestatic tracing/targets/Capped$Checked.positive:(I)I   stack=[<uninitialized>,"
                                + " -5] locals={this=<uninitialized>, x=-5}",
                        "[maker]   <- tracing.targets.Capped$Checked#<init>(I)V unwinds (an exception thrown before its super(…)"
                                + " call completed; its type is not recorded)",
                        "[maker]      11: astore_1 e   stack=[java.lang.IllegalArgumentException@*] locals={x=-5}",
                        "[maker]      12: iconst_m1   stack=[] locals={x=-5, e=java.lang.IllegalArgumentException@*}",
                        "[maker]      13: ireturn   stack=[-1] locals={x=-5, e=java.lang.IllegalArgumentException@*}",
                        "[maker] <- tracing.targets.Capped#make(I)I returns -1",
                        "[maker] -> tracing.targets.Capped#make(I)I (5)"),
                lines.subList(8, 15).stream()
                        .map(line -> line.replaceAll("Exception@[0-9a-f]+", "Exception@*"))
                        .toList());
        assertEquals("[maker] <- tracing.targets.Capped#make(I)I returns 1", lines.get(lines.size() - 1));
        assertEquals(Map.of(), unbalanced(events()));
    }

    @Test
    void aConstructorLeftBeforeSuperWithNoTracedCallerIsCutAtTheEndSayingWhatMayHaveHappened() throws Exception {
        trace(TARGET + "$Checked#<init>", 1_000_000);

        onThread("maker", () -> assertEquals(-1, call("make", new Class<?>[] {int.class}, -5)));
        String text = finish();

        assertEquals(
                "[maker] <- tracing.targets.Capped$Checked#<init>(I)V cut: still running when the trace ended, or"
                        + " ended by an exception thrown before its super(…) call completed",
                text.lines().reduce((a, b) -> b).orElseThrow());
    }
}
