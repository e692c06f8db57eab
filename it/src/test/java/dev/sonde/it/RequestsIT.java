package dev.sonde.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The {@code jdk-httpserver} unit with the {@code jdbc} unit, on a real server and a real database: the JDK's
 * HTTP server on a loopback port, H2 in memory (acc.HttpShop, which sends a known mix of requests to
 * itself). Each request is one, named by method and path with identifiers as {id}, with its errors and
 * the SQL it ran; on every JDK found.
 */
class RequestsIT {

    private static final Path LIBS = Path.of(System.getProperty("sonde.it.libs"));

    @TempDir
    Path temp;

    private Run shop(Jdks.Jdk jdk, String units) {
        Path reports = temp.resolve("reports");
        return Run.probedOn(
                        jdk,
                        reports,
                        "instrument=" + units,
                        Run.CLASSES + File.pathSeparator + LIBS.resolve("h2-2.5.252.jar"),
                        "acc.HttpShop")
                .run();
    }

    @ParameterizedTest
    @MethodSource("dev.sonde.it.TimingIT#jdks")
    void aTimedMethodIsANodeOfItsRequestsTreeWithTheStatementsItRanBeneathIt(Jdks.Jdk jdk) throws Exception {
        Run run = shop(jdk, "jdbc;jdk-httpserver,time=acc.HttpShop#count");
        assertEquals(0, run.exitCode, run.stderr);
        JsonNode items = null;
        for (JsonNode request : run.report().get("requests")) {
            if (request.get("name").asText().equals("GET /items/{id}")) {
                items = request;
            }
        }
        assertEquals(33, items.get("methods").get("count").asLong(), "three calls of count() a request");
        assertTrue(items.get("methods").get("totalNanos").asLong()
                <= items.get("totalNanos").asLong());
        JsonNode count = items.get("slowest").get(0).get("calls").get(0);
        assertEquals(
                "method acc.HttpShop#count x3",
                count.get("kind").asText() + " " + count.get("name").asText() + " x"
                        + count.get("count").asLong());
        List<String> beneath = new ArrayList<>();
        for (JsonNode call : count.get("children")) {
            beneath.add(call.get("kind").asText() + " " + call.get("name").asText() + " x" + call.get("count"));
        }
        assertEquals(
                List.of(
                        "sql SELECT COUNT(*) FROM item WHERE id = ? x1",
                        "sql SELECT stock FROM item WHERE id = ? x1",
                        "sql SELECT COUNT(*) FROM orders WHERE item = ? x1"),
                beneath,
                "the three calls folded into one node, the statements each ran beneath it");
        assertEquals(1, items.get("slowest").get(0).get("calls").size(), run.stderr);
        assertTrue(run.stderr.contains("method: acc.HttpShop#count"), run.stderr);
        assertTrue(run.stderr.contains("    sql: SELECT stock FROM item WHERE id = ?"), run.stderr);
    }

    @ParameterizedTest
    @MethodSource("dev.sonde.it.TimingIT#jdks")
    void anEntryPointIsARequestNamedAfterItsMethodAndOneInsideARequestIsPartOfIt(Jdks.Jdk jdk) throws Exception {
        Run nested = shop(jdk, "jdbc;jdk-httpserver,entry=acc.HttpShop$Items#handle;acc.HttpShop#count");
        assertEquals(0, nested.exitCode, nested.stderr);
        int booms = booms(nested);
        assertEquals(
                List.of(
                        "GET /boom count=" + booms + " errors=" + booms + " sql=0",
                        "GET /fail count=2 errors=2 sql=2",
                        "GET /items/{id} count=11 errors=0 sql=33",
                        "POST /orders count=3 errors=0 sql=6"),
                requests(nested.report()),
                "the entry points all run inside the server's requests: " + nested.stderr);

        Files.delete(onlyReport(nested));
        Run entries = shop(jdk, "jdbc,entry=acc.HttpShop#count");
        assertEquals(0, entries.exitCode, entries.stderr);
        assertEquals(
                List.of("acc.HttpShop#count count=35 errors=0 sql=35"), requests(entries.report()), entries.stderr);
    }

