package dev.sonde.core.library;

import dev.sonde.bootstrap.Bridge;
import dev.sonde.bootstrap.Frames;
import dev.sonde.core.record.MethodRegistry;
import dev.sonde.core.record.Recorder;
import dev.sonde.core.record.ScopeListener;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What the library units add to a program's calls, through the bridge as woven code takes it, on the real
 * recorder and the units' real listeners: a SQL statement given as text (normalized once, then found in
 * the cache), a prepared statement's execution (its text found by identity), a request with three
 * statements inside it (its tree, its name's figures), a Redis command as Jedis 4 and later send one
 * (a public method, the {@code executeCommand} beneath it, the {@code sendCommand} that names it), an
 * outgoing call through the JDK's {@code HttpClient#send}, beside a scope whose listener does nothing. In
 * the core's package, to reach the listeners, which the probe does not export.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar org.openjdk.jmh.Main LibraryCost</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class LibraryCost {

    private int nothing;
    private int sql;
    private int request;
    /** The same request table, with each request's thread's CPU time and allocations read (requests.thread.times). */
    private int measuredRequest;

    private final Object prepared = new Object();
    private int redisCall;
    private int redisSend;
    private int httpCall;
    private final Object[] getCommand = {
        java.util.List.of(
                Command.GET, new Argument("user:42:history".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
    };
    private final java.net.http.HttpRequest httpRequest = java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:8080/stock/42?q=1"))
            .build();
    private final Object httpResponse = new Response(httpRequest);
    private int apacheCall;
    private int okHttpCall;
    private final Object[] apacheArguments = {
        new ApacheHost("http", "127.0.0.1", 8080), new ApacheRequest("GET", "http://127.0.0.1:8080/stock/42?q=1")
    };
    private final Object apacheResponse = new Coded(200);
    private final Object okHttpCallObject =
            new OkCall(new OkRequest("GET", new OkUrl("http", "127.0.0.1", 8080, "/stock/42")));
    private final Object okHttpResponse = new Coded(200);

    /** The parts of Apache HttpClient's API its unit reads: the target, the request, the response. */
    public static final class ApacheHost {
        private final String scheme;
        private final String host;
        private final int port;

        ApacheHost(String scheme, String host, int port) {
            this.scheme = scheme;
            this.host = host;
            this.port = port;
        }

        public String getSchemeName() {
            return scheme;
        }

        public String getHostName() {
            return host;
        }

        public int getPort() {
            return port;
        }
    }

    public static final class ApacheRequest {
        private final String method;
        private final java.net.URI uri;

        ApacheRequest(String method, String uri) {
            this.method = method;
            this.uri = java.net.URI.create(uri);
        }

        public String getMethod() {
            return method;
        }

        public java.net.URI getURI() {
            return uri;
        }
    }

    /** A response of either library: its status, as {@code getCode()} (Apache 5) and {@code code()} (OkHttp). */
    public static final class Coded {
        private final int code;

        Coded(int code) {
            this.code = code;
        }

        public int getCode() {
            return code;
        }

        public int code() {
            return code;
        }
    }

    /** The parts of OkHttp's API its unit reads: the call's request, its method and URL. */
    public static final class OkCall {
        private final OkRequest request;

        OkCall(OkRequest request) {
            this.request = request;
        }

        public OkRequest request() {
            return request;
        }
    }

    public static final class OkRequest {
        private final String method;
        private final OkUrl url;

        OkRequest(String method, OkUrl url) {
            this.method = method;
            this.url = url;
        }

        public String method() {
            return method;
        }

        public OkUrl url() {
            return url;
        }
    }

    public static final class OkUrl {
        private final String scheme;
        private final String host;
        private final int port;
        private final String path;
        private final String text;

        OkUrl(String scheme, String host, int port, String path) {
            this.scheme = scheme;
            this.host = host;
            this.port = port;
            this.path = path;
            this.text = scheme + "://" + host + ":" + port + path;
        }

        public String scheme() {
            return scheme;
        }

        public String host() {
            return host;
        }

        public int port() {
            return port;
        }

        public String encodedPath() {
            return path;
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /** A command as Jedis names them: a public enum through a public interface's {@code getRaw()}. */
    public interface Raw {
        byte[] getRaw();
    }

    public enum Command implements Raw {
        GET;

        private final byte[] raw = name().getBytes(java.nio.charset.StandardCharsets.US_ASCII);

        @Override
        public byte[] getRaw() {
            return raw;
        }
    }

    /** A command's argument as Jedis 4 and later give them. */
    public static final class Argument implements Raw {
        private final byte[] raw;

        Argument(byte[] raw) {
            this.raw = raw;
        }

        @Override
        public byte[] getRaw() {
            return raw;
        }
    }

    @Setup
    public void install() {
        Recorder recorder = new Recorder(new MethodRegistry(100), 64);
        nothing = recorder.kind(new ScopeListener() {
            @Override
            public Object entered(Object value, Object context) {
                return context;
            }

            @Override
            public void exited(Object value, Object outcome, Object context, long nanos, long selfNanos) {}
        });
        PreparedSql statements = new PreparedSql();
        statements.put(prepared, SqlText.normalize("SELECT name FROM item WHERE id = ?"));
        sql = recorder.kind(new StatementTable(RequestState.SQL, new SqlTexts(statements)));
        RequestTable.Reader shop = new RequestTable.Reader() {
            @Override
            public String name(Object value) {
                return "GET /items/{id}";
            }

            @Override
            public int status(Object value) {
                return 200;
            }
        };
        request = recorder.kind(new RequestTable(shop, 5, 5));
        measuredRequest = recorder.kind(new RequestTable(shop, 5, 5, null, ThreadClock.of()));
        StatementTable commands = new StatementTable(RequestState.REDIS);
        java.util.List<dev.sonde.core.weave.ScopePoint> jedis = JedisUnit.points(recorder, commands);
        redisCall = jedis.get(0).kind();
        redisSend = jedis.get(1).kind();
        httpCall = HttpClientUnits.jdkClientPoints(recorder, new StatementTable(RequestState.HTTP))
                .get(0)
                .kind();
        StatementTable libraryCalls = new StatementTable(RequestState.HTTP);
        apacheCall =
                HttpLibraryUnits.apachePoints(recorder, libraryCalls).get(0).kind();
        okHttpCall =
                HttpLibraryUnits.okHttpPoints(recorder, libraryCalls).get(0).kind();
        Bridge.install(recorder);
    }

    @TearDown
    public void uninstall() {
        Bridge.install(null);
    }

    @Benchmark
    public void scopeWithNothingListening() {
        Frames frames = Bridge.frames();
        int frame = frames.enterScope(nothing, "SELECT 1");
        frames.exitScope(frame, null);
    }

    @Benchmark
    public void statementAsText() {
        Frames frames = Bridge.frames();
        int frame = frames.enterScope(sql, "SELECT name FROM item WHERE id = 42");
        frames.exitScope(frame, null);
    }

    @Benchmark
    public void preparedStatement() {
        Frames frames = Bridge.frames();
        int frame = frames.enterScope(sql, prepared);
        frames.exitScope(frame, null);
    }

    @Benchmark
    public void requestWithThreePreparedStatements() {
        Frames frames = Bridge.frames();
        int outer = frames.enterScope(request, this);
        for (int i = 0; i < 3; i++) {
            int frame = frames.enterScope(sql, prepared);
            frames.exitScope(frame, null);
        }
        frames.exitScope(outer, null);
    }

    @Benchmark
    public void requestWithThreePreparedStatementsAndThreadTimes() {
        Frames frames = Bridge.frames();
        int outer = frames.enterScope(measuredRequest, this);
        for (int i = 0; i < 3; i++) {
            int frame = frames.enterScope(sql, prepared);
            frames.exitScope(frame, null);
        }
        frames.exitScope(outer, null);
    }

    @Benchmark
    public void redisCommand() {
        Frames frames = Bridge.frames();
        int call = frames.enterScope(redisCall, JedisUnit.NAME); // jedis.get(key)
        int execute = frames.enterScope(redisCall, JedisUnit.NAME); // connection.executeCommand(…), inside it
        int send = frames.enterScope(redisSend, getCommand); // connection.sendCommand(arguments)
        frames.exitScope(send, null);
        frames.exitScope(execute, null);
        frames.exitScope(call, null);
    }

    @Benchmark
    public String redisCommandTextAlone() {
        return JedisUnit.text(getCommand);
    }

    @Benchmark
    public void apacheHttpClientCall() {
        Frames frames = Bridge.frames();
        int frame = frames.enterScope(apacheCall, apacheArguments);
        frames.exitScope(frame, apacheResponse);
    }

    @Benchmark
    public void okHttpCall() {
        Frames frames = Bridge.frames();
        int frame = frames.enterScope(okHttpCall, okHttpCallObject);
        frames.exitScope(frame, okHttpResponse);
    }

    @Benchmark
    public void httpClientSend() {
        Frames frames = Bridge.frames();
        int frame = frames.enterScope(httpCall, httpRequest);
        frames.exitScope(frame, httpResponse);
    }

    /** What {@code send} returns: its status is all the listener reads. */
    static final class Response implements java.net.http.HttpResponse<Object> {
        private final java.net.http.HttpRequest request;

        Response(java.net.http.HttpRequest request) {
            this.request = request;
        }

        @Override
        public int statusCode() {
            return 200;
        }

        @Override
        public java.net.http.HttpRequest request() {
            return request;
        }

        @Override
        public java.util.Optional<java.net.http.HttpResponse<Object>> previousResponse() {
            return java.util.Optional.empty();
        }

        @Override
        public java.net.http.HttpHeaders headers() {
            return java.net.http.HttpHeaders.of(java.util.Map.of(), null);
        }

        @Override
        public Object body() {
            return null;
        }

        @Override
        public java.util.Optional<javax.net.ssl.SSLSession> sslSession() {
            return java.util.Optional.empty();
        }

        @Override
        public java.net.URI uri() {
            return request.uri();
        }

        @Override
        public java.net.http.HttpClient.Version version() {
            return java.net.http.HttpClient.Version.HTTP_1_1;
        }
    }
}
