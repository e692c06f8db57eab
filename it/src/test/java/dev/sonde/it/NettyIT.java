package dev.sonde.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The {@code netty-http} unit with {@code jdbc} and {@code executors}: the shop of {@code
 * netty-shop/NettyShop.java} (HttpServerCodec, HttpObjectAggregator, a handler of its own, H2), compiled
 * here against the oldest and newest Netty supported (4.1.0 and 4.2.21), on every JDK found. Each request
 * once, by method and path, with the SQL its handler ran, also on a pool it handed the work to; a request
 * answered from the pool ends with its answer, not when the handler returned.
 */
class NettyIT {

    @TempDir
    Path temp;

    static Stream<Arguments> setups() {
        List<Arguments> setups = new ArrayList<>();
        for (Jdks.Jdk jdk : Jdks.all()) {
            setups.add(Arguments.of(
                    jdk,
                    List.of(
                            "netty-codec-http-4.1.0.Final",
                            "netty-codec-4.1.0.Final",
                            "netty-transport-4.1.0.Final",
                            "netty-buffer-4.1.0.Final",
                            "netty-common-4.1.0.Final",
                            "netty-resolver-4.1.0.Final")));
            setups.add(Arguments.of(
                    jdk,
                    List.of(
                            "netty-codec-http-4.2.21.Final",
                            "netty-common-4.2.21.Final",
                            "netty-buffer-4.2.21.Final",
                            "netty-transport-4.2.21.Final",
                            "netty-resolver-4.2.21.Final",
                            "netty-codec-base-4.2.21.Final",
                            "netty-codec-compression-4.2.21.Final",
                            "netty-handler-4.2.21.Final",
                            "netty-transport-native-unix-common-4.2.21.Final")));
        }
        return setups.stream();
    }

    @ParameterizedTest
    @MethodSource("setups")
    void eachRequestIsCountedOnceUntilItsResponseIsWrittenWithTheSqlItRan(Jdks.Jdk jdk, List<String> jars)
            throws Exception {
        List<String> all = new ArrayList<>(jars);
        all.add("h2-2.5.252");
        String classPath = Run.compiled(temp, "netty-shop/NettyShop.java", Run.libraries(all));
        Run run = Run.probedOn(
                        jdk,
                        temp.resolve("reports"),
                        "instrument=netty-http;jdbc;executors",
                        classPath,
                        "acc.NettyShop")
                .run();

        assertEquals(0, run.exitCode, run.stderr);
        assertTrue(run.stdout.contains("statuses: 200 200 200 200 200 500"), run.stdout);
        JsonNode report = run.report();
        assertEquals(
                List.of(
                        "GET /fail count=1 errors=1 sql=0",
                        "GET /items/{id} count=3 errors=0 sql=6",
                        "GET /slow/{id} count=2 errors=0 sql=2"),
                Run.requests(report),
                run.stderr);
        for (JsonNode request : report.get("requests")) {
            if (request.get("name").asText().equals("GET /slow/{id}")) {
                assertTrue(
                        request.get("p50Nanos").asLong() >= 50_000_000L,
                        "answered 50 ms after the handler returned: " + request);
                assertEquals(200, request.get("slowest").get(0).get("status").asInt());
                assertEquals(
                        List.of("sql SELECT stock FROM item WHERE id = ? x1"),
                        Run.calls(request.get("slowest").get(0)));
            }
        }
        assertFalse(run.stderr.contains("could not weave"), run.stderr);
    }
}
