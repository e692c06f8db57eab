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
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The {@code jedis} unit with the {@code jdk-httpserver} unit, on a real Redis server started once for the
 * class: the shop of {@code redis-shop/RedisShop.java}, compiled here against the oldest and the newest
 * Jedis supported (3.0.0 and 8.0.2), on every JDK found. Each command once, by its command and key
 * pattern, inside the request that sent it; a refused command an error; no value, no key's identifier.
 */
class RedisIT {

    private static final Path LIBS = Path.of(System.getProperty("sonde.it.libs"));

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
        Path sources = Files.createDirectories(temp.resolve("src/acc"));
        Files.copy(Path.of(Run.CLASSES.toString(), "redis-shop", "RedisShop.java"), sources.resolve("RedisShop.java"));
        Path classes = Files.createDirectories(temp.resolve("classes"));
        String libraries = LIBS.resolve("jedis-" + jedis + ".jar")
                + File.pathSeparator
                + LIBS.resolve("commons-pool2-" + pool + ".jar")
                + File.pathSeparator
                + LIBS.resolve("slf4j-api-2.0.17.jar");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int status = javac.run(
                null,
                null,
                null,
                "--release",
                "17",
                "-nowarn",
                "-cp",
                libraries,
                "-d",
                classes.toString(),
                sources.resolve("RedisShop.java").toString());
        assertEquals(0, status, "the shop compiles against Jedis " + jedis);
        return classes + File.pathSeparator + libraries;
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
        assertTrue(run.stdout.contains("statuses: 200 200 200 200 200 200 200 500"), run.stdout);
        JsonNode report = run.report();
        assertEquals(
                List.of(
                        "GET /bad count=1 errors=1 sql=0 redis=1",
                        "GET /users/{id} count=5 errors=0 sql=0 redis=20",
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
                        "SADD user:{n}:history count=5 errors=0",
                        "SET session:{id} count=2 errors=0",
                        "SET user:{n}:name count=5 errors=0",
                        "SMEMBERS user:{n}:history count=15 errors=0"),
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
}
