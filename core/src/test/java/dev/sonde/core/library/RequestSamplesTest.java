package dev.sonde.core.library;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sonde.core.snapshot.CallTotals;
import dev.sonde.core.snapshot.Finding;
import dev.sonde.core.snapshot.HeldUp;
import dev.sonde.core.snapshot.HotMethod;
import dev.sonde.core.snapshot.HotMethods;
import dev.sonde.core.snapshot.RequestSnapshot;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestSamplesTest {

    private static final String[] REPORT_STACK = {"acc.Shop$Report", "acc.Shop$Report", "org.eclipse.jetty.Server"};
    private static final String[] REPORT_METHODS = {"crunch", "doGet", "handle"};

    /** The epoch time, in nanoseconds, of a {@code System.nanoTime()} reading, as JFR would date it. */
    private static long epochNanos(long nanoTime) {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano() - (System.nanoTime() - nanoTime);
    }

    @Test
    void aThreadsIntervalsTellWhichRequestItServedWhen() {
        RequestTimeline timeline = new RequestTimeline();
        long thread = Thread.currentThread().getId();
        assertTrue(!timeline.serves(thread));
        RequestTimeline.close(timeline.open(1_000, "GET /a"), 2_000, "GET /a/{id}"); // named by its route as it ended
        timeline.open(3_000, "GET /b");
        assertTrue(timeline.serves(thread));
        assertNull(timeline.at(thread, 999));
        assertEquals("GET /a/{id}", timeline.at(thread, 1_000));
        assertEquals("GET /a/{id}", timeline.at(thread, 2_000));
        assertNull(timeline.at(thread, 2_500), "between requests");
        assertEquals("GET /b", timeline.at(thread, 3_000));
        assertEquals("GET /b", timeline.at(thread, Long.MAX_VALUE - 1), "still open");
        assertNull(timeline.at(thread + 1_000_000, 3_000), "another thread");
    }

    @Test
    void aThreadsRingKeepsItsLastRequestsOnly() {
        RequestTimeline timeline = new RequestTimeline();
        long thread = Thread.currentThread().getId();
        for (int i = 0; i < RequestTimeline.PER_THREAD + 10; i++) {
            RequestTimeline.close(timeline.open(i * 10L, "GET /" + i), i * 10L + 5, "GET /" + i);
        }
        assertNull(timeline.at(thread, 50), "overwritten");
        assertEquals("GET /10", timeline.at(thread, 100));
        assertEquals(
                "GET /" + (RequestTimeline.PER_THREAD + 9),
                timeline.at(thread, (RequestTimeline.PER_THREAD + 9) * 10L + 3));
    }

    @Test
    void aRingOfAThreadThatEndedCanBeDroppedOnceItsLastRequestIsOldEnough() throws Exception {
        RequestTimeline timeline = new RequestTimeline();
        RequestTimeline.Ring[] ring = new RequestTimeline.Ring[1];
        Thread served = new Thread(new Runnable() {
            @Override
            public void run() {
                ring[0] = timeline.open(System.nanoTime(), "GET /once");
                RequestTimeline.close(ring[0], System.nanoTime(), "GET /once");
            }
        });
        served.start();
        served.join();
        long now = System.nanoTime();
        assertTrue(ring[0].endedBefore(now + 1), "ended, its last request before now");
        assertTrue(!ring[0].endedBefore(now - RequestTimeline.KEPT_AFTER_END_NANOS), "not that long ago");
        RequestTimeline.Ring mine = timeline.open(now, "GET /mine");
        assertTrue(!mine.endedBefore(now + 1_000_000_000L), "its thread lives");
    }

    @Test
    void samplesGoToTheRequestTheirThreadServedAndTheRestToTheOtherThreads() {
        RequestTimeline timeline = new RequestTimeline();
        RequestSamples samples = new RequestSamples(timeline, 20_000_000);
        long thread = Thread.currentThread().getId();
        long start = System.nanoTime();
        RequestTimeline.Ring ring = timeline.open(start, "GET /report");
        long inside = System.nanoTime();
        for (int i = 0; i < 8; i++) {
            samples.add(thread, epochNanos(inside), REPORT_STACK, REPORT_METHODS, new String[3], 3, false);
        }
        samples.add(
                thread,
                epochNanos(inside),
                new String[] {"acc.Shop$Report", "org.eclipse.jetty.Server"},
                new String[] {"doGet", "handle"},
                new String[2],
                2,
                false);
        RequestTimeline.close(ring, System.nanoTime(), "GET /report");
        long after = System.nanoTime() + 1_000_000_000L;
        samples.add(
                thread,
                epochNanos(after),
                new String[] {"org.eclipse.jetty.Idle"},
                new String[] {"poll"},
                new String[1],
                1,
                false);
        samples.add(
                thread + 1_000_000,
                epochNanos(inside),
                new String[] {"acc.Jobs"},
                new String[] {"run"},
                new String[1],
                1,
                false);
        samples.add(
                thread + 1_000_000,
                epochNanos(inside),
                new String[] {"jdk.jfr.internal.Parser", "dev.sonde.core.sample.JfrSampler$1"},
                new String[] {"read", "run"},
                new String[2],
                2,
                false);

        HotMethods hot = samples.snapshot();
        assertEquals(20_000_000, hot.periodNanos());
        assertEquals(10, hot.requestThreads().samples());
        assertEquals(1, hot.unplaced());
        assertEquals(1, hot.otherThreads().samples(), "the probe's own thread is left out");
        assertEquals("acc.Jobs#run", hot.otherThreads().methods().get(0).method());
        HotMethods.Part report = hot.byRequest().get("GET /report");
        assertEquals(9, report.samples());
        HotMethod first = report.methods().get(0);
        assertEquals("acc.Shop$Report#crunch", first.method());
        assertEquals(8, first.selfSamples());
        assertEquals(8, first.totalSamples());
        HotMethod doGet = report.methods().get(1);
        assertEquals("acc.Shop$Report#doGet", doGet.method());
        assertEquals(1, doGet.selfSamples());
        assertEquals(9, doGet.totalSamples());
    }

    @Test
    void aMethodRunningInMostOfARequestsSamplesIsAHotMethod() {
        Findings rules = new Findings(10, 50, 1_000_000, 5, 10, 10_000_000);
        HotMethods.Part report = new HotMethods.Part(
                100,
                List.of(
                        new HotMethod("acc.Shop$Report#crunch", 80, 80),
                        new HotMethod("acc.Shop$Report#doGet", 5, 100)));
        HotMethods.Part spread = new HotMethods.Part(
                100, List.of(new HotMethod("org.h2.Index#find", 30, 30), new HotMethod("acc.Shop#items", 10, 100)));
        HotMethods.Part few = new HotMethods.Part(19, List.of(new HotMethod("acc.Shop#rare", 19, 19)));
        HotMethods hot = new HotMethods(
                20_000_000,
                new HotMethods.Part(219, List.of(new HotMethod("acc.Shop$Report#crunch", 80, 80))),
                new HotMethods.Part(0, List.of()),
                0,
                java.util.Map.of("GET /report", report, "GET /items/{id}", spread, "GET /rare", few));
        List<Finding> found = rules.hot(hot, 40);
        assertEquals(1, found.size(), found.toString());
        Finding finding = found.get(0);
        assertEquals("hot-method", finding.kind());
        assertEquals("GET /report", finding.request());
        assertEquals("acc.Shop$Report#crunch", finding.target());
        assertEquals(80 * 20_000_000L, finding.impactNanos());
        assertEquals(0.8, finding.share(), 1e-9);
        assertEquals(
                "acc.Shop$Report#crunch ran its own code in 80 % of GET /report's samples (80 of 100, about 1.60 s):"
                        + " time it with --time 'acc.Shop$Report#crunch', or follow each instruction with sonde trace"
                        + " --bytecode 'acc.Shop$Report#crunch'.",
                finding.detail());

        // program-wide, when no request name has it
        HotMethods wide = new HotMethods(
                20_000_000,
                new HotMethods.Part(100, List.of(new HotMethod("acc.Shop#hash", 50, 50))),
                new HotMethods.Part(0, List.of()),
                100,
                java.util.Map.of());
        List<Finding> program = rules.hot(wide, 40);
        assertEquals(1, program.size());
        assertNull(program.get(0).request());
        assertTrue(
                program.get(0).detail().contains(" of the request threads' samples (50 of 100"),
                program.get(0).detail());
    }

    @Test
    void spellsHeldUpGoToTheRequestTheirThreadServedBlockedOnLocksOrWaiting() {
        RequestTimeline timeline = new RequestTimeline();
        RequestSamples samples = new RequestSamples(timeline, 20_000_000);
        long thread = Thread.currentThread().getId();
        RequestTimeline.Ring ring = timeline.open(System.nanoTime(), "POST /transfer");
        long inside = System.nanoTime();
        samples.heldUp(thread, epochNanos(inside), 15_000_000, true, "acc.Shop$Ledger");
        samples.heldUp(
                thread, epochNanos(inside), 5_000_000, true, "java.util.concurrent.locks.ReentrantLock$NonfairSync");
        samples.heldUp(thread, epochNanos(inside), 12_000_000, true, "acc.Shop$Ledger");
        samples.heldUp(thread, epochNanos(inside), 10_000_000, false, null);
        RequestTimeline.close(ring, System.nanoTime(), "POST /transfer");
        samples.heldUp(
                thread,
                epochNanos(System.nanoTime() + 1_000_000_000L),
                900_000_000,
                false,
                null); // idle, between requests
        samples.heldUp(thread + 1_000_000, epochNanos(inside), 30_000_000, true, "acc.Shop$Ledger"); // the auditor's

        HeldUp held = samples.snapshot().heldUp().get("POST /transfer");
        assertEquals(3, held.blockedEvents());
        assertEquals(32_000_000, held.blockedNanos());
        assertEquals(1, held.waitedEvents());
        assertEquals(10_000_000, held.waitedNanos());
        assertEquals("acc.Shop$Ledger", held.locks().get(0).className());
        assertEquals(2, held.locks().get(0).events());
        assertEquals(27_000_000, held.locks().get(0).totalNanos());

        Findings rules = new Findings(10, 50, 1_000_000, 5, 10, 10_000_000);
        RequestSnapshot transfer = new RequestSnapshot(
                "POST /transfer",
                false,
                2,
                0,
                50_000_000,
                25_000_000,
                25_000_000,
                25_000_000,
                25_000_000,
                CallTotals.NONE,
                CallTotals.NONE,
                CallTotals.NONE,
                CallTotals.NONE,
                CallTotals.NONE,
                CallTotals.NONE,
                List.of(),
                List.of(),
                null,
                0);
        List<Finding> found = rules.heldUp(samples.snapshot(), List.of(transfer), 20);
        assertEquals(1, found.size());
        assertEquals("lock-contention", found.get(0).kind());
        assertEquals("acc.Shop$Ledger", found.get(0).target());
        assertEquals(32_000_000, found.get(0).impactNanos());
        assertEquals(0.64, found.get(0).share(), 1e-9);
        assertEquals(
                "POST /transfer spent 64 % of its time blocked on locks, 16.0 ms a request on average, 27.0 ms of"
                        + " it in 2 waits on acc.Shop$Ledger: hold it for less (no I/O while holding it), or split it.",
                found.get(0).detail());
        // under the share, or the minimum a request: none
        assertEquals(List.of(), rules.heldUp(samples.snapshot(), List.of(transfer), 65));
        assertEquals(
                List.of(),
                new Findings(10, 50, 20_000_000, 5, 10, 10_000_000).heldUp(samples.snapshot(), List.of(transfer), 20));
    }
}
