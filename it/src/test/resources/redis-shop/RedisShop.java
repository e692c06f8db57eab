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
import java.net.URL;
import java.nio.charset.StandardCharsets;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.Transaction;

/**
 * A small service served by the JDK's HTTP server on a loopback port, backed by the Redis server on the
 * port its first argument gives, through a Jedis pool; its own client sends a known mix of requests and
 * prints what it got back. Compiled by the tests against each Jedis version they run it with.
 * <ul>
 *   <li>{@code GET /users/N} (5 of them): {@code GET user:N:name}, then {@code SMEMBERS user:N:history}
 *       three times (one folded node ×3 in its tree);
 *   <li>{@code POST /visits} (2): {@code INCR visits:total}, {@code SET session:<a UUID>};
 *   <li>{@code POST /cart} (1): a pipeline of {@code GET user:1:name} and {@code SMEMBERS user:1:history},
 *       then a transaction: {@code MULTI}, {@code INCR visits:total}, {@code SET cart:7}, {@code EXEC};
 *   <li>{@code GET /bad} (1): {@code INCR user:1:name}, which Redis refuses (the value is not a number),
 *       answered with status 500.
 * </ul>
 * Before serving, outside any request: {@code FLUSHDB} and five {@code SET user:N:name}.
 */
public final class RedisShop {

    private static JedisPool pool;

    public static void main(String[] args) throws Exception {
        pool = new JedisPool("127.0.0.1", Integer.parseInt(args[0]));
        try (Jedis jedis = pool.getResource()) {
            jedis.flushDB();
            for (int i = 1; i <= 5; i++) {
                jedis.set("user:" + i + ":name", "user " + i);
                jedis.sadd("user:" + i + ":history", "/home", "/cart");
            }
        }
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/users/", new Users());
        server.createContext("/visits", new Visits());
        server.createContext("/cart", new Cart());
        server.createContext("/bad", new Bad());
        server.start();
        int port = server.getAddress().getPort();
        StringBuilder seen = new StringBuilder();
        try {
            for (int i = 1; i <= 5; i++) {
                seen.append(call(port, "GET", "/users/" + i)).append(' ');
            }
            seen.append(call(port, "POST", "/visits")).append(' ');
            seen.append(call(port, "POST", "/visits")).append(' ');
            seen.append(call(port, "POST", "/cart")).append(' ');
            seen.append(call(port, "GET", "/bad"));
        } finally {
            server.stop(0);
            pool.close();
        }
        System.out.println("statuses: " + seen);
    }

    private static final class Users implements HttpHandler {
        @Override
        public void handle(HttpExchange exchange) throws IOException {
            String id = exchange.getRequestURI().getPath().substring("/users/".length());
            StringBuilder body = new StringBuilder();
            try (Jedis jedis = pool.getResource()) {
                body.append(jedis.get("user:" + id + ":name"));
                for (int i = 0; i < 3; i++) {
                    body.append(' ').append(jedis.smembers("user:" + id + ":history").size());
                }
            }
            answer(exchange, 200, body.toString());
        }
    }

    private static final class Visits implements HttpHandler {
        @Override
        public void handle(HttpExchange exchange) throws IOException {
            long visits;
            try (Jedis jedis = pool.getResource()) {
                visits = jedis.incr("visits:total");
                jedis.set("session:" + java.util.UUID.randomUUID(), "secret-token");
            }
            answer(exchange, 200, "visit " + visits);
        }
    }

    private static final class Cart implements HttpHandler {
        @Override
        public void handle(HttpExchange exchange) throws IOException {
            String name;
            try (Jedis jedis = pool.getResource()) {
                Pipeline pipeline = jedis.pipelined();
                Response<String> read = pipeline.get("user:1:name");
                pipeline.smembers("user:1:history");
                pipeline.sync();
                name = read.get();
                Transaction transaction = jedis.multi();
                transaction.incr("visits:total");
                transaction.set("cart:7", "kettle");
                transaction.exec();
            }
            answer(exchange, 200, "cart of " + name);
        }
    }

    private static final class Bad implements HttpHandler {
        @Override
        public void handle(HttpExchange exchange) throws IOException {
            try (Jedis jedis = pool.getResource()) {
                jedis.incr("user:1:name");
                answer(exchange, 200, "counted");
            } catch (RuntimeException refused) {
                answer(exchange, 500, refused.getClass().getSimpleName());
            }
        }
    }

    private static void answer(HttpExchange exchange, int status, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
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
        } finally {
            connection.disconnect();
        }
    }
}
