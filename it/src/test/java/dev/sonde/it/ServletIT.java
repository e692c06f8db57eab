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
 * The {@code servlet} unit with the {@code jdbc} unit on embedded Tomcat, the oldest and newest supported:
 * Tomcat 9 ({@code javax.servlet}) and Tomcat 11 ({@code jakarta.servlet}), each running the shop of
 * {@code servlet-shop/ServletShop.java} (compiled here against each), which sends itself a known mix of
 * requests through a filter and servlets backed by H2; on every JDK found.
 */
class ServletIT {

    private static final Path LIBS = Path.of(System.getProperty("sonde.it.libs"));

    @TempDir
    Path temp;

    static Stream<Arguments> setups() {
        List<Arguments> setups = new ArrayList<>();
        for (Jdks.Jdk jdk : Jdks.all()) {
            setups.add(Arguments.of(jdk, "9.0.112", "javax"));
            setups.add(Arguments.of(jdk, "11.0.29", "jakarta"));
        }
        return setups.stream();
    }

    /** The shop compiled against this Tomcat, in its servlet API's package; its class path to run it with. */
    private String compiledShop(String tomcat, String api) throws Exception {
        String libraries = LIBS.resolve("tomcat-embed-core-" + tomcat + ".jar")
                + File.pathSeparator
                + LIBS.resolve("tomcat-annotations-api-" + tomcat + ".jar")
                + File.pathSeparator
                + LIBS.resolve("h2-2.5.252.jar");
        return Run.compiled(
                temp.resolve(api), "servlet-shop/ServletShop.java", libraries, "jakarta.servlet", api + ".servlet");
    }

    @ParameterizedTest
    @MethodSource("setups")
    void eachServletRequestIsCountedOnceByNameWithItsErrorsAndTheSqlItRan(Jdks.Jdk jdk, String tomcat, String api)
            throws Exception {
        String classPath = compiledShop(tomcat, api);
        Path reports = temp.resolve("reports");
        Run run = Run.probedOn(jdk, reports, "instrument=jdbc;servlet", classPath, "acc.ServletShop")
                .run();

        assertEquals(0, run.exitCode, run.stderr);
        assertTrue(
                run.stdout.contains("statuses: 200 200 200 200 200 200 200 200 200 200 200 201 201 201 500 500 500"),
                run.stdout);
        Matcher boom = Pattern.compile("boom handled: (\\d+)").matcher(run.stdout);
        assertTrue(boom.find(), run.stdout);
        int booms = Integer.parseInt(boom.group(1));
        JsonNode report = run.report();
        List<String> requests = Run.requests(report);
        assertEquals(
                List.of(
                        "GET /boom count=" + booms + " errors=" + booms + " sql=0",
                        "GET /fail count=2 errors=2 sql=2",
                        "GET /items/{id} count=11 errors=0 sql=33",
                        "POST /orders count=3 errors=0 sql=6"),
                requests,
                run.stderr);
        assertFalse(report.toString().contains("secret"), "no query string is kept");
        assertFalse(run.stderr.contains("could not weave"), run.stderr);
    }
}
