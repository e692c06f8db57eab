package dev.sonde.core.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sonde.core.snapshot.MethodSnapshot;
import org.junit.jupiter.api.Test;

/** The figures kept per method: exact counts and extremes, percentiles within 1 %. */
class MethodStatsTest {

    private final MethodStats stats =
            new MethodStats(new MethodKey("a.B", "work", "()V"), new MethodStats.FlatBudget());

    @Test
    void durationsBeyondTheHistogramsRangeAreRecordedExactly() {
        long threeHours = 3L * 3600 * 1_000_000_000L;

        stats.record(threeHours, threeHours, false, false);
        stats.record(10, 10, false, false);

        MethodSnapshot w = stats.snapshot(0, 0, 0);
        assertEquals(2, w.count());
        assertEquals(threeHours + 10, w.totalNanos());
        assertEquals(threeHours, w.maxNanos());
        assertEquals(threeHours, w.p999Nanos(), "percentiles never exceed the exact maximum");
    }

    @Test
    void percentilesAreWithinOnePercentBeforeAndAfterTheHistogramTurnsFlat() {
        for (int i = 1; i <= 10_000; i++) {
            stats.record(i * 1_000L, i * 1_000L, false, false);
        }

        MethodSnapshot w = stats.snapshot(0, 0, 0);
        assertEquals(5_000_000, w.p50Nanos(), 50_000);
        assertEquals(9_000_000, w.p90Nanos(), 90_000);
        assertEquals(9_900_000, w.p99Nanos(), 99_000);
        assertEquals(9_990_000, w.p999Nanos(), 99_900);
        assertEquals(1_000, w.minNanos());
        assertEquals(10_000_000, w.maxNanos());
    }

    @Test
    void nestedCallsAddToCountAndSelfTimeButNotToTheTotal() {
        stats.record(100, 60, false, true); // the inner call of a recursion
        stats.record(150, 90, true, false); // the outer one: 150 in all, of which 100 inside the inner

        MethodSnapshot w = stats.snapshot(2, 40, 25);
        assertEquals(2, w.count());
        assertEquals(1, w.errors());
        assertEquals(150 + 40, w.totalNanos(), "outermost calls only, with the running ones so far");
        assertEquals(60 + 90 + 25, w.selfNanos());
        assertEquals(2, w.running());
        assertEquals(40, w.runningNanos());
    }

    @Test
    void aFewDurationsGiveExactPercentiles() {
        for (int i = 10; i >= 1; i--) {
            stats.record(i * 100L, i * 100L, false, false);
        }

        MethodSnapshot w = stats.snapshot(0, 0, 0);
        assertEquals(500, w.p50Nanos());
        assertEquals(900, w.p90Nanos());
        assertEquals(1000, w.p99Nanos());
        assertEquals(100, w.minNanos());
        assertEquals(5500, w.totalNanos());
    }

    @Test
    void theFirstDurationsGiveExactPercentilesUpToTheLastKept() {
        for (int i = MethodStats.EXACT_VALUES; i >= 1; i--) {
            stats.record(i * 100L, i * 100L, false, false);
        }

        MethodSnapshot w = stats.snapshot(0, 0, 0);
        assertFalse(stats.isFlat());
        assertEquals(MethodStats.EXACT_VALUES / 2 * 100, w.p50Nanos(), "nearest rank, exactly");
        assertEquals(254 * 100, w.p99Nanos());
        assertEquals(MethodStats.EXACT_VALUES * 100, w.maxNanos());
    }

    @Test
    void theFirstHalfOfTheFlatBudgetGoesToMethodsAsTheyOutgrowTheirExactValuesTheRestToMethodsThatTurnHot() {
        MethodStats.FlatBudget budget = new MethodStats.FlatBudget(MethodStats.MAX_FLAT / 2 + 1);
        MethodStats first = new MethodStats(new MethodKey("a.B", "first", "()V"), budget);
        MethodStats second = new MethodStats(new MethodKey("a.B", "second", "()V"), budget);

        for (int i = 0; i <= MethodStats.EXACT_VALUES; i++) {
            first.record(1_000 + i, 1_000, false, false);
            second.record(1_000 + i, 1_000, false, false);
        }
        assertTrue(first.isFlat(), "flat while the first half of the budget lasts");
        assertFalse(second.isFlat(), "packed once only the second half is left");

        for (int i = MethodStats.EXACT_VALUES + 1; i <= MethodStats.HOT_CALLS; i++) {
            second.record(1_000 + i % 500, 1_000, false, false);
        }
        assertTrue(second.isFlat(), "a hot method takes from the second half");
        MethodSnapshot w = second.snapshot(0, 0, 0);
        assertEquals(MethodStats.HOT_CALLS + 1, w.count());
        assertEquals(1_000, w.minNanos());
        assertEquals(1_499, w.p999Nanos(), 15);
    }
}
