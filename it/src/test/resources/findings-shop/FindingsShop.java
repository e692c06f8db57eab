package acc;

import com.sun.net.httpserver.HttpServer;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;

/**
 * A shop on embedded Jetty 12 backed by H2 in memory, the Redis server on the port its second argument
 * gives (through a Jedis pool) and a downstream service of its own (the JDK's HTTP server); it sends itself a
 * known mix of requests over plain sockets (no HTTP client of the probe's to count) and prints their
 * statuses. Its first argument chooses the mix:
 * <ul>
 *   <li>{@code planted}: {@code GET /owners/N} (20) reads an owner, then each of its 12 pets one query at a
 *       time (an N+1); {@code GET /stock/N} (10) waits 30 ms on an empty Redis list ({@code BLPOP}: a
 *       call taking most of its request); {@code GET /quote} (10) asks the downstream service's {@code
 *       /backend/quote}, which takes 40 ms; {@code GET /fail} (10) throws an {@code IllegalStateException} 4 times in 10; {@code GET
 *       /price/N} (1000) works 2 ms, then asks the downstream's {@code /backend/rate}, which answers at once
 *       but every 50th time after 15 ms (a long tail, yet less than half of the request's time); {@code GET
 *       /report} (60) works 50 ms on the CPU, 40 of them in {@code Report#crunch}; {@code POST /transfer}
 *       (20) sleeps 10 ms, then writes to a ledger under its monitor, which an auditor thread holds 30 ms
 *       at a time meanwhile.
 *   <li>{@code clean}: {@code GET /items/N} (1200): one query and one Redis {@code GET}; {@code POST
 *       /orders} (100): an insert, committed; {@code GET /hello} (200): nothing but an answer.
 * </ul>
 */
public final class FindingsShop {

    private static final ThreadLocal<Connection> CONNECTIONS = new ThreadLocal<>();
    private static final AtomicInteger RATES = new AtomicInteger();
    private static final AtomicInteger FAILS = new AtomicInteger();
    private static JedisPool redis;
    private static int downstreamPort;

    public static void main(String[] args) throws Exception {
        boolean planted = args[0].equals("planted");
        redis = new JedisPool("127.0.0.1", Integer.parseInt(args[1]));
        try (Connection db = DriverManager.getConnection("jdbc:h2:mem:shop;DB_CLOSE_DELAY=-1");
                Statement ddl = db.createStatement()) {
            ddl.execute("CREATE TABLE owner (id INT PRIMARY KEY, name VARCHAR(40))");
            ddl.execute("CREATE TABLE pet (id INT PRIMARY KEY, owner_id INT, name VARCHAR(40))");
            ddl.execute("CREATE TABLE item (id INT PRIMARY KEY, name VARCHAR(40))");
            ddl.execute("CREATE TABLE orders (id INT AUTO_INCREMENT PRIMARY KEY, item INT)");
            for (int i = 1; i <= 5; i++) {
                ddl.execute("INSERT INTO owner VALUES (" + i + ", 'owner " + i + "')");
                ddl.execute("INSERT INTO item VALUES (" + i + ", 'item " + i + "')");
                for (int p = 0; p < 12; p++) {
                    ddl.execute("INSERT INTO pet VALUES (" + (i * 100 + p) + ", " + i + ", 'pet " + p + "')");
                }
            }
        }
        HttpServer downstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        downstream.createContext("/backend/quote", exchange -> {
            pause(40);
            answer(exchange);
        });
        downstream.createContext("/backend/rate", exchange -> {
            if (RATES.incrementAndGet() % 50 == 0) {
                pause(15);
            }
            answer(exchange);
        });
        downstream.start();
        downstreamPort = downstream.getAddress().getPort();

        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.addServlet(new ServletHolder(new Owners()), "/owners/*");
        context.addServlet(new ServletHolder(new Stock()), "/stock/*");
        context.addServlet(new ServletHolder(new Quote()), "/quote");
        context.addServlet(new ServletHolder(new Fail()), "/fail");
        context.addServlet(new ServletHolder(new Price()), "/price/*");
        context.addServlet(new ServletHolder(new Report()), "/report");
        context.addServlet(new ServletHolder(new Transfer()), "/transfer");
        context.addServlet(new ServletHolder(new Items()), "/items/*");
        context.addServlet(new ServletHolder(new Orders()), "/orders");
        context.addServlet(new ServletHolder(new Hello()), "/hello");
        server.setHandler(context);
        server.start();
        int port = connector.getLocalPort();
        StringBuilder seen = new StringBuilder("statuses:");
        try {
            if (planted) {
                seen.append(" owners ").append(send(port, "GET", "/owners/", 20));
                seen.append(" stock ").append(send(port, "GET", "/stock/", 10));
                seen.append(" quote ").append(send(port, "GET", "/quote", 10));
                seen.append(" fail ").append(send(port, "GET", "/fail", 10));
                seen.append(" price ").append(send(port, "GET", "/price/", 1000));
                seen.append(" report ").append(send(port, "GET", "/report", 60));
                Thread auditor = new Thread(FindingsShop::audit, "auditor");
                auditor.setDaemon(true);
                auditor.start();
                seen.append(" transfer ").append(send(port, "POST", "/transfer", 20));
                auditor.interrupt();
            } else {
                seen.append(" items ").append(send(port, "GET", "/items/", 1200));
                seen.append(" orders ").append(send(port, "POST", "/orders", 100));
                seen.append(" hello ").append(send(port, "GET", "/hello", 200));
            }
        } finally {
            server.stop();
            downstream.stop(0);
            redis.close();
        }
        System.out.println(seen);
    }

