package dev.sonde.core.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sonde.bootstrap.Frames;
import dev.sonde.core.snapshot.MethodSnapshot;
import dev.sonde.core.snapshot.UntimedMethods;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** The recorder driven the way woven code drives it: enter, then exit or exitWithError, on real threads. */
class RecorderTest {

    private final MethodRegistry registry = new MethodRegistry(100);
    private final int work = registry.register(new MethodKey("a.B", "work", "()V"));
    private final int fail = registry.register(new MethodKey("a.B", "fail", "()V"));
    private final int outer = registry.register(new MethodKey("a.B", "outer", "()V"));
    private final int dive = registry.register(new MethodKey("a.B", "dive", "()I"));
    private final Recorder recorder = new Recorder(registry, 4096);

    private static MethodSnapshot find(List<MethodSnapshot> snapshots, String method) {
        return snapshots.stream()
                .filter(s -> s.key().methodName().equals(method))
                .findFirst()
                .orElseThrow();
    }

    private void call(int method) {
        Frames frames = recorder.frames();
        int frame = frames.enter(method);
        frames.exit(frame);
    }

    private void failingCall(int method) {
        Frames frames = recorder.frames();
        int frame = frames.enter(method);
        frames.exitWithError(frame);
    }

    private void hammer(Recorder target, int threads, int calls) throws InterruptedException {
        CountDownLatch start = new CountDownLatch(1);
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            workers[t] = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                for (int i = 0; i < calls; i++) {
                    Frames frames = target.frames();
                    int frame = frames.enter(work);
                    frames.exit(frame);
                    if (i % 7 == 0) {
                        frame = frames.enter(fail);
                        frames.exitWithError(frame);
                    }
                }
            });
            workers[t].start();
        }
        start.countDown();
        for (Thread worker : workers) {
            worker.join();
        }
    }

    @Test
    void countsEveryCallFromSixteenThreadsExactly() throws InterruptedException {
        hammer(recorder, 16, 100_003);

        List<MethodSnapshot> snapshots = recorder.snapshot();
        MethodSnapshot w = find(snapshots, "work");
        assertEquals(16 * 100_003L, w.count());
        assertEquals(0, w.errors());
        assertTrue(w.minNanos() <= w.p50Nanos() && w.p50Nanos() <= w.p99Nanos() && w.p99Nanos() <= w.maxNanos());
        assertEquals(w.totalNanos(), w.selfNanos(), "no timed call beneath: all of it is self time");
        MethodSnapshot f = find(snapshots, "fail");
        assertEquals(16 * 14_287L, f.count());
        assertEquals(16 * 14_287L, f.errors());
        assertEquals(0, recorder.lostCalls());
    }

    @Test
    void threadsPastTheThreadCapStillCountExactly() throws InterruptedException {
        Recorder capped = new Recorder(registry, 2);

        hammer(capped, 8, 10_000);

        assertEquals(80_000, find(capped.snapshot(), "work").count());
        assertTrue(capped.recordingThreads() <= 2);
    }

    @Test
    void snapshotsSeeWhatARunningThreadHasFinishedAndNeverCountTwice() {
        for (int i = 0; i < 10; i++) {
            call(work);
        }

        assertEquals(10, find(recorder.snapshot(), "work").count());
        call(work);
        assertEquals(11, find(recorder.snapshot(), "work").count());
    }

    @Test
    void selfTimeIsWhatACallDidNotSpendInTimedCallsBeneathIt() {
        Frames frames = recorder.frames();
        int o = frames.enter(outer);
        for (int i = 0; i < 3; i++) {
            call(work);
        }
        spin(200_000);
        frames.exit(o);

        List<MethodSnapshot> snapshots = recorder.snapshot();
        MethodSnapshot out = find(snapshots, "outer");
        MethodSnapshot w = find(snapshots, "work");
        assertEquals(out.totalNanos(), out.selfNanos() + w.totalNanos(), "outer = its own time + the calls beneath");
        assertTrue(out.selfNanos() >= 200_000, "the spin is outer's own time: " + out.selfNanos());
    }

    /**
     * An untimed scope (a task run, a statement prepared) reads no clock and is told 0 ns; the timed calls
     * inside it count in the time of the method beneath it as if it were not there, and a timed scope
     * between them is told its own time as ever.
     */
    @Test
    void anUntimedScopeIsToldNoTimeAndLeavesTheCallsInsideItToTheMethodBeneath() {
        List<Long> told = new java.util.ArrayList<>();
        int untimed = recorder.kind(new ScopeListener.Untimed() {
            @Override
            public void exited(Object value, Object outcome, Object context, long nanos, long selfNanos) {
                told.add(nanos);
                told.add(selfNanos);
            }
        });
        Frames frames = recorder.frames();
        int o = frames.enter(outer);
        int scope = frames.enterScope(untimed, "task");
        assertTrue(scope >= 0);
        for (int i = 0; i < 3; i++) {
            int w = frames.enter(work);
            spin(100_000);
            frames.exit(w);
        }
        frames.exitScope(scope, null);
        frames.exit(o);

        assertEquals(List.of(0L, 0L), told);
        List<MethodSnapshot> snapshots = recorder.snapshot();
        MethodSnapshot out = find(snapshots, "outer");
        MethodSnapshot w = find(snapshots, "work");
        assertEquals(out.totalNanos(), out.selfNanos() + w.totalNanos(), "outer = its own time + the calls beneath");
        assertTrue(w.totalNanos() >= 300_000, String.valueOf(w.totalNanos()));
    }

    @Test
    void aRecursiveMethodsTimeCountsOncePerOutermostCall() {
        Frames frames = recorder.frames();
        int[] levels = new int[50];
        for (int depth = 0; depth < levels.length; depth++) {
            levels[depth] = frames.enter(dive);
            spin(10_000);
        }
        for (int depth = levels.length - 1; depth >= 0; depth--) {
            frames.exit(levels[depth]);
        }

        MethodSnapshot d = find(recorder.snapshot(), "dive");
        assertEquals(50, d.count());
        assertEquals(d.maxNanos(), d.totalNanos(), "the total is the outermost call, not the sum of 50 nested ones");
        assertEquals(d.totalNanos(), d.selfNanos(), 0, "self times of the levels add up to the whole");
    }

    @Test
    void callsInProgressAreReportedApartWithTheirTimeSoFar() {
        Frames frames = recorder.frames();
        int o = frames.enter(outer);
        call(work);
        spin(100_000);

        MethodSnapshot out = find(recorder.snapshot(), "outer");
        assertEquals(0, out.count(), "not finished");
        assertEquals(1, out.running());
        assertTrue(out.runningNanos() >= 100_000, "running " + out.runningNanos());
        assertEquals(out.runningNanos(), out.totalNanos());
        frames.exit(o);
        out = find(recorder.snapshot(), "outer");
        assertEquals(1, out.count());
        assertEquals(0, out.running());
    }

    @Test
    void aFrameWhoseEndWasNeverReportedIsClosedAsAnErrorByTheEndBeneathIt() {
        Frames frames = recorder.frames();
        int o = frames.enter(outer);
        frames.enter(work); // its exit never comes, as when a stack overflow strikes the exit call itself
        frames.enter(work);
        frames.exit(o);

        List<MethodSnapshot> snapshots = recorder.snapshot();
        assertEquals(1, find(snapshots, "outer").count());
        assertEquals(0, find(snapshots, "outer").errors());
        assertEquals(2, find(snapshots, "work").count());
        assertEquals(2, find(snapshots, "work").errors());
        assertEquals(0, find(snapshots, "work").running());
        frames.exit(o);
        assertEquals(1, find(recorder.snapshot(), "outer").count(), "a frame closed already is not closed twice");
    }

    private int diveCalls;

    private int diveUntilTheStackOverflows(Frames frames) {
        int frame = frames.enter(dive);
        try {
            diveCalls++;
            int result = diveUntilTheStackOverflows(frames) + 1;
            frames.exit(frame);
            return result;
        } catch (Throwable e) {
            frames.exitWithError(frame);
            throw e;
        }
    }

    @Test
    void aStackOverflowInTimedCodeLeavesEveryCountExact() {
        Recorder.preload(); // as the probe's warm-up does at start
        for (int round = 0; round < 5; round++) {
            try {
                diveUntilTheStackOverflows(recorder.frames());
            } catch (StackOverflowError expected) {
                // the program's own overflow, caught by the program
            }
            call(work);
            call(work);
        }

        List<MethodSnapshot> snapshots = recorder.snapshot();
        assertEquals(diveCalls, find(snapshots, "dive").count(), "every call the program made, once");
        assertEquals(diveCalls, find(snapshots, "dive").errors());
        assertEquals(0, find(snapshots, "dive").running());
        assertEquals(10, find(snapshots, "work").count(), "an unrelated method keeps its exact count");
        assertEquals(0, recorder.lostCalls());
    }

    @Test
    void callsMadeQuietlyAreNotRecorded() {
        recorder.quietly(() -> call(work));
        call(work);

        assertEquals(1, find(recorder.snapshot(), "work").count());
    }

    @Test
    void maxMethodsCapsTheMethodsCalledNotThoseWoven() {
        MethodRegistry small = new MethodRegistry(2);
        int[] ids = new int[5];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = small.register(new MethodKey(i < 3 ? "a.B" : "c.D", "m" + i, "()V"));
        }
        Recorder capped = new Recorder(small, 16);
        Frames frames = capped.frames();
        for (int i = ids.length - 1; i >= 1; i--) { // m0 is woven and never called
            for (int n = 0; n <= i; n++) {
                frames.exit(frames.enter(ids[i]));
            }
        }

        List<MethodSnapshot> snapshots = capped.snapshot();
        assertEquals(
                List.of("m3=4", "m4=5"),
                snapshots.stream()
                        .map(s -> s.key().methodName() + "=" + s.count())
                        .sorted()
                        .toList(),
                "the first two methods called are timed; five were woven");
        UntimedMethods untimed = small.untimed();
        assertEquals(2, untimed.methods());
        assertEquals(3 + 2, untimed.calls());
        assertEquals(java.util.Map.of("a", 2), untimed.byPackage());
    }

    @Test
    void theRegistryHandsOutOneIdPerMethod() {
        MethodRegistry small = new MethodRegistry(2);
        int a = small.register(new MethodKey("a.B", "a", "()V"));

        assertEquals(a, small.register(new MethodKey("a.B", "a", "()V")));
        assertEquals(1, small.register(new MethodKey("a.B", "b", "()V")));
        assertEquals(2, small.register(new MethodKey("a.B", "c", "()V")), "ids are not capped by max.methods");
    }

    private static void spin(long nanos) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }
}