    @ParameterizedTest
    @MethodSource("dev.sonde.it.TimingIT#jdks")
    void theSqlOfWorkHandedToOtherThreadsCountsTowardTheRequestThatHandedItOn(Jdks.Jdk jdk) throws Exception {
        Path reports = temp.resolve("reports");
        String classPath = Run.CLASSES + File.pathSeparator + LIBS.resolve("h2-2.5.252.jar");
        Run followed = Run.probedOn(
                        jdk, reports, "instrument=jdbc;executors,entry=acc.PoolShop#handle", classPath, "acc.PoolShop")
                .run();
        assertEquals(0, followed.exitCode, followed.stderr);
        assertTrue(followed.stdout.contains("statements a request: " + (jdk.major() >= 21 ? 8 : 7)), followed.stdout);
        // its own, a pool's execute of a lambda and its submit, a scheduled pool's schedule and execute, a
        // CompletableFuture on the pool and on the common pool, and from JDK 21 on a virtual thread's of
        // newVirtualThreadPerTaskExecutor
        assertEquals(
                List.of("acc.PoolShop#handle count=3 errors=0 sql=" + (jdk.major() >= 21 ? 24 : 21)),
                requests(followed.report()),
                followed.stderr);
        assertFalse(followed.stderr.contains("could not"), followed.stderr);

        Files.delete(onlyReport(followed));
        Run alone = Run.probedOn(jdk, reports, "instrument=jdbc,entry=acc.PoolShop#handle", classPath, "acc.PoolShop")
                .run();
        assertEquals(
                List.of("acc.PoolShop#handle count=3 errors=0 sql=3"),
                requests(alone.report()),
                "without the executors unit, only the request's own thread: " + alone.stderr);
    }

    @ParameterizedTest
    @MethodSource("dev.sonde.it.TimingIT#jdks")
    void theServerUnitWeavesTheJdksFilterChainOnlyNotThePrograms(Jdks.Jdk jdk) {
        Run run = shop(jdk, "jdk-httpserver,verbose=true");
        assertEquals(0, run.exitCode, run.stderr);
        assertTrue(run.stderr.contains("[sonde] wove 1 scope(s) into com.sun.net.httpserver.Filter$Chain"), run.stderr);
        assertFalse(run.stderr.contains("scope(s) into acc."), run.stderr);
        assertFalse(run.stderr.contains("scope(s) into sun."), run.stderr);
    }

    @ParameterizedTest
    @MethodSource("dev.sonde.it.TimingIT#jdks")
    void aLambdaHandlerWhichNoAgentCanWeaveServesRequestsAllTheSame(Jdks.Jdk jdk) throws Exception {
        Run run = Run.probedOn(
                        jdk,
                        temp.resolve("reports"),
                        "instrument=jdk-httpserver",
                        Run.CLASSES.toString(),
                        "acc.LambdaHello")
                .run();
        assertEquals(0, run.exitCode, run.stderr);
        assertTrue(run.stdout.contains("statuses: 200 200 200"), run.stdout);
        assertEquals(List.of("GET /hello/{id} count=3 errors=0 sql=0"), requests(run.report()), run.stderr);
    }

    private static int booms(Run run) {
        Matcher boom = Pattern.compile("boom handled: (\\d+)").matcher(run.stdout);
        assertTrue(boom.find(), run.stdout);
        return Integer.parseInt(boom.group(1));
    }

    private static List<String> requests(JsonNode report) {
        return Run.requests(report);
    }

    @ParameterizedTest
    @MethodSource("dev.sonde.it.TimingIT#jdks")
    void everyUnitOnAtOnceCountsTheSameAndLeavesTheProgramAsItWas(Jdks.Jdk jdk) throws Exception {
        Run run = shop(jdk, "all");
        assertEquals(0, run.exitCode, run.stderr);
        assertTrue(
                run.stdout.contains("statuses: 200 200 200 200 200 200 200 200 200 200 200 201 201 201 500 500 closed"),
                run.stdout);
        int booms = booms(run);
        assertEquals(
                List.of(
                        "GET /boom count=" + booms + " errors=" + booms + " sql=0",
                        "GET /fail count=2 errors=2 sql=2",
                        "GET /items/{id} count=11 errors=0 sql=33",
                        "POST /orders count=3 errors=0 sql=6"),
                requests(run.report()),
                run.stderr);
        // the client's own calls to the server, through HttpURLConnection, are outgoing calls too
        assertEquals(
                17,
                Run.statements(run.report(), "http").stream()
                        .mapToInt(row -> count(row))
                        .sum(),
                run.stderr);
        assertFalse(run.stderr.contains("could not"), run.stderr);
    }

    /** The count of a statement row of {@link Run#statements}. */
    private static int count(String row) {
        Matcher count = Pattern.compile(" count=(\\d+) ").matcher(row);
        assertTrue(count.find(), row);
        return Integer.parseInt(count.group(1));
    }

