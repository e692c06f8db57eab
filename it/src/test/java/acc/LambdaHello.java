package acc;

import com.sun.net.httpserver.HttpServer;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URL;
import java.nio.charset.StandardCharsets;

/**
 * The JDK's HTTP server with a lambda as its handler (a hidden class, which no agent can weave), on a
 * loopback port of the system's choosing; sends itself {@code GET /hello/N} three times and prints the
 * statuses.
 */
public final class LambdaHello {

    public static void main(String[] args) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        byte[] hello = "hello".getBytes(StandardCharsets.UTF_8);
        server.createContext("/hello/", exchange -> {
            exchange.sendResponseHeaders(200, hello.length);
            exchange.getResponseBody().write(hello);
            exchange.close();
        });
        server.start();
        StringBuilder seen = new StringBuilder("statuses:");
        try {
            for (int i = 1; i <= 3; i++) {
                HttpURLConnection connection = (HttpURLConnection)
                        new URL("http://127.0.0.1:" + server.getAddress().getPort() + "/hello/" + i).openConnection();
                seen.append(' ').append(connection.getResponseCode());
                try (InputStream body = connection.getInputStream()) {
                    body.readAllBytes();
                }
                connection.disconnect();
            }
        } finally {
            server.stop(0);
        }
        System.out.println(seen);
    }

    private LambdaHello() {}
}
