package dev.sonde.core.library;

import dev.sonde.core.record.Recorder;
import dev.sonde.core.record.ScopeListener;
import dev.sonde.core.selector.MethodSelection;
import dev.sonde.core.weave.ScopePoint;
import dev.sonde.core.weave.ValueCode;
import java.net.URI;
import java.util.List;

/**
 * The units of the HTTP client libraries a program brings, each call a statement of kind {@code http}
 * named as the JDK's clients' are ({@link HttpClientUnits#text}), read through the libraries' public API:
 * <ul>
 *   <li>{@code apache-httpclient}: Apache HttpClient 4.x ({@code org.apache.http}) and 5.x classic
 *       ({@code org.apache.hc.client5}), {@code CloseableHttpClient#doExecute}, which every
 *       {@code execute} overload runs, until the response's head is in;
 *   <li>{@code okhttp}: OkHttp 3.x to 5.x, {@code RealCall#getResponseWithInterceptorChain}, which
 *       {@code Call#execute()} and an enqueued call run, retries and redirects inside it, until the
 *       response's head is in.
 * </ul>
 */
final class HttpLibraryUnits {

    static final String APACHE = "apache-httpclient";
    static final String OKHTTP = "okhttp";

    private HttpLibraryUnits() {}

    static List<ScopePoint> apachePoints(Recorder recorder, StatementTable calls) {
        int kind = recorder.kind(new ApacheCalls(calls));
        return List.of(new ScopePoint(
                MethodSelection.ofSelectors(
                        "org.apache.http.impl.client.CloseableHttpClient+#doExecute(..)",
                        "org.apache.hc.client5.http.impl.classic.CloseableHttpClient+#doExecute(..)"),
                kind,
                ValueCode.arguments(0, 1),
                true));
    }

    static List<ScopePoint> okHttpPoints(Recorder recorder, StatementTable calls) {
        int kind = recorder.kind(new OkHttpCalls(calls));
        return List.of(new ScopePoint(
                MethodSelection.ofSelectors("okhttp3.**.RealCall#getResponseWithInterceptorChain*(..)"),
                kind,
                ValueCode.self(),
                true));
    }

    /** A client's call: its text from the scope's value, failed when it threw or answered 500 or more. */
    abstract static class ClientCalls implements ScopeListener {
        private final StatementTable calls;

        ClientCalls(StatementTable calls) {
            this.calls = calls;
        }

        /** The call's text, or null when it cannot be read. */
        abstract String text(Object value);

        /** The status of the response a call returned, or -1. */
        abstract int status(Object response);

        @Override
        public void exited(Object value, Object outcome, Object context, long nanos, long selfNanos) {
            String text = text(value);
            if (text == null) {
                return;
            }
            boolean failed = outcome instanceof Throwable
                    || outcome == Recorder.ABANDONED
                    || (outcome != null && status(outcome) >= 500);
            calls.record(text, nanos, failed, context);
        }
    }

    /** {@code doExecute(HttpHost target, HttpRequest request, HttpContext context)}, 4.x and 5.x. */
    static final class ApacheCalls extends ClientCalls {
        private final HttpClientUnits.Places places = new HttpClientUnits.Places();

        ApacheCalls(StatementTable calls) {
            super(calls);
        }

        @Override
        String text(Object value) {
            if (!(value instanceof Object[]) || ((Object[]) value).length < 2) {
                return null;
            }
            Object target = ((Object[]) value)[0];
            Object request = ((Object[]) value)[1];
            Object method = Reflect.call(request, "getMethod"); // 5.x
            if (method == null) {
                method = Reflect.call(Reflect.call(request, "getRequestLine"), "getMethod"); // 4.x
            }
            Object uri = Reflect.call(request, "getURI"); // 4.x
            if (uri == null) {
                uri = Reflect.call(request, "getUri"); // 5.x
            }
            if (uri instanceof URI && ((URI) uri).isAbsolute() && ((URI) uri).getHost() != null) {
                // the usual request, made from a whole URL: its place known by the URL's text
                return places.text(String.valueOf(method), (URI) uri);
            }
            String path = uri instanceof URI ? ((URI) uri).getRawPath() : null;
            if (target != null) {
                return HttpClientUnits.text(
                        String.valueOf(method),
                        String.valueOf(Reflect.call(target, "getSchemeName")),
                        String.valueOf(Reflect.call(target, "getHostName")),
                        Reflect.callInt(target, "getPort", -1),
                        path);
            }
            if (uri instanceof URI) {
                URI absolute = (URI) uri;
                return HttpClientUnits.text(
                        String.valueOf(method), absolute.getScheme(), absolute.getHost(), absolute.getPort(), path);
            }
            return null;
        }

        @Override
        int status(Object response) {
            int code = Reflect.callInt(response, "getCode", -1); // 5.x
            return code >= 0 ? code : Reflect.callInt(Reflect.call(response, "getStatusLine"), "getStatusCode", -1);
        }
    }

    /** A {@code RealCall}: its {@code request()}'s method and URL. */
    static final class OkHttpCalls extends ClientCalls {
        private final HttpClientUnits.Places places = new HttpClientUnits.Places();

        OkHttpCalls(StatementTable calls) {
            super(calls);
        }

        @Override
        String text(Object value) {
            Object request = Reflect.call(value, "request");
            Object url = Reflect.call(request, "url");
            if (url == null) {
                return null;
            }
            String key = url.toString(); // an HttpUrl keeps its text
            String place = places.get(key);
            if (place == null) {
                place = HttpClientUnits.place(
                        String.valueOf(Reflect.call(url, "scheme")),
                        String.valueOf(Reflect.call(url, "host")),
                        Reflect.callInt(url, "port", -1),
                        String.valueOf(Reflect.call(url, "encodedPath")));
                places.put(key, place);
            }
            return HttpClientUnits.verb(String.valueOf(Reflect.call(request, "method")))
                    .concat(place);
        }

        @Override
        int status(Object response) {
            return Reflect.callInt(response, "code", -1);
        }
    }
}
