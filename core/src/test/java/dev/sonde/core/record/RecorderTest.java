package dev.sonde.core.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class RecorderTest {

    private final MethodRegistry registry = new MethodRegistry(100);
    private final int work = registry.register(new MethodKey("a.B", "work", "()V"));
    private final int fail = registry.register(new MethodKey("a.B", "fail", "()V"));

    private static MethodSnapshot find(List<MethodSnapshot> snapshots, String method) {
        return snapshots.stream().filter(s -> s.key().methodName().equals(method)).findFirst().orElseThrow();
    }

    private void hammer(Recorder recorder, int threads, int calls) throws InterruptedException {
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
                    recorder.record(work, 100 + i % 100);
                    if (i % 7 == 0) {
                        recorder.recordError(fail, 5);
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
        Recorder recorder = new Recorder(registry, 4096);

        hammer(recorder, 16, 100_003);

        List<MethodSnapshot> snapshots = recorder.snapshot();
        MethodSnapshot w = find(snapshots, "work");
        assertEquals(16 * 100_003L, w.count());
        assertEquals(0, w.errors());
        long perThreadTotal = 0;
        for (int i = 0; i < 100_003; i++) {
            perThreadTotal += 100 + i % 100;
        }
        assertEquals(16 * perThreadTotal, w.totalNanos());
        assertEquals(100, w.minNanos());
        assertEquals(199, w.maxNanos());
        MethodSnapshot f = find(snapshots, "fail");
        assertEquals(16 * 14_287L, f.count());
        assertEquals(16 * 14_287L, f.errors());
    }

    @Test
    void threadsPastTheBufferCapStillCountExactly() throws InterruptedException {
        Recorder recorder = new Recorder(registry, 2);

        hammer(recorder, 8, 10_000);

        assertEquals(80_000, find(recorder.snapshot(), "work").count());
        assertTrue(recorder.bufferedThreads() <= 2);
    }

    @Test
    void snapshotsSeeWhatARunningThreadHasPublished() {
        Recorder recorder = new Recorder(registry, 16);
        for (int i = 0; i < 10; i++) {
            recorder.record(work, 1_000);
        }

        assertEquals(10, find(recorder.snapshot(), "work").count());
        recorder.record(work, 1_000);
        assertEquals(11, find(recorder.snapshot(), "work").count(), "drained entries are not counted twice");
    }

    @Test
    void durationsBeyondTheBufferRangeAreRecordedExactly() {
        Recorder recorder = new Recorder(registry, 16);
        long threeHours = 3L * 3600 * 1_000_000_000L;

        recorder.record(work, threeHours);
        recorder.record(work, 10);

        MethodSnapshot w = find(recorder.snapshot(), "work");
        assertEquals(2, w.count());
        assertEquals(threeHours + 10, w.totalNanos());
        assertEquals(threeHours, w.maxNanos());
        assertEquals(threeHours, w.p999Nanos(), "percentiles never exceed the exact maximum");
    }

    @Test
    void percentilesAreWithinOnePercent() {
        Recorder recorder = new Recorder(registry, 16);
        for (int i = 1; i <= 10_000; i++) {
            recorder.record(work, i * 1_000L);
        }

        MethodSnapshot w = find(recorder.snapshot(), "work");
        assertEquals(5_000_000, w.p50Nanos(), 50_000);
        assertEquals(9_000_000, w.p90Nanos(), 90_000);
        assertEquals(9_900_000, w.p99Nanos(), 99_000);
        assertEquals(9_990_000, w.p999Nanos(), 99_900);
        assertEquals(1_000, w.minNanos());
        assertEquals(10_000_000, w.maxNanos());
    }

    @Test
    void callsMadeQuietlyAreNotRecorded() {
        Recorder recorder = new Recorder(registry, 16);

        recorder.quietly(() -> recorder.record(work, 5));
        recorder.record(work, 5);

        assertEquals(1, find(recorder.snapshot(), "work").count());
    }

    @Test
    void theRegistryHandsOutOneIdPerMethodAndStopsAtItsCap() {
        MethodRegistry small = new MethodRegistry(2);
        int a = small.register(new MethodKey("a.B", "a", "()V"));

        assertEquals(a, small.register(new MethodKey("a.B", "a", "()V")));
        assertEquals(1, small.register(new MethodKey("a.B", "b", "()V")));
        assertEquals(MethodRegistry.FULL, small.register(new MethodKey("a.B", "c", "()V")));
        assertTrue(small.capReached());
    }
}
