package acc;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A small shop served by the JDK's HTTP server on a loopback port of the system's choosing, backed by H2
 * in memory, and its own client, which sends a known mix of requests and prints what it got back:
 * <ul>
 *   <li>{@code GET /items/N} (11 of them, one with a UUID and a query string): 3 SQL statements each,
 *       through a filter and a handler (one request, not two);
 *   <li>{@code POST /orders} (3): 2 statements each;
 *   <li>{@code GET /fail} (2): 1 statement, then status 500;
 *   <li>{@code GET /boom} (1, which the client may send again): the handler throws.
 * </ul>
 */
public final class HttpShop {

    private static Connection db;
    private static final java.util.concurrent.atomic.AtomicInteger BOOMS =
            new java.util.concurrent.atomic.AtomicInteger();

    public static void main(String[] args) throws Exception {
        db = DriverManager.getConnection("jdbc:h2:mem:httpshop;DB_CLOSE_DELAY=-1");
        try (Statement statement = db.createStatement()) {
            statement.execute("CREATE TABLE item (id INT PRIMARY KEY, name VARCHAR(40), stock INT)");
            statement.execute("CREATE TABLE orders (item INT, quantity INT)");
            for (int i = 0; i < 10; i++) {
                statement.execute("INSERT INTO item VALUES (" + i + ", 'item " + i + "', 100)");
            }
        }
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/items/", new Items()).getFilters().add(new Logging());
        server.createContext("/orders", new Orders());
        server.createContext("/fail", new Fail());
        server.createContext("/boom", new Boom());
        server.start();
        int port = server.getAddress().getPort();
        StringBuilder seen = new StringBuilder();
        try {
            for (int i = 0; i < 10; i++) {
                seen.append(call(port, "GET", "/items/" + i)).append(' ');
            }
            seen.append(call(port, "GET", "/items/123e4567-e89b-12d3-a456-426614174000?q=secret"))
                    .append(' ');
            for (int i = 0; i < 3; i++) {
                seen.append(call(port, "POST", "/orders")).append(' ');
            }
            seen.append(call(port, "GET", "/fail")).append(' ');
            seen.append(call(port, "GET", "/fail")).append(' ');
            seen.append(call(port, "GET", "/boom"));
        } finally {
            server.stop(0);
            db.close();
        }
        System.out.println("statuses: " + seen);
        // a client may send a request again when the server closed the connection without an answer
        System.out.println("boom handled: " + BOOMS.get());
    }

    private static String call(int port, String method, String path) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) new URL("http://127.0.0.1:" + port + path).openConnection();
        connection.setRequestMethod(method);
        try {
            int status = connection.getResponseCode();
            InputStream body = status < 400 ? connection.getInputStream() : connection.getErrorStream();
            if (body != null) {
                body.readAllBytes();
                body.close();
            }
            return Integer.toString(status);
        } catch (IOException e) {
            return "closed";
        } finally {
            connection.disconnect();
        }
    }

    private static void respond(HttpExchange exchange, int status, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static int count(String sql, int id) throws SQLException {
        try (PreparedStatement statement = db.prepareStatement(sql)) {
            statement.setInt(1, id);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? rows.getInt(1) : 0;
            }
        }
    }

    static final class Logging extends Filter {
        @Override
        public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
            chain.doFilter(exchange);
        }

        @Override
        public String description() {
            return "passes every exchange on";
        }
    }

    static final class Items implements HttpHandler {
        @Override
        public void handle(HttpExchange exchange) throws IOException {
            String last = exchange.getRequestURI().getPath().substring("/items/".length());
            int id = last.matches("[0-9]+") ? Integer.parseInt(last) : 0;
            try {
                int found = count("SELECT COUNT(*) FROM item WHERE id = ?", id);
                int stock = count("SELECT stock FROM item WHERE id = ?", id);
                int ordered = count("SELECT COUNT(*) FROM orders WHERE item = ?", id);
                respond(exchange, 200, found + " " + stock + " " + ordered);
            } catch (SQLException e) {
                respond(exchange, 500, e.getMessage());
            }
        }
    }

    static final class Orders implements HttpHandler {
        @Override
        public void handle(HttpExchange exchange) throws IOException {
            try (Statement statement = db.createStatement()) {
                statement.executeUpdate("INSERT INTO orders VALUES (1, 2)");
                statement.executeUpdate("UPDATE item SET stock = stock - 2 WHERE id = 1");
                respond(exchange, 201, "ordered");
            } catch (SQLException e) {
                respond(exchange, 500, e.getMessage());
            }
        }
    }

    static final class Fail implements HttpHandler {
        @Override
        public void handle(HttpExchange exchange) throws IOException {
            try {
                count("SELECT COUNT(*) FROM item WHERE id = ?", 1);
            } catch (SQLException e) {
                throw new IOException(e);
            }
            respond(exchange, 500, "planned failure");
        }
    }

    static final class Boom implements HttpHandler {
        @Override
        public void handle(HttpExchange exchange) {
            BOOMS.incrementAndGet();
            throw new IllegalStateException("planned: the handler throws");
        }
    }

    private HttpShop() {}
}
