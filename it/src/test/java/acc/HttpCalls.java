package acc;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * A service on the JDK's HTTP server (loopback, a port of the system's choosing) that calls itself over
 * HTTP with the JDK's two clients, and its own client, which sends a known mix of requests:
 * <ul>
 *   <li>{@code GET /pages/N} (3): two {@code GET /stock/N} through {@code HttpClient#send}, then one
 *       through {@code HttpURLConnection} with a query string;
 *   <li>{@code GET /async} (1): one {@code GET /stock/7} through {@code HttpClient#sendAsync}, joined;
 *   <li>{@code GET /stock/N} (10, all from the above): answered 200.
 * </ul>
 * Then, outside any request: {@code GET /broken} (answered 500), {@code GET /missing} (404, no handler)
 * through {@code HttpURLConnection}, and one {@code HttpClient#send} to a closed port (refused). Prints
 * the server's port and the closed one, and the statuses it got.
 */
public final class HttpCalls {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static int port;

    public static void main(String[] args) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/pages/", new Pages());
        server.createContext("/async", new Async());
        server.createContext("/stock/", new Stock());
        server.createContext("/broken", new Broken());
        // handlers that call the server itself need more than the dispatcher's one thread
        java.util.concurrent.ExecutorService handlers = java.util.concurrent.Executors.newFixedThreadPool(4);
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
                seen.append(urlConnection("/pages/" + i)).append(' ');
            }
            seen.append(urlConnection("/async")).append(' ');
            seen.append(urlConnection("/broken")).append(' ');
            seen.append(urlConnection("/missing")).append(' ');
            try {
                CLIENT.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + closed + "/"))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                seen.append("answered");
            } catch (IOException refused) {
                seen.append("refused");
            }
        } finally {
            server.stop(0);
            handlers.shutdown();
        }
        System.out.println("statuses: " + seen);
    }

    private static final class Pages implements HttpHandler {
        @Override
        public void handle(HttpExchange exchange) throws IOException {
            String id = exchange.getRequestURI().getPath().substring("/pages/".length());
            StringBuilder body = new StringBuilder();
            try {
                for (int i = 0; i < 2; i++) {
                    HttpResponse<String> stock = CLIENT.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/stock/" + id))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
                    body.append(stock.body()).append(' ');
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            body.append(urlConnection("/stock/" + id + "?token=secret"));
            answer(exchange, 200, body.toString());
        }
    }

    private static final class Async implements HttpHandler {
        @Override
        public void handle(HttpExchange exchange) throws IOException {
            String stock = CLIENT.sendAsync(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/stock/7"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .thenApply(HttpResponse::body)
                    .join();
            answer(exchange, 200, stock);
        }
    }

    private static final class Stock implements HttpHandler {
        @Override
        public void handle(HttpExchange exchange) throws IOException {
            answer(exchange, 200, "5");
        }
    }

    private static final class Broken implements HttpHandler {
        @Override
        public void handle(HttpExchange exchange) throws IOException {
            answer(exchange, 500, "broken");
        }
    }

    private static void answer(HttpExchange exchange, int status, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** A GET through HttpURLConnection: its status, its body read whole. */
    static String urlConnection(String path) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) new URL("http://127.0.0.1:" + port + path).openConnection();
        try {
            int status = connection.getResponseCode();
            InputStream body = status < 400 ? connection.getInputStream() : connection.getErrorStream();
            if (body != null) {
                body.readAllBytes();
                body.close();
            }
            return Integer.toString(status);
        } finally {
            connection.disconnect();
        }
    }
}
