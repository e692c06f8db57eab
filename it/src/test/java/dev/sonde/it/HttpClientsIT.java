package dev.sonde.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The {@code jdk-httpclient} and {@code httpurlconnection} units, with {@code jdk-httpserver}: the test
 * suite's {@code acc.HttpCalls}, a service calling itself over loopback with the JDK's two clients, sync
 * and async, on every JDK found. Each call once, by method, host:port and path pattern, inside the
 * request that made it; a refused call and a status of 500 errors, a 404 not; no query string.
 */
class HttpClientsIT {

    @TempDir
    Path temp;

    @ParameterizedTest
    @MethodSource("dev.sonde.it.TimingIT#jdks")
    void eachOutgoingCallIsCountedOnceByMethodHostAndPathInTheRequestThatMadeIt(Jdks.Jdk jdk) throws Exception {
        Run run = Run.probedOn(
                        jdk,
                        temp.resolve("reports"),
                        "instrument=jdk-httpclient;httpurlconnection;jdk-httpserver",
                        Run.CLASSES.toString(),
                        "acc.HttpCalls")
                .run();

        assertEquals(0, run.exitCode, run.stderr);
        assertTrue(run.stdout.contains("statuses: 200 200 200 200 500 404 refused"), run.stdout);
        Matcher ports = Pattern.compile("ports: (\\d+) (\\d+)").matcher(run.stdout);
        assertTrue(ports.find(), run.stdout);
        String server = "127.0.0.1:" + ports.group(1);
        String closed = "127.0.0.1:" + ports.group(2);
        JsonNode report = run.report();
        assertEquals(
                List.of(
                        "GET /async count=1 errors=0 sql=0 http=1",
                        "GET /broken count=1 errors=1 sql=0",
                        "GET /pages/{id} count=3 errors=0 sql=0 http=9",
                        "GET /stock/{id} count=10 errors=0 sql=0"),
                Run.requests(report),
                run.stderr);
        List<String> calls = new ArrayList<>(List.of(
                "GET " + closed + "/ count=1 errors=1",
                "GET " + server + "/async count=1 errors=0",
                "GET " + server + "/broken count=1 errors=1",
                "GET " + server + "/missing count=1 errors=0",
                "GET " + server + "/pages/{id} count=3 errors=0",
                "GET " + server + "/stock/{id} count=10 errors=0"));
        calls.sort(null);
        assertEquals(calls, Run.statements(report, "http"), run.stderr);
        for (JsonNode request : report.get("requests")) {
            String name = request.get("name").asText();
            if (name.equals("GET /pages/{id}")) {
                // two through HttpClient, one through HttpURLConnection: one text, one folded node
                assertEquals(
                        List.of("http GET " + server + "/stock/{id} x3"),
                        Run.calls(request.get("slowest").get(0)));
            }
            if (name.equals("GET /async")) {
                assertEquals(
                        List.of("http GET " + server + "/stock/{id} x1"),
                        Run.calls(request.get("slowest").get(0)));
            }
        }
        assertFalse(report.toString().contains("secret"), "no query string is kept");
        assertTrue(run.stderr.contains("http/req"), run.stderr);
        assertFalse(run.stderr.contains("could not weave"), run.stderr);
    }
}