    /** Sends {@code times} requests (a path ending in '/' gets a number 1 to 5 added); the statuses seen, counted. */
    private static String send(int port, String method, String path, int times) throws IOException {
        java.util.Map<Integer, Integer> statuses = new java.util.TreeMap<>();
        for (int i = 0; i < times; i++) {
            String target = path.endsWith("/") ? path + (i % 5 + 1) : path;
            statuses.merge(status(port, method, target), 1, Integer::sum);
        }
        return statuses.toString();
    }

    /** One request over a plain socket, HTTP/1.1 with the connection closed after it; its status. */
    private static int status(int port, String method, String target) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            OutputStream out = socket.getOutputStream();
            out.write((method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n"
                            + "Connection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            socket.getInputStream().transferTo(response);
            String text = response.toString(StandardCharsets.ISO_8859_1);
            return Integer.parseInt(text.substring(9, 12));
        }
    }

    /**
     * An answer with no body: its headers in one segment (a body written after them would wait, on JDK 17,
     * for the client's delayed acknowledgement of the headers: 40 ms a call).
     */
    private static void answer(com.sun.net.httpserver.HttpExchange exchange) throws IOException {
        exchange.sendResponseHeaders(200, -1);
        exchange.close();
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Connection db() throws SQLException {
        Connection connection = CONNECTIONS.get();
        if (connection == null) {
            connection = DriverManager.getConnection("jdbc:h2:mem:shop");
            CONNECTIONS.set(connection);
        }
        return connection;
    }

    private static int id(HttpServletRequest request) {
        String path = request.getPathInfo();
        return Integer.parseInt(path.substring(path.lastIndexOf('/') + 1));
    }

    private static String downstream(String path) throws IOException {
        HttpURLConnection connection =
                (HttpURLConnection) URI.create("http://127.0.0.1:" + downstreamPort + path).toURL().openConnection();
        try (InputStream in = connection.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void write(HttpServletResponse response, String body) throws IOException {
        response.setContentType("text/plain");
        response.getWriter().write(body);
    }

    /** An owner, then each of its pets one query at a time. */
    public static final class Owners extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            int owner = id(request);
            StringBuilder body = new StringBuilder();
            try {
                try (PreparedStatement select = db().prepareStatement("SELECT name FROM owner WHERE id = ?")) {
                    select.setInt(1, owner);
                    try (ResultSet rows = select.executeQuery()) {
                        rows.next();
                        body.append(rows.getString(1));
                    }
                }
                for (int pet = 0; pet < 12; pet++) {
                    try (PreparedStatement select = db().prepareStatement("SELECT name FROM pet WHERE id = ?")) {
                        select.setInt(1, owner * 100 + pet);
                        try (ResultSet rows = select.executeQuery()) {
                            rows.next();
                            body.append(' ').append(rows.getString(1));
                        }
                    }
                }
            } catch (SQLException e) {
                throw new IOException(e);
            }
            write(response, body.toString());
        }
    }

    /** Waits 30 ms for an item on an empty list. */
    public static final class Stock extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            try (Jedis jedis = redis.getResource()) {
                write(response, String.valueOf(jedis.blpop(0.03, "queue:" + id(request))));
            }
        }
    }

    /** Asks the downstream service for a quote: 40 ms. */
    public static final class Quote extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            write(response, downstream("/backend/quote"));
        }
    }

    /** Fails 4 times in 10. */
    public static final class Fail extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            if (FAILS.incrementAndGet() % 10 < 4) {
                throw new IllegalStateException("out of stock");
            }
            write(response, "ok");
        }
    }

    /** Works 2 ms, then asks the downstream service for a rate: at once, but every 50th time after 15 ms. */
    public static final class Price extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            pause(2);
            write(response, downstream("/backend/rate"));
        }
    }

    /** The ledger every transfer writes to, under its monitor. */
    static final class Ledger {
        long entries;
    }

    static final Ledger LEDGER = new Ledger();

    /** Holds the ledger 30 ms at a time, letting go 5 ms in between, until interrupted. */
    private static void audit() {
        try {
            while (true) {
                synchronized (LEDGER) {
                    Thread.sleep(30);
                }
                Thread.sleep(5);
            }
        } catch (InterruptedException e) {
            // done
        }
    }

    /** Waits 10 ms (a sleep), then writes to the ledger: waits for the auditor to let it go. */
    public static final class Transfer extends HttpServlet {
        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
            pause(10);
            synchronized (LEDGER) {
                LEDGER.entries++;
            }
            write(response, "ok");
        }
    }

    /** Works 50 ms on the CPU: 40 in {@code crunch}, 10 in {@code format}. */
    public static final class Report extends HttpServlet {
        static volatile long sink;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            sink = crunch(40) + format(10);
            write(response, "done");
        }

        /** Busy on the CPU for {@code millis}, in a loop of its own: the method sampled. */
        static long crunch(long millis) {
            long end = System.nanoTime() + millis * 1_000_000L;
            long sum = 0;
            while (System.nanoTime() < end) {
                for (int i = 0; i < 1000; i++) {
                    sum += sum * 31 + i;
                }
            }
            return sum;
        }

        /** The same, apart. */
        static long format(long millis) {
            long end = System.nanoTime() + millis * 1_000_000L;
            long sum = 0;
            while (System.nanoTime() < end) {
                for (int i = 0; i < 1000; i++) {
                    sum += sum * 17 + i;
                }
            }
            return sum;
        }
    }

    /** One query and one Redis read. */
    public static final class Items extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            int item = id(request);
            String name;
            try (PreparedStatement select = db().prepareStatement("SELECT name FROM item WHERE id = ?")) {
                select.setInt(1, item);
                try (ResultSet rows = select.executeQuery()) {
                    rows.next();
                    name = rows.getString(1);
                }
            } catch (SQLException e) {
                throw new IOException(e);
            }
            try (Jedis jedis = redis.getResource()) {
                write(response, name + " " + jedis.get("stock:" + item));
            }
        }
    }

    /** An order, inserted and committed. */
    public static final class Orders extends HttpServlet {
        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
            try {
                Connection db = db();
                db.setAutoCommit(false);
                try (PreparedStatement insert = db.prepareStatement("INSERT INTO orders (item) VALUES (?)")) {
                    insert.setInt(1, 3);
                    insert.executeUpdate();
                }
                db.commit();
            } catch (SQLException e) {
                throw new IOException(e);
            }
            response.setStatus(201);
        }
    }

    /** Nothing but an answer. */
    public static final class Hello extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            write(response, "hello");
        }
    }

    private FindingsShop() {}
}
