package dev.sonde.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The {@code jedis} and {@code lettuce} units with the {@code jdk-httpserver} unit, on a real Redis server
 * started once for the class: the shops of {@code redis-shop/RedisShop.java} and {@code
 * lettuce-shop/LettuceShop.java}, compiled here against the oldest and the newest versions supported
 * (Jedis 3.0.0 and 8.0.2, Lettuce 6.0.0 and 7.7.0), on every JDK found. Each command once, by its command
 * and key pattern, inside the request that sent it, whichever API sent it; a refused command an error; no
 * value, no key's identifier.
 */
class RedisIT {

    @TempDir
    static Path serverDir;

    private static RedisServer redis;

    @TempDir
    Path temp;

    @BeforeAll
    static void startRedis() throws Exception {
        redis = RedisServer.start(serverDir);
    }

    @AfterAll
    static void stopRedis() throws Exception {
        if (redis != null) {
            redis.stop();
        }
    }

    static Stream<Arguments> setups() {
        List<Arguments> setups = new ArrayList<>();
        for (Jdks.Jdk jdk : Jdks.all()) {
            setups.add(Arguments.of(jdk, "3.0.0", "2.4.3"));
            setups.add(Arguments.of(jdk, "8.0.2", "2.13.1"));
        }
        return setups.stream();
    }

    /** The shop compiled against this Jedis; the class path to run it with. */
    private String compiledShop(String jedis, String pool) throws Exception {
        String libraries = Run.libraries(List.of("jedis-" + jedis, "commons-pool2-" + pool, "slf4j-api-2.0.17"));
        return Run.compiled(temp, "redis-shop/RedisShop.java", libraries);
    }

    @ParameterizedTest
    @MethodSource("setups")
    void eachCommandIsCountedOnceByCommandAndKeyPatternInTheRequestThatSentIt(Jdks.Jdk jdk, String jedis, String pool)
            throws Exception {
        String classPath = compiledShop(jedis, pool);
        Run run = Run.probedOn(
                        jdk,
                        temp.resolve("reports"),
                        "instrument=jedis;jdk-httpserver",
                        classPath,
                        "acc.RedisShop",
                        Integer.toString(redis.port))
                .run();

        assertEquals(0, run.exitCode, run.stderr);
        assertTrue(run.stdout.contains("statuses: 200 200 200 200 200 200 200 200 500"), run.stdout);
        JsonNode report = run.report();
        assertEquals(
                List.of(
                        "GET /bad count=1 errors=1 sql=0 redis=1",
                        "GET /users/{id} count=5 errors=0 sql=0 redis=20",
                        "POST /cart count=1 errors=0 sql=0 redis=3",
                        "POST /visits count=2 errors=0 sql=0 redis=4"),
                Run.requests(report),
                run.stderr);
        List<String> commands = Run.statements(report, "redis");
        // a pool that closes its connections says QUIT on some versions: a real command, not the shop's
        commands.remove("QUIT count=1 errors=0");
        assertEquals(
                List.of(
                        "FLUSHDB count=1 errors=0",
                        "GET user:{n}:name count=5 errors=0",
                        "INCR user:{n}:name count=1 errors=1",
                        "INCR visits:total count=2 errors=0",
                        "MULTI count=1 errors=0",
                        "PIPELINE (GET user:{n}:name, SMEMBERS user:{n}:history) count=1 errors=0",
                        "SADD user:{n}:history count=5 errors=0",
                        "SET session:{id} count=2 errors=0",
                        "SET user:{n}:name count=5 errors=0",
                        "SMEMBERS user:{n}:history count=15 errors=0",
                        "TRANSACTION (INCR visits:total, SET cart:{n}, EXEC) count=1 errors=0"),
                commands,
                run.stderr);
        for (JsonNode request : report.get("requests")) {
            if (request.get("name").asText().equals("GET /users/{id}")) {
                assertEquals(
                        List.of("redis GET user:{n}:name x1", "redis SMEMBERS user:{n}:history x3"),
                        Run.calls(request.get("slowest").get(0)));
            }
        }
        for (JsonNode statement : report.get("statements")) {
            if (statement.get("text").asText().startsWith("SMEMBERS")) {
                assertEquals("[\"GET /users/{id}\"]", statement.get("requests").toString());
            }
        }
        assertFalse(report.toString().contains("secret-token"), "no value is kept");
        assertTrue(run.stderr.contains("redis/req"), run.stderr);
        assertFalse(run.stderr.contains("could not weave"), run.stderr);
    }

