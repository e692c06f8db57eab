package acc;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A small service served by the JDK's HTTP server on a loopback port, backed by the Redis server on the
 * port its first argument gives, through one Lettuce connection and its three APIs; its own client sends
 * a known mix of requests and prints what it got back. Compiled by the tests against each Lettuce version.
 * <ul>
 *   <li>{@code GET /users/N} (5), sync: {@code GET user:N:name}, then {@code SMEMBERS user:N:history}
 *       three times;
 *   <li>{@code POST /visits} (2), async, awaited: {@code INCR visits:total}, {@code SET session:<a UUID>};
 *   <li>{@code GET /reactive/N} (2), reactive, blocked on: {@code GET user:N:name};
 *   <li>{@code POST /batch} (1), two commands handed to the connection together ({@code
 *       dispatch(Collection)}), awaited: {@code GET user:2:name}, {@code INCR visits:total};
 *   <li>{@code GET /bad} (1), sync: {@code INCR user:1:name}, which Redis refuses, answered 500.
 * </ul>
 * Before serving, outside any request: {@code FLUSHDB}, five {@code SET user:N:name} and five {@code SADD
 * user:N:history}.
 */
public final class LettuceShop {

    private static StatefulRedisConnection<String, String> connection;

    public static void main(String[] args) throws Exception {
        RedisClient client = RedisClient.create("redis://127.0.0.1:" + args[0]);
        connection = client.connect();
        RedisCommands<String, String> sync = connection.sync();
        sync.flushdb();
        for (int i = 1; i <= 5; i++) {
            sync.set("user:" + i + ":name", "user " + i);
            sync.sadd("user:" + i + ":history", "/home", "/cart");
        }
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/users/", new Users());
        server.createContext("/visits", new Visits());
        server.createContext("/reactive/", new Reactive());
        server.createContext("/batch", new Batch());
        server.createContext("/bad", new Bad());
        ExecutorService handlers = Executors.newFixedThreadPool(2);
        server.setExecutor(handlers);
        server.start();
        int port = server.getAddress().getPort();
        StringBuilder seen = new StringBuilder();
        try {
            for (int i = 1; i <= 5; i++) {
                seen.append(call(port, "GET", "/users/" + i)).append(' ');
            }
            seen.append(call(port, "POST", "/visits")).append(' ');
            seen.append(call(port, "POST", "/visits")).append(' ');
            seen.append(call(port, "GET", "/reactive/1")).append(' ');
            seen.append(call(port, "GET", "/reactive/2")).append(' ');
            seen.append(call(port, "POST", "/batch")).append(' ');
            seen.append(call(port, "GET", "/bad"));
        } finally {
            server.stop(0);
            handlers.shutdown();
            connection.close();
            client.shutdown(0, 2, TimeUnit.SECONDS);
        }
        System.out.println("statuses: " + seen);
    }

    private static final class Users implements HttpHandler {
        @Override
        public void handle(HttpExchange exchange) throws IOException {
            String id = exchange.getRequestURI().getPath().substring("/users/".length());
            RedisCommands<String, String> sync = connection.sync();
            StringBuilder body = new StringBuilder(sync.get("user:" + id + ":name"));
            for (int i = 0; i < 3; i++) {
                body.append(' ').append(sync.smembers("user:" + id + ":history").size());
            }
            answer(exchange, 200, body.toString());
        }
    }

    private static final class Visits implements HttpHandler {
        @Override
        public void handle(HttpExchange exchange) throws IOException {
            RedisAsyncCommands<String, String> async = connection.async();
            try {
                long visits = async.incr("visits:total").get(10, TimeUnit.SECONDS);
                async.set("session:" + java.util.UUID.randomUUID(), "secret-token").get(10, TimeUnit.SECONDS);
                answer(exchange, 200, "visit " + visits);
            } catch (Exception e) {
                answer(exchange, 500, e.toString());
            }
        }
    }

    private static final class Batch implements HttpHandler {
        @Override
        @SuppressWarnings({"unchecked", "rawtypes"})
        public void handle(HttpExchange exchange) throws IOException {
            io.lettuce.core.codec.StringCodec codec = io.lettuce.core.codec.StringCodec.UTF8;
            io.lettuce.core.protocol.AsyncCommand name = new io.lettuce.core.protocol.AsyncCommand(
                    new io.lettuce.core.protocol.Command(
                            io.lettuce.core.protocol.CommandType.GET,
                            new io.lettuce.core.output.ValueOutput(codec),
                            new io.lettuce.core.protocol.CommandArgs(codec).addKey("user:2:name")));
            io.lettuce.core.protocol.AsyncCommand visits = new io.lettuce.core.protocol.AsyncCommand(
                    new io.lettuce.core.protocol.Command(
                            io.lettuce.core.protocol.CommandType.INCR,
                            new io.lettuce.core.output.IntegerOutput(codec),
                            new io.lettuce.core.protocol.CommandArgs(codec).addKey("visits:total")));
            connection.dispatch((java.util.List) java.util.List.of(name, visits));
            try {
                answer(exchange, 200, name.get(10, TimeUnit.SECONDS) + " " + visits.get(10, TimeUnit.SECONDS));
            } catch (Exception e) {
                answer(exchange, 500, e.toString());
            }
        }
    }

    private static final class Reactive implements HttpHandler {
        @Override
        public void handle(HttpExchange exchange) throws IOException {
            String id = exchange.getRequestURI().getPath().substring("/reactive/".length());
            String name = connection.reactive().get("user:" + id + ":name").block();
            answer(exchange, 200, name);
        }
    }

    private static final class Bad implements HttpHandler {
        @Override
        public void handle(HttpExchange exchange) throws IOException {
            try {
                connection.sync().incr("user:1:name");
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
        HttpURLConnection http = (HttpURLConnection) new URL("http://127.0.0.1:" + port + path).openConnection();
        http.setRequestMethod(method);
        try {
            int status = http.getResponseCode();
            InputStream body = status < 400 ? http.getInputStream() : http.getErrorStream();
            if (body != null) {
                body.readAllBytes();
                body.close();
            }
            return Integer.toString(status);
        } finally {
            http.disconnect();
        }
    }
}
