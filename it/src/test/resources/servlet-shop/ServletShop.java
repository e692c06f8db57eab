package acc;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The shop of acc.HttpShop as servlets behind a filter, served by TomcatShop or JettyShop; compiled by
 * the test itself with each, against Tomcat 11 and Jetty 12 (jakarta.servlet, as written) and Tomcat 9
 * (javax.servlet, the package names replaced):
 * <ul>
 *   <li>{@code GET /items/N} (11, one with a UUID and a query string): 3 SQL statements each;
 *   <li>{@code POST /orders} (3): 2 statements each;
 *   <li>{@code GET /async/N} (2): asynchronous, answered from a pool 50 ms later after 1 statement;
 *   <li>{@code GET /later/N} (1): asynchronous, dispatched back to {@code /items/N} 20 ms later;
 *   <li>{@code GET /fail} (2): 1 statement, then an error status 500;
 *   <li>{@code GET /boom} (1): the servlet throws, and the container answers 500.
 * </ul>
 */
final class ServletShop {

    private static Connection db;
    private static final AtomicInteger BOOMS = new AtomicInteger();
    private static final ExecutorService POOL = Executors.newFixedThreadPool(2);

    /** The database, with its tables and items. */
    static void open() throws SQLException {
        db = DriverManager.getConnection("jdbc:h2:mem:servletshop;DB_CLOSE_DELAY=-1");
        try (Statement statement = db.createStatement()) {
            statement.execute("CREATE TABLE item (id INT PRIMARY KEY, name VARCHAR(40), stock INT)");
            statement.execute("CREATE TABLE orders (item INT, quantity INT)");
            for (int i = 0; i < 10; i++) {
                statement.execute("INSERT INTO item VALUES (" + i + ", 'item " + i + "', 100)");
            }
        }
    }

    /** Sends the known mix of requests to the container on {@code port}; what it got back, as printed. */
    static String drive(int port) throws IOException {
        StringBuilder seen = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            seen.append(call(port, "GET", "/items/" + i)).append(' ');
        }
        seen.append(call(port, "GET", "/items/123e4567-e89b-12d3-a456-426614174000?q=secret")).append(' ');
        for (int i = 0; i < 3; i++) {
            seen.append(call(port, "POST", "/orders")).append(' ');
        }
        seen.append(call(port, "GET", "/async/1")).append(' ');
        seen.append(call(port, "GET", "/async/2")).append(' ');
        seen.append(call(port, "GET", "/later/3")).append(' ');
        seen.append(call(port, "GET", "/fail")).append(' ');
        seen.append(call(port, "GET", "/fail")).append(' ');
        seen.append(call(port, "GET", "/boom"));
        return "statuses: " + seen + "\nboom handled: " + BOOMS.get();
    }

    static void close() throws SQLException {
        POOL.shutdown();
        db.close();
    }

    private static String call(int port, String method, String path) throws IOException {
        HttpURLConnection connection =
                (HttpURLConnection) new URL("http://127.0.0.1:" + port + path).openConnection();
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

    private static int count(String sql, int id) throws SQLException {
        try (PreparedStatement statement = db.prepareStatement(sql)) {
            statement.setInt(1, id);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? rows.getInt(1) : 0;
            }
        }
    }

    static final class Logging implements Filter {
        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            chain.doFilter(request, response);
        }
    }

    /** Answers from a pool 50 ms after the container's thread returned: a request that ends later. */
    static final class Async extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) {
            int id = Integer.parseInt(request.getPathInfo().substring(1));
            AsyncContext async = request.startAsync();
            POOL.submit(new Callable<Void>() {
                @Override
                public Void call() throws Exception {
                    Thread.sleep(50);
                    int stock = count("SELECT stock FROM item WHERE id = ?", id);
                    response.setStatus(200);
                    response.getWriter().print(stock);
                    async.complete();
                    return null;
                }
            });
        }
    }

    /** Goes asynchronous and, 20 ms later, dispatches back into the container, to /items/N. */
    static final class Later extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) {
            String id = request.getPathInfo().substring(1);
            AsyncContext async = request.startAsync();
            POOL.submit(new Callable<Void>() {
                @Override
                public Void call() throws Exception {
                    Thread.sleep(20);
                    async.dispatch("/items/" + id);
                    return null;
                }
            });
        }
    }

    static final class Items extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            String last = request.getPathInfo().substring(1);
            int id = last.matches("[0-9]+") ? Integer.parseInt(last) : 0;
            try {
                int found = count("SELECT COUNT(*) FROM item WHERE id = ?", id);
                int stock = count("SELECT stock FROM item WHERE id = ?", id);
                int ordered = count("SELECT COUNT(*) FROM orders WHERE item = ?", id);
                response.getWriter().print(found + " " + stock + " " + ordered);
            } catch (SQLException e) {
                response.sendError(500, e.getMessage());
            }
        }
    }

    static final class Orders extends HttpServlet {
        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
            try (Statement statement = db.createStatement()) {
                statement.executeUpdate("INSERT INTO orders VALUES (1, 2)");
                statement.executeUpdate("UPDATE item SET stock = stock - 2 WHERE id = 1");
                response.setStatus(201);
                response.getWriter().print("ordered");
            } catch (SQLException e) {
                response.sendError(500, e.getMessage());
            }
        }
    }

    static final class Fail extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            try {
                count("SELECT COUNT(*) FROM item WHERE id = ?", 1);
            } catch (SQLException e) {
                throw new IOException(e);
            }
            response.sendError(500, "planned failure");
        }
    }

    static final class Boom extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) {
            BOOMS.incrementAndGet();
            throw new IllegalStateException("planned: the servlet throws");
        }
    }

    private ServletShop() {}
}
