package dev.sonde.core.library;

import dev.sonde.core.record.Recorder;
import dev.sonde.core.record.ScopeListener;
import dev.sonde.core.selector.MethodSelection;
import dev.sonde.core.weave.ScopePoint;
import dev.sonde.core.weave.ValueCode;
import java.net.URI;
import java.net.URL;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The units of the JDK's own HTTP clients, each call a statement of kind {@code http}, named by its method,
 * {@code host:port} and path pattern ({@code GET 127.0.0.1:8080/items/{id}}: identifiers as {@code {id}},
 * never the query string nor a user's name):
 * <ul>
 *   <li>{@code jdk-httpclient}: {@code java.net.http.HttpClient}'s {@code send} (until it returns) and
 *       {@code sendAsync} (until its future completes), through the JDK's implementation
 *       ({@code jdk.internal.net.http.HttpClientImpl});
 *   <li>{@code httpurlconnection}: {@code java.net.HttpURLConnection} for {@code http:} and {@code https:}
 *       URLs, from the first {@code getInputStream()} (which {@code getResponseCode()} calls) until it
 *       returns, once per connection.
 * </ul>
 * A call failed when it threw or completed exceptionally, or its status was 500 or more. Both weave the
 * JDK's own classes; a program that never makes such a call loads none of them for the probe.
 */
final class HttpClientUnits {

    static final String JDK_CLIENT = "jdk-httpclient";
    static final String URL_CONNECTION = "httpurlconnection";

    /** Connections whose call was counted already, followed at most. */
    static final int MAX_CONNECTIONS = 65_536;

    private HttpClientUnits() {}

    static List<ScopePoint> jdkClientPoints(Recorder recorder, StatementTable calls) {
        int kind = recorder.kind(new JdkClientCalls(calls));
        return List.of(new ScopePoint(
                MethodSelection.ofSelectors(
                        "jdk.internal.net.http.HttpClientImpl#send(..)",
                        "jdk.internal.net.http.HttpClientImpl#sendAsync(..)"),
                kind,
                ValueCode.argument(0),
                true));
    }

    static List<ScopePoint> urlConnectionPoints(Recorder recorder, StatementTable calls) {
        int kind = recorder.kind(new UrlConnectionCalls(calls));
        return List.of(new ScopePoint(
                MethodSelection.ofSelectors("sun.net.www.protocol.http.HttpURLConnection#getInputStream()"),
                kind,
                ValueCode.self()));
    }

    /** {@code METHOD host:port/path}, the path's identifiers as {@code {id}}. */
    static String text(String method, String scheme, String host, int port, String rawPath) {
        return verb(method) + place(scheme, host, port, rawPath);
    }

    static String verb(String method) {
        return method == null ? "GET" : method.toUpperCase(Locale.ROOT);
    }

    /** {@code " host:port/path"}: what follows the method. */
    static String place(String scheme, String host, int port, String rawPath) {
        int shownPort = port >= 0 ? port : "https".equalsIgnoreCase(scheme) ? 443 : 80;
        String path = rawPath == null || rawPath.isEmpty() ? "/" : Routes.path(rawPath);
        return " " + (host == null ? "?" : host.toLowerCase(Locale.ROOT)) + ":" + shownPort + path;
    }

    /**
     * The places of the URIs called lately, by the URI's text (which a {@code java.net.URI} keeps): a
     * program calls the same few URLs over and over. At most {@value #MAX_PLACES}; then it starts over.
     */
    static final class Places {
        static final int MAX_PLACES = 4_096;

        private final java.util.Map<String, String> places = new java.util.HashMap<>();

        String text(String method, URI uri) {
            String key = uri.toString();
            String place = get(key);
            if (place == null) {
                place = place(uri.getScheme(), uri.getHost(), uri.getPort(), uri.getRawPath());
                put(key, place);
            }
            return verb(method).concat(place);
        }

        /** The place of the URL whose text is {@code key}, if it was seen lately; else null. */
        synchronized String get(String key) {
            return places.get(key);
        }

        synchronized void put(String key, String place) {
            if (places.size() >= MAX_PLACES) {
                places.clear();
            }
            places.put(key, place);
        }
    }

    /** {@code send}: a call until it returns; {@code sendAsync}: until its future completes. */
    static final class JdkClientCalls implements ScopeListener {
        private final StatementTable calls;
        private final Places places = new Places();

        JdkClientCalls(StatementTable calls) {
            this.calls = calls;
        }

        @Override
        public void exited(Object value, Object outcome, Object context, long nanos, long selfNanos) {
            if (!(value instanceof java.net.http.HttpRequest)) {
                return;
            }
            java.net.http.HttpRequest request = (java.net.http.HttpRequest) value;
            String text = places.text(request.method(), request.uri());
            if (outcome instanceof CompletionStage) {
                CompletableFuture<?> future = ((CompletionStage<?>) outcome).toCompletableFuture();
                AsyncCall call = new AsyncCall(calls, text, context, future, FUTURES, System.nanoTime() - nanos);
                call.pendInRequest();
                future.whenComplete(call);
            } else {
                calls.record(text, nanos, failed(outcome), context);
            }
        }

        static boolean failed(Object outcome) {
            if (outcome instanceof java.net.http.HttpResponse) {
                return ((java.net.http.HttpResponse<?>) outcome).statusCode() >= 500;
            }
            return outcome instanceof Throwable || outcome == Recorder.ABANDONED;
        }
    }

    /** How a {@code sendAsync}'s future ends: failed when it completes exceptionally or with a status of 500 or more. */
    private static final AsyncCall.Ending FUTURES = new AsyncCall.Ending() {
        @Override
        public boolean isDone(Object handle) {
            return ((CompletableFuture<?>) handle).isDone();
        }

        @Override
        public boolean failed(Object handle) {
            CompletableFuture<?> future = (CompletableFuture<?>) handle;
            return future.isCompletedExceptionally() || JdkClientCalls.failed(future.getNow(null));
        }

        @Override
        public boolean failed(Object result, Throwable error) {
            return error != null || JdkClientCalls.failed(result);
        }
    };

    /** The first {@code getInputStream()} of each connection. */
    static final class UrlConnectionCalls implements ScopeListener {
        private final StatementTable calls;
        private final WeakIdentityMap<Boolean> counted = new WeakIdentityMap<>(MAX_CONNECTIONS);

        UrlConnectionCalls(StatementTable calls) {
            this.calls = calls;
        }

        @Override
        public void exited(Object value, Object outcome, Object context, long nanos, long selfNanos) {
            if (!(value instanceof java.net.HttpURLConnection) || counted.get(value) != null) {
                return;
            }
            counted.put(value, Boolean.TRUE);
            java.net.HttpURLConnection connection = (java.net.HttpURLConnection) value;
            URL url = connection.getURL();
            String text =
                    text(connection.getRequestMethod(), url.getProtocol(), url.getHost(), url.getPort(), url.getPath());
            boolean failed = outcome == Recorder.ABANDONED;
            if (outcome instanceof Throwable) {
                // an answer of 400 or more throws too: its status says whether the call failed
                int status;
                try {
                    status = connection.getResponseCode(); // known by now, unless no answer came
                } catch (java.io.IOException | RuntimeException e) {
                    status = -1;
                }
                failed = status < 0 || status >= 500;
            } else {
                try {
                    failed |= connection.getResponseCode() >= 500;
                } catch (java.io.IOException | RuntimeException e) {
                    failed = true;
                }
            }
            calls.record(text, nanos, failed, context);
        }
    }
}
