package dev.sonde.core.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The report's start time reads exactly as {@link Instant#toString()} writes it. */
class JsonReportTimeTest {

    @Test
    void startTimeIsWrittenAsTheJdkWritesAnInstant() {
        long[][] cases = {
            {0, 0},
            {60, 0},
            {3600, 0},
            {59, 0},
            {0, 1},
            {0, 1_000},
            {0, 1_000_000},
            {0, 120_000_000},
            {1_796_188_013, 999_999_999},
            {1_796_188_020, 0},
            {-1, 0},
            {253_402_300_799L, 0}
        };
        for (long[] c : cases) {
            Instant instant = Instant.ofEpochSecond(c[0], c[1]);
            assertEquals(instant.toString(), JsonReport.iso(instant), "for " + c[0] + "s " + c[1] + "ns");
        }
        Random random = new Random(7);
        for (int i = 0; i < 10_000; i++) {
            long seconds = random.nextLong() % 253_402_300_800L;
            int nanos = random.nextInt(4) == 0 ? 0 : random.nextInt(1_000_000_000);
            if (random.nextBoolean()) {
                nanos -= nanos % 1_000_000;
            }
            Instant instant = Instant.ofEpochSecond(seconds - seconds % (random.nextBoolean() ? 60 : 1), nanos);
            assertEquals(instant.toString(), JsonReport.iso(instant));
        }
    }
}
