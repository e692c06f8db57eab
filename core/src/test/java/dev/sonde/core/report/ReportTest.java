package dev.sonde.core.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sonde.core.record.MethodKey;
import dev.sonde.core.record.MethodSnapshot;
import java.io.IOException;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReportTest {

    private static final RunInfo RUN = new RunInfo(4242, "com.shop.Main --port 8080", "17.0.15",
            Instant.parse("2026-11-21T21:00:00Z"), 2_310_000_000L, false);
    private static final List<MethodSnapshot> METHODS = List.of(
            new MethodSnapshot(new MethodKey("com.shop.Cart", "add", "(Ljava/lang/String;I)V"), 1000, 0, 2_000_000, 900,
                    40_000, 1_800, 2_500, 9_000, 30_000),
            new MethodSnapshot(new MethodKey("com.shop.Cart", "checkout", "()J"), 10, 2, 3_000_000_000L, 100_000_000,
                    900_000_000, 250_000_000, 800_000_000, 900_000_000, 900_000_000));

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0 | 0 ns", "999 | 999 ns", "1000 | 1.00 µs", "12345 | 12.3 µs", "999999 | 1000 µs", "1500000 | 1.50 ms",
        "250000000 | 250 ms", "3000000000 | 3.00 s", "125000000000 | 125 s"})
    void durationsReadAsPeopleWriteThem(long nanos, String text) {
        assertEquals(text, Durations.format(nanos));
    }

    @Test
    void theTableIsSortedByTotalTimeAndAligned() {
        assertEquals(String.join("\n",
                "[sonde] pid 4242, com.shop.Main --port 8080, ran 2.31 s, 2 methods timed",
                "method                          count  errors    total     mean      p50      p99      max",
                "com.shop.Cart#checkout()           10       2   3.00 s   300 ms   250 ms   900 ms   900 ms",
                "com.shop.Cart#add(String, int)   1000       0  2.00 ms  2.00 µs  1.80 µs  9.00 µs  40.0 µs",
                ""), TextReport.render(RUN, METHODS, 30));
    }

    @Test
    void theTableStopsAtItsRowLimitAndSaysHowManyMore() {
        String table = TextReport.render(RUN, METHODS, 1);

        assertEquals(4, table.lines().count(), table);
        assertEquals("… and 1 more method in the JSON report (report.rows=1)", table.lines().reduce((a, b) -> b).get());
    }

    @Test
    void theJsonReportFollowsTheDocumentedSchema() throws IOException {
        StringWriter out = new StringWriter();
        JsonReport.write(RUN, METHODS, out);

        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertEquals(new ObjectMapper().readTree("""
                {"schema": "sonde-report/1", "pid": 4242, "command": "com.shop.Main --port 8080", "java": "17.0.15",
                 "startTime": "2026-11-21T21:00:00Z", "durationNanos": 2310000000, "maxMethodsReached": false,
                 "methods": [
                   {"class": "com.shop.Cart", "method": "checkout", "descriptor": "()J", "count": 10, "errors": 2,
                    "totalNanos": 3000000000, "minNanos": 100000000, "maxNanos": 900000000, "p50Nanos": 250000000,
                    "p90Nanos": 800000000, "p99Nanos": 900000000, "p999Nanos": 900000000},
                   {"class": "com.shop.Cart", "method": "add", "descriptor": "(Ljava/lang/String;I)V", "count": 1000,
                    "errors": 0, "totalNanos": 2000000, "minNanos": 900, "maxNanos": 40000, "p50Nanos": 1800,
                    "p90Nanos": 2500, "p99Nanos": 9000, "p999Nanos": 30000}]}
                """), json);
    }
}
