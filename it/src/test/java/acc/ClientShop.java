package acc;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A service on the JDK's HTTP server (loopback, a port of the system's choosing) that calls itself with
 * an HTTP client library, through the {@link Get} its first argument names (compiled by the tests
 * against each library version), and drives itself with the same client:
 * <ul>
 *   <li>{@code GET /pages/N} (3): two {@code GET /stock/N?token=secret} each;
 *   <li>{@code GET /stock/N} (6): answered 200;
 *   <li>then {@code GET /broken} (answered 500), {@code GET /missing} (404, no handler), and a call to a
 *       closed port (refused).
 * </ul>
 * Prints the server's port and the closed one, and the statuses it got.
 */
public final class ClientShop {

    /** One GET through the library: its status, the body read and closed. */
    public interface Get {
        int get(String url) throws IOException;
    }

    private static Get client;
    private static int port;

    public static void main(String[] args) throws Exception {
        client = (Get) Class.forName(args[0]).getConstructor().newInstance();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/pages/", new Pages());
        server.createContext("/stock/", new Answer(200));
        server.createContext("/broken", new Answer(500));
        ExecutorService handlers = Executors.newFixedThreadPool(4);
        server.setExecutor(handlers);
        server.start();
        port = server.getAddress().getPort();
        int closed;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = free.getLocalPort();
        }
        System.out.println("ports: " + port + " " + closed);
        StringBuilder seen = new StringBuilder();
        try {
            for (int i = 1; i <= 3; i++) {
                seen.append(client.get(url("/pages/" + i))).append(' ');
            }
            seen.append(client.get(url("/broken"))).append(' ');
            seen.append(client.get(url("/missing"))).append(' ');
            try {
                seen.append(client.get("http://127.0.0.1:" + closed + "/"));
            } catch (IOException refused) {
                seen.append("refused");
            }
        } finally {
            server.stop(0);
            handlers.shutdown();
        }
        System.out.println("statuses: " + seen);
    }

    private static String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private static final class Pages implements HttpHandler {
        @Override
        public void handle(HttpExchange exchange) throws IOException {
            String id = exchange.getRequestURI().getPath().substring("/pages/".length());
            int first = client.get(url("/stock/" + id + "?token=secret"));
            int second = client.get(url("/stock/" + id + "?token=secret"));
            answer(exchange, 200, first + " " + second);
        }
    }

    private static final class Answer implements HttpHandler {
        private final int status;

        Answer(int status) {
            this.status = status;
        }

        @Override
        public void handle(HttpExchange exchange) throws IOException {
            answer(exchange, status, "stock");
        }
    }

    private static void answer(HttpExchange exchange, int status, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
