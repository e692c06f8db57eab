package dev.sonde.core.library;

import com.sun.net.httpserver.HttpExchange;
import dev.sonde.core.selector.MethodSelection;
import dev.sonde.core.weave.ScopePoint;
import dev.sonde.core.weave.ValueCode;

/**
 * The {@code jdk-httpserver} unit: each exchange the JDK's HTTP server ({@code com.sun.net.httpserver})
 * hands to the program is a request, from the outermost {@code Filter.Chain#doFilter} (the JDK's chain
 * of the context's filters and then its handler, whatever classes they are: a lambda's too, which no
 * agent can weave) until it returns; named by its method and path (identifiers replaced by {@code {id}},
 * see {@link Routes}); failed when a throwable escapes or the status sent is 500 or more. A handler that
 * hands the exchange to another thread and returns ends the request as it returns.
 *
 * <p>The probe reads the exchange through the JDK's own interface: the woven code passes it as a plain
 * value. The point weaves a class of the JDK's {@code jdk.httpserver} module.
 */
final class JdkHttpServerUnit implements RequestTable.Reader {

    static final String NAME = "jdk-httpserver";

    /** The scope to weave, of the {@code request} kind. */
    static ScopePoint point(int request) {
        return new ScopePoint(
                MethodSelection.ofSelectors(
                        "com.sun.net.httpserver.Filter$Chain#doFilter(com.sun.net.httpserver.HttpExchange)"),
                request,
                ValueCode.argument(0));
    }

    @Override
    public String name(Object value) {
        if (!(value instanceof HttpExchange)) {
            return "? " + Routes.path(null);
        }
        HttpExchange exchange = (HttpExchange) value;
        return Routes.name(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath());
    }

    @Override
    public int status(Object value) {
        return value instanceof HttpExchange ? Math.max(0, ((HttpExchange) value).getResponseCode()) : 0;
    }
}
