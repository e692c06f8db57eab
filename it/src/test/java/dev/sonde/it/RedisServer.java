package dev.sonde.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Redis server ({@code redis-server}, Debian's package, which {@code .ci/run} installs when missing)
 * on a loopback port, with nothing saved to disk: started by a test class, stopped by it.
 */
final class RedisServer {

    private final Process process;
    final int port;

    private RedisServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static RedisServer start(Path dir) throws Exception {
        String binary = binary();
        int port = Loopback.freePort();
        Process process = new ProcessBuilder(List.of(
                        binary,
                        "--port",
                        Integer.toString(port),
                        "--bind",
                        "127.0.0.1",
                        "--save",
                        "",
                        "--appendonly",
                        "no",
                        "--dir",
                        dir.toString()))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis.log").toFile())
                .start();
        RedisServer server = new RedisServer(process, port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (Loopback.accepts(port)) {
                return server;
            }
            if (!process.isAlive()) {
                break;
            }
            Thread.sleep(50);
        }
        server.stop();
        fail("redis-server did not start on port " + port + ": " + Files.readString(dir.resolve("redis.log")));
        return null;
    }

    private static String binary() {
        for (String candidate : List.of("/usr/bin/redis-server", "/usr/local/bin/redis-server")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        fail("no redis-server: install Debian's redis-server package (.ci/run does)");
        return null;
    }

    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
