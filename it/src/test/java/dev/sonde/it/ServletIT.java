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
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The {@code servlet} unit with the {@code jdbc} unit on embedded Tomcat 9 ({@code javax.servlet}) and 11
 * ({@code jakarta.servlet}) and Jetty 12 (ee10), each running the shop of {@code
 * servlet-shop/ServletShop.java} (compiled here against each, with its container's launcher), which sends
 * itself a known mix of requests through a filter and servlets backed by H2; on every JDK found.
 */
class ServletIT {

    @TempDir
    Path temp;

    private static final List<String> TOMCAT_9 = List.of("tomcat-embed-core-9.0.112", "tomcat-annotations-api-9.0.112");
    private static final List<String> TOMCAT_11 =
            List.of("tomcat-embed-core-11.0.29", "tomcat-annotations-api-11.0.29");
    private static final List<String> JETTY_12 = List.of(
            "jetty-ee10-servlet-12.1.14",
            "jakarta.servlet-api-6.0.0",
            "jetty-security-12.1.14",
            "jetty-server-12.1.14",
            "jetty-http-12.1.14",
            "jetty-util-12.1.14",
            "jetty-io-12.1.14",
            "jetty-session-12.1.14",
            "slf4j-api-2.0.17");

    static Stream<Arguments> setups() {
        List<Arguments> setups = new ArrayList<>();
        for (Jdks.Jdk jdk : Jdks.all()) {
            setups.add(Arguments.of(jdk, "TomcatShop", TOMCAT_9, "javax"));
            setups.add(Arguments.of(jdk, "TomcatShop", TOMCAT_11, "jakarta"));
            setups.add(Arguments.of(jdk, "JettyShop", JETTY_12, "jakarta"));
        }
        return setups.stream();
    }

    /** The shop and its container's launcher compiled against these jars, in the servlet API's package. */
    private String compiledShop(String launcher, List<String> jars, String api) throws Exception {
        List<String> all = new ArrayList<>(jars);
        all.add("h2-2.5.252");
        String libraries = Run.libraries(all);
        return Run.compiled(
                temp.resolve(launcher + "-" + api),
                List.of("servlet-shop/ServletShop.java", "servlet-shop/" + launcher + ".java"),
                libraries,
                "jakarta.servlet",
                api + ".servlet");
    }

    @ParameterizedTest
    @MethodSource("setups")
    void eachServletRequestIsCountedOnceByNameWithItsErrorsAndTheSqlItRan(
            Jdks.Jdk jdk, String launcher, List<String> jars, String api) throws Exception {
        String classPath = compiledShop(launcher, jars, api);
        Path reports = temp.resolve("reports");
        Run run = Run.probedOn(jdk, reports, "instrument=jdbc;servlet;executors", classPath, "acc." + launcher)
                .run();

        assertEquals(0, run.exitCode, run.stderr);
        assertTrue(
                run.stdout.contains(
                        "statuses: 200 200 200 200 200 200 200 200 200 200 200 201 201 201 200 200 200 500 500 500"),
                run.stdout);
        Matcher boom = Pattern.compile("boom handled: (\\d+)").matcher(run.stdout);
        assertTrue(boom.find(), run.stdout);
        int booms = Integer.parseInt(boom.group(1));
        JsonNode report = run.report();
        List<String> requests = Run.requests(report);
        assertEquals(
                List.of(
                        "GET /async/{id} count=2 errors=0 sql=2",
                        "GET /boom count=" + booms + " errors=" + booms + " sql=0",
                        "GET /fail count=2 errors=2 sql=2",
                        "GET /items/{id} count=11 errors=0 sql=33",
                        "GET /later/{id} count=1 errors=0 sql=3",
                        "POST /orders count=3 errors=0 sql=6"),
                requests,
                run.stderr);
        for (JsonNode request : report.get("requests")) {
            if (request.get("name").asText().equals("GET /async/{id}")) {
                assertTrue(
                        request.get("p50Nanos").asLong() >= 50_000_000L,
                        "an asynchronous request ends as it completes, 50 ms after its thread returned: " + request);
                assertEquals(
                        List.of("sql SELECT stock FROM item WHERE id = ? x1"),
                        Run.calls(request.get("slowest").get(0)));
            }
        }
        assertFalse(report.toString().contains("secret"), "no query string is kept");
        assertFalse(run.stderr.contains("could not weave"), run.stderr);
    }
}
