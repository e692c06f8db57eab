package acc;

import jakarta.servlet.Servlet;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;

/**
 * What the shops of SpringShop and JerseyShop share: their database (H2 in memory), embedded Tomcat (9 with
 * javax.servlet, 11 with jakarta.servlet) on a loopback port with the framework's servlet mapped at
 * {@code /api/*} in the context {@code /shop}, and the known mix of requests they send themselves:
 * <ul>
 *   <li>{@code GET /shop/api/owners/N} (3): 2 SQL statements each;
 *   <li>{@code GET /shop/api/owners/N/pets/M} (2): 1 each;
 *   <li>{@code GET /shop/api/owners/by-name/NAME} (2): 1 each, its name a word no path rule could tell
 *       from a route's own;
 *   <li>{@code POST /shop/api/owners} (1): 1 insert, status 201;
 *   <li>{@code GET /shop/api/fail} (1): 1 statement, then the handler throws (500);
 *   <li>{@code GET /shop/api/nowhere/42} (1): no handler (404).
 * </ul>
 */
final class RoutesShop {

    static Connection db;

    /** Serves {@code framework} at /shop/api/*, sends the requests, and prints the statuses it got. */
    static void run(Servlet framework) throws Exception {
        db = DriverManager.getConnection("jdbc:h2:mem:routesshop;DB_CLOSE_DELAY=-1");
        try (Statement statement = db.createStatement()) {
            statement.execute("CREATE TABLE owner (id INT PRIMARY KEY, name VARCHAR(40))");
            statement.execute("CREATE TABLE pet (id INT, owner INT, name VARCHAR(40))");
            statement.execute("INSERT INTO owner VALUES (1, 'smith'), (2, 'jones'), (3, 'brown')");
            statement.execute("INSERT INTO pet VALUES (7, 1, 'rex'), (8, 2, 'tom')");
        }
        Path base = Files.createTempDirectory("routes-shop");
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        tomcat.setPort(0);
        tomcat.getConnector().setProperty("address", "127.0.0.1");
        Context context = tomcat.addContext("/shop", base.toString());
        Tomcat.addServlet(context, "framework", framework).setLoadOnStartup(1);
        context.addServletMappingDecoded("/api/*", "framework");
        tomcat.start();
        StringBuilder seen = new StringBuilder("statuses:");
        try {
            int port = tomcat.getConnector().getLocalPort();
            String[][] requests = {
                {"GET", "/shop/api/owners/1"},
                {"GET", "/shop/api/owners/2"},
                {"GET", "/shop/api/owners/3"},
                {"GET", "/shop/api/owners/1/pets/7"},
                {"GET", "/shop/api/owners/2/pets/8"},
                {"GET", "/shop/api/owners/by-name/smith"},
                {"GET", "/shop/api/owners/by-name/jones"},
                {"POST", "/shop/api/owners"},
                {"GET", "/shop/api/fail"},
                {"GET", "/shop/api/nowhere/42"}
            };
            for (String[] request : requests) {
                seen.append(' ').append(send(port, request[0], request[1]));
            }
        } finally {
            tomcat.stop();
            tomcat.destroy();
            db.close();
            try (Stream<Path> files = Files.walk(base)) {
                files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
            }
        }
        System.out.println(seen);
    }

    static synchronized String query(String sql) throws SQLException {
        try (Statement statement = db.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            return rows.next() ? rows.getString(1) : "-";
        }
    }

    static void insert(String sql) throws SQLException {
        try (Statement statement = db.createStatement()) {
            statement.executeUpdate(sql);
        }
    }

    private static int send(int port, String method, String path) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) new URL("http://127.0.0.1:" + port + path).openConnection();
        connection.setRequestMethod(method);
        int status = connection.getResponseCode();
        try (InputStream body = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
            if (body != null) {
                body.readAllBytes();
            }
        }
        connection.disconnect();
        return status;
    }

    private RoutesShop() {}
}
