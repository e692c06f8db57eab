package dev.sonde.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The {@code apache-httpclient} and {@code okhttp} units, with {@code jdk-httpserver}: the test suite's
 * {@code acc.ClientShop}, a service calling itself through the library, with the oldest and newest
 * versions supported (Apache HttpClient 4.3.6 and 4.5.14, 5.0.4 and 5.6.5; OkHttp 3.0.0 and 5.5.1), on
 * every JDK found. Each call once, by method, host:port and path pattern, inside the request that made
 * it; a refused call and a 500 errors, a 404 not; no query string.
 */
class HttpLibrariesIT {

    @TempDir
    Path temp;

    static Stream<Arguments> setups() {
        List<Arguments> setups = new ArrayList<>();
        for (Jdks.Jdk jdk : Jdks.all()) {
            setups.add(Arguments.of(
                    jdk,
                    "apache-httpclient",
                    "Apache4",
                    List.of("httpclient-4.3.6", "httpcore-4.3.3", "commons-logging-1.1.3", "commons-codec-1.6")));
            setups.add(Arguments.of(
                    jdk,
                    "apache-httpclient",
                    "Apache4",
                    List.of("httpclient-4.5.14", "httpcore-4.4.16", "commons-logging-1.2", "commons-codec-1.11")));
            setups.add(Arguments.of(
                    jdk,
                    "apache-httpclient",
                    "Apache5",
                    List.of(
                            "httpclient5-5.0.4",
                            "httpcore5-5.0.4",
                            "httpcore5-h2-5.0.4",
                            "commons-codec-1.15",
                            "slf4j-api-2.0.17")));
            setups.add(Arguments.of(
                    jdk,
                    "apache-httpclient",
                    "Apache5",
                    List.of("httpclient5-5.6.5", "httpcore5-5.4.4", "httpcore5-h2-5.4.4", "slf4j-api-2.0.17")));
            setups.add(Arguments.of(jdk, "okhttp", "OkHttp", List.of("okhttp-3.0.0", "okio-1.6.0")));
            setups.add(Arguments.of(
                    jdk, "okhttp", "OkHttp", List.of("okhttp-jvm-5.5.1", "okio-jvm-3.18.1", "kotlin-stdlib-2.1.21")));
            // enqueued: the call runs on the client's dispatcher pool, which the executors unit follows it to
            setups.add(Arguments.of(jdk, "okhttp;executors", "OkHttpAsync", List.of("okhttp-3.0.0", "okio-1.6.0")));
            setups.add(Arguments.of(
                    jdk,
                    "okhttp;executors",
                    "OkHttpAsync",
                    List.of("okhttp-jvm-5.5.1", "okio-jvm-3.18.1", "kotlin-stdlib-2.1.21")));
        }
        return setups.stream();
    }

    /** The client compiled against these jars; the class path to run the shop with it. */
    private String compiledClient(String client, List<String> jars) throws Exception {
        return Run.compiled(
                temp, "http-clients/" + client + ".java", Run.CLASSES + File.pathSeparator + Run.libraries(jars));
    }

    @ParameterizedTest
    @MethodSource("setups")
    void eachCallIsCountedOnceByMethodHostAndPathInTheRequestThatMadeIt(
            Jdks.Jdk jdk, String unit, String client, List<String> jars) throws Exception {
        Run run = Run.probedOn(
                        jdk,
                        temp.resolve("reports"),
                        "instrument=" + unit + ";jdk-httpserver",
                        compiledClient(client, jars),
                        "acc.ClientShop",
                        "acc." + client)
                .run();

        assertEquals(0, run.exitCode, run.stderr);
        assertTrue(run.stdout.contains("statuses: 200 200 200 500 404 refused"), run.stdout);
        Matcher ports = Pattern.compile("ports: (\\d+) (\\d+)").matcher(run.stdout);
        assertTrue(ports.find(), run.stdout);
        String server = "127.0.0.1:" + ports.group(1);
        JsonNode report = run.report();
        assertEquals(
                List.of(
                        "GET /broken count=1 errors=1 sql=0",
                        "GET /pages/{id} count=3 errors=0 sql=0 http=6",
                        "GET /stock/{id} count=6 errors=0 sql=0"),
                Run.requests(report),
                run.stderr);
        List<String> calls = new ArrayList<>(List.of(
                "GET 127.0.0.1:" + ports.group(2) + "/ count=1 errors=1",
                "GET " + server + "/broken count=1 errors=1",
                "GET " + server + "/missing count=1 errors=0",
                "GET " + server + "/pages/{id} count=3 errors=0",
                "GET " + server + "/stock/{id} count=6 errors=0"));
        calls.sort(null);
        assertEquals(calls, Run.statements(report, "http"), run.stderr);
        for (JsonNode request : report.get("requests")) {
            if (request.get("name").asText().equals("GET /pages/{id}")) {
                assertEquals(
                        List.of("http GET " + server + "/stock/{id} x2"),
                        Run.calls(request.get("slowest").get(0)));
            }
        }
        assertFalse(report.toString().contains("secret"), "no query string is kept");
        assertFalse(run.stderr.contains("could not weave"), run.stderr);
    }
}