    static Stream<Arguments> lettuces() {
        List<Arguments> setups = new ArrayList<>();
        for (Jdks.Jdk jdk : Jdks.all()) {
            setups.add(Arguments.of(
                    jdk,
                    List.of(
                            "lettuce-core-6.0.0.RELEASE",
                            "netty-common-4.1.52.Final",
                            "netty-handler-4.1.52.Final",
                            "netty-resolver-4.1.52.Final",
                            "netty-buffer-4.1.52.Final",
                            "netty-codec-4.1.52.Final",
                            "netty-transport-4.1.52.Final",
                            "reactor-core-3.3.10.RELEASE",
                            "reactive-streams-1.0.3")));
            setups.add(Arguments.of(
                    jdk,
                    List.of(
                            "lettuce-core-7.7.0.RELEASE",
                            "redis-authx-core-0.1.1-beta2",
                            "slf4j-api-1.7.36",
                            "netty-common-4.2.13.Final",
                            "netty-handler-4.2.13.Final",
                            "netty-resolver-4.2.13.Final",
                            "netty-buffer-4.2.13.Final",
                            "netty-transport-native-unix-common-4.2.13.Final",
                            "netty-codec-base-4.2.13.Final",
                            "netty-transport-4.2.13.Final",
                            "reactor-core-3.6.6",
                            "reactive-streams-1.0.4",
                            "netty-resolver-dns-4.2.13.Final",
                            "netty-codec-dns-4.2.13.Final")));
        }
        return setups.stream();
    }

    @ParameterizedTest
    @MethodSource("lettuces")
    void eachLettuceCommandSyncAsyncOrReactiveIsCountedUntilItCompletesInTheRequestThatSentIt(
            Jdks.Jdk jdk, List<String> jars) throws Exception {
        String classPath = Run.compiled(temp, "lettuce-shop/LettuceShop.java", Run.libraries(jars));
        Run run = Run.probedOn(
                        jdk,
                        temp.resolve("reports"),
                        "instrument=lettuce;jdk-httpserver",
                        classPath,
                        "acc.LettuceShop",
                        Integer.toString(redis.port))
                .run();

        assertEquals(0, run.exitCode, run.stderr);
        assertTrue(run.stdout.contains("statuses: 200 200 200 200 200 200 200 200 200 200 500"), run.stdout);
        JsonNode report = run.report();
        assertEquals(
                List.of(
                        "GET /bad count=1 errors=1 sql=0 redis=1",
                        "GET /reactive/{id} count=2 errors=0 sql=0 redis=2",
                        "GET /users/{id} count=5 errors=0 sql=0 redis=20",
                        "POST /batch count=1 errors=0 sql=0 redis=2",
                        "POST /visits count=2 errors=0 sql=0 redis=4"),
                Run.requests(report, List.of("POST /batch")),
                run.stderr);
        assertEquals(
                List.of(
                        "FLUSHDB count=1 errors=0",
                        "GET user:{n}:name count=8 errors=0",
                        "INCR user:{n}:name count=1 errors=1",
                        "INCR visits:total count=3 errors=0",
                        "SADD user:{n}:history count=5 errors=0",
                        "SET session:{id} count=2 errors=0",
                        "SET user:{n}:name count=5 errors=0",
                        "SMEMBERS user:{n}:history count=15 errors=0"),
                Run.statements(report, "redis"),
                run.stderr);
        for (JsonNode request : report.get("requests")) {
            if (request.get("name").asText().equals("GET /users/{id}")) {
                assertEquals(
                        List.of("redis GET user:{n}:name x1", "redis SMEMBERS user:{n}:history x3"),
                        Run.calls(request.get("slowest").get(0)));
            }
        }
        assertFalse(report.toString().contains("secret-token"), "no value is kept");
        assertFalse(run.stderr.contains("could not weave"), run.stderr);
    }
}