    @ParameterizedTest
    @MethodSource("dev.sonde.it.TimingIT#jdks")
    void eachRequestIsCountedOnceByNameWithItsErrorsAndTheSqlItRan(Jdks.Jdk jdk) throws Exception {
        Run run = shop(jdk, "jdbc;jdk-httpserver");

        assertEquals(0, run.exitCode, run.stderr);
        assertTrue(
                run.stdout.contains("statuses: 200 200 200 200 200 200 200 200 200 200 200 201 201 201 500 500 closed"),
                run.stdout);
        int booms = booms(run);
        JsonNode report = run.report();
        assertEquals(
                List.of(
                        "GET /boom count=" + booms + " errors=" + booms + " sql=0",
                        "GET /fail count=2 errors=2 sql=2",
                        "GET /items/{id} count=11 errors=0 sql=33",
                        "POST /orders count=3 errors=0 sql=6"),
                requests(report),
                run.stderr);
        for (JsonNode request : report.get("requests")) {
            String name = request.get("name").asText();
            JsonNode slowest = request.get("slowest");
            assertEquals(Math.min(5, request.get("count").asInt()), slowest.size(), name);
            for (int i = 1; i < slowest.size(); i++) {
                assertTrue(slowest.get(i - 1).get("durationNanos").asLong()
                        >= slowest.get(i).get("durationNanos").asLong());
            }
            if (name.equals("GET /items/{id}")) {
                List<String> calls = Run.calls(slowest.get(0));
                assertEquals(
                        List.of(
                                "sql SELECT COUNT(*) FROM item WHERE id = ? x1",
                                "sql SELECT stock FROM item WHERE id = ? x1",
                                "sql SELECT COUNT(*) FROM orders WHERE item = ? x1"),
                        calls);
                assertEquals(200, slowest.get(0).get("status").asInt());
                assertEquals(0, request.get("failed").size());
            }
            if (name.equals("GET /fail")) {
                assertEquals(2, request.get("failed").size());
                assertEquals(500, request.get("failed").get(0).get("status").asInt());
                assertTrue(request.get("failed").get(0).get("error").isNull());
            }
            if (name.equals("GET /boom")) {
                assertEquals(Math.min(5, booms), request.get("failed").size());
                assertEquals(
                        "java.lang.IllegalStateException: planned: the handler throws",
                        request.get("failed").get(0).get("error").asText());
            }
        }
        assertTrue(run.stderr.contains("slowest GET /items/{id}: "), run.stderr);
        List<String> ranUnder = new ArrayList<>();
        for (JsonNode statement : report.get("statements")) {
            ranUnder.add(statement.get("text").asText() + " " + statement.get("requests"));
        }
        ranUnder.sort(null);
        assertEquals(
                List.of(
                        "CREATE TABLE item (id INT PRIMARY KEY, name VARCHAR(?), stock INT) []",
                        "CREATE TABLE orders (item INT, quantity INT) []",
                        "INSERT INTO item VALUES (?) []",
                        "INSERT INTO orders VALUES (?) [\"POST /orders\"]",
                        "SELECT COUNT(*) FROM item WHERE id = ? [\"GET /fail\",\"GET /items/{id}\"]",
                        "SELECT COUNT(*) FROM orders WHERE item = ? [\"GET /items/{id}\"]",
                        "SELECT stock FROM item WHERE id = ? [\"GET /items/{id}\"]",
                        "UPDATE item SET stock = stock - ? WHERE id = ? [\"POST /orders\"]"),
                ranUnder);
        String json = Files.readString(onlyReport(run));
        assertFalse(json.contains("secret"), "no query string is kept");
        assertFalse(json.contains("426614174000"), "no identifier is kept");
        assertTrue(run.stderr.contains("GET /items/{id}     11       0"), run.stderr);
    }

    @ParameterizedTest
    @MethodSource("dev.sonde.it.TimingIT#jdks")
    void withoutTheJdbcUnitRequestsAreStillNamedAndCounted(Jdks.Jdk jdk) throws Exception {
        Run run = shop(jdk, "jdk-httpserver");

        assertEquals(0, run.exitCode, run.stderr);
        int booms = booms(run);
        JsonNode report = run.report();
        assertEquals(
                List.of(
                        "GET /boom count=" + booms + " errors=" + booms + " sql=0",
                        "GET /fail count=2 errors=2 sql=0",
                        "GET /items/{id} count=11 errors=0 sql=0",
                        "POST /orders count=3 errors=0 sql=0"),
                requests(report),
                run.stderr);
        assertEquals(0, report.get("statements").size());
    }

    private static Path onlyReport(Run run) throws Exception {
        try (var files = Files.list(run.reportDir)) {
            List<Path> reports = files.filter(
                            file -> file.getFileName().toString().endsWith(".json"))
                    .toList();
            assertEquals(1, reports.size(), reports.toString());
            return reports.get(0);
        }
    }
}
