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
 * ({@code jakarta.servlet}), Jetty 12 (ee10) and Undertow 2.2 (javax) and 2.3 (jakarta), each running the shop of {@code
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

    private static final List<String> UNDERTOW_2_2 = List.of(
            "undertow-servlet-2.2.37.Final",
            "undertow-core-2.2.37.Final",
            "jboss-logging-3.4.1.Final",
            "xnio-api-3.8.16.Final",
            "wildfly-common-1.5.4.Final",
            "wildfly-client-config-1.0.1.Final",
            "xnio-nio-3.8.16.Final",
            "jboss-threads-3.1.0.Final",
            "jboss-servlet-api_4.0_spec-2.0.0.Final",
            "jboss-annotations-api_1.3_spec-2.0.1.Final");
    private static final List<String> UNDERTOW_2_3 = List.of(
            "undertow-servlet-2.3.26.Final",
            "undertow-core-2.3.26.Final",
            "jboss-logging-3.4.3.Final",
            "xnio-api-3.8.16.Final",
            "wildfly-common-1.5.4.Final",
            "wildfly-client-config-1.0.1.Final",
            "xnio-nio-3.8.16.Final",
            "jboss-threads-3.7.0.Final",
            "smallrye-common-annotation-2.6.0",
            "smallrye-common-constraint-2.6.0",
            "smallrye-common-cpu-2.6.0",
            "smallrye-common-function-2.6.0",
            "jakarta.servlet-api-6.0.0",
            "jakarta.annotation-api-2.1.1");

    static Stream<Arguments> setups() {
        List<Arguments> setups = new ArrayList<>();
        for (Jdks.Jdk jdk : Jdks.all()) {
            setups.add(Arguments.of(jdk, "TomcatShop", TOMCAT_9, "javax"));
            setups.add(Arguments.of(jdk, "TomcatShop", TOMCAT_11, "jakarta"));
            setups.add(Arguments.of(jdk, "JettyShop", JETTY_12, "jakarta"));
            setups.add(Arguments.of(jdk, "UndertowShop", UNDERTOW_2_2, "javax"));
            setups.add(Arguments.of(jdk, "UndertowShop", UNDERTOW_2_3, "jakarta"));
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

    private static final List<String> SPRING_5 = List.of(
            "spring-webmvc-5.3.39",
            "spring-web-5.3.39",
            "spring-context-5.3.39",
            "spring-beans-5.3.39",
            "spring-core-5.3.39",
            "spring-aop-5.3.39",
            "spring-expression-5.3.39",
            "spring-jcl-5.3.39");
    private static final List<String> SPRING_7 = List.of(
            "spring-webmvc-7.0.10",
            "spring-web-7.0.10",
            "spring-context-7.0.10",
            "spring-beans-7.0.10",
            "spring-core-7.0.10",
            "spring-aop-7.0.10",
            "spring-expression-7.0.10",
            "micrometer-observation-1.16.8",
            "micrometer-commons-1.16.8",
            "commons-logging-1.3.5",
            "jspecify-1.0.1");

    private static final List<String> JERSEY_2 = List.of(
            "jersey-container-servlet-2.47",
            "jersey-container-servlet-core-2.47",
            "jakarta.inject-2.6.1",
            "jersey-common-2.47",
            "jakarta.annotation-api-1.3.5",
            "osgi-resource-locator-1.0.3",
            "jersey-server-2.47",
            "jersey-client-2.47",
            "jakarta.validation-api-2.0.2",
            "jakarta.ws.rs-api-2.1.6",
            "jersey-hk2-2.47",
            "hk2-locator-2.6.1",
            "aopalliance-repackaged-2.6.1",
            "hk2-api-2.6.1",
            "hk2-utils-2.6.1",
            "javassist-3.30.2-GA");
    private static final List<String> JERSEY_4 = List.of(
            "jersey-container-servlet-4.0.2",
            "jakarta.inject-api-2.0.1",
            "jersey-common-4.0.2",
            "osgi-resource-locator-3.0.0",
            "jersey-server-4.0.2",
            "jersey-client-4.0.2",
            "jakarta.validation-api-3.1.0",
            "jakarta.ws.rs-api-4.0.0",
            "jersey-hk2-4.0.2",
            "hk2-locator-4.0.0-M3",
            "aopalliance-repackaged-4.0.0-M3",
            "hk2-api-4.0.0-M3",
            "hk2-utils-4.0.0-M3",
            "javassist-3.30.2-GA",
            "jakarta.xml.bind-api-4.0.2",
            "jakarta.annotation-api-3.0.0",
            "jakarta.activation-api-2.1.3");

    static Stream<Arguments> routeSetups() {
        List<Arguments> setups = new ArrayList<>();
        for (Jdks.Jdk jdk : Jdks.all()) {
            setups.add(Arguments.of(jdk, "SpringShop", TOMCAT_9, SPRING_5, "javax"));
            setups.add(Arguments.of(jdk, "SpringShop", TOMCAT_11, SPRING_7, "jakarta"));
            setups.add(Arguments.of(jdk, "JerseyShop", TOMCAT_9, JERSEY_2, "javax"));
            setups.add(Arguments.of(jdk, "JerseyShop", TOMCAT_11, JERSEY_4, "jakarta"));
        }
        return setups.stream();
    }

    /**
     * Requests a framework handled are named by the route it chose: Spring MVC's handler's mapping, or a
     * JAX-RS resource method's (Jersey), the class's {@code @Path} and the method's joined (the parameter's
     * regular expression left out), behind the context path and the servlet's mapping; no rule on the path
     * could find {@code by-name/{name}}. A request no handler took (404) keeps its path's name. Every unit
     * on, by default.
     */
    @ParameterizedTest
    @MethodSource("routeSetups")
    void requestsAFrameworkHandledAreNamedByTheRouteItChose(
            Jdks.Jdk jdk, String shop, List<String> tomcat, List<String> framework, String api) throws Exception {
        List<String> jars = new ArrayList<>(tomcat);
        jars.addAll(framework);
        jars.add("h2-2.5.252");
        String classPath = Run.compiled(
                temp.resolve(shop + "-" + api),
                List.of("routes-shop/RoutesShop.java", "routes-shop/" + shop + ".java"),
                Run.libraries(jars),
                "jakarta.servlet",
                api + ".servlet",
                "jakarta.ws.rs",
                api + ".ws.rs");
        Path reports = temp.resolve("reports");
        Run run = Run.probedOn(jdk, reports, "report.rows=50", classPath, "acc." + shop)
                .run();

        assertEquals(0, run.exitCode, run.stderr);
        assertTrue(run.stdout.contains("statuses: 200 200 200 200 200 200 200 201 500 404"), run.stdout);
        assertEquals(
                List.of(
                        "GET /shop/api/fail count=1 errors=1 sql=1",
                        "GET /shop/api/nowhere/{id} count=1 errors=0 sql=0",
                        "GET /shop/api/owners/by-name/{name} count=2 errors=0 sql=2",
                        "GET /shop/api/owners/{ownerId} count=3 errors=0 sql=6",
                        "GET /shop/api/owners/{ownerId}/pets/{petId} count=2 errors=0 sql=2",
                        "POST /shop/api/owners count=1 errors=0 sql=1"),
                Run.requests(run.report()),
                run.stderr);
        List<String> petQueryRanUnder = new ArrayList<>();
        for (JsonNode statement : run.report().get("statements")) {
            if (statement.get("text").asText().equals("SELECT name FROM pet WHERE owner = ? AND id = ?")) {
                petQueryRanUnder.add(statement.get("requests").toString());
            }
        }
        assertEquals(
                List.of("[\"GET /shop/api/owners/{ownerId}/pets/{petId}\"]"),
                petQueryRanUnder,
                "a statement is told the route its requests were named by as they ended");
        assertFalse(run.stderr.contains("could not weave"), run.stderr);
    }
}
