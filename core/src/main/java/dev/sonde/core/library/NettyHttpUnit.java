package dev.sonde.core.library;

import dev.sonde.core.record.Recorder;
import dev.sonde.core.record.ScopeListener;
import dev.sonde.core.selector.MethodSelection;
import dev.sonde.core.selector.MethodSelector;
import dev.sonde.core.weave.ScopePoint;
import dev.sonde.core.weave.ValueCode;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The {@code netty-http} unit: the requests a Netty 4.1 or 4.2 HTTP server decodes (its {@code
 * HttpServerCodec} or {@code HttpRequestDecoder}, under which Vert.x, Quarkus, Reactor Netty and Armeria
 * serve), each from the moment its head is decoded until the last part of its response is encoded, on
 * whatever thread the response is written from: an asynchronous handler's request ends with its
 * response, not when the handler returns. Three points, all read through Netty's public API:
 * <ul>
 *   <li>{@code HttpObjectDecoder#decode}: a request decoded on a channel starts a request of that
 *       channel, named by its method and path;
 *   <li>the program's {@code ChannelInboundHandler#channelRead} and {@code
 *       SimpleChannelInboundHandler#channelRead0} (those of Netty's own package are left alone): what runs
 *       inside them works for the request open on their channel, if any;
 *   <li>{@code HttpObjectEncoder#encode}: a response's status, and its last part, which ends the request.
 * </ul>
 * The open requests are held by their channel, weakly, {@value #MAX_CHANNELS} at most.
 */
final class NettyHttpUnit {

    static final String NAME = "netty-http";

    static final int MAX_CHANNELS = 65_536;

    private NettyHttpUnit() {}

    static List<ScopePoint> points(Recorder recorder, RequestTable requests) {
        WeakIdentityMap<RequestState> open = new WeakIdentityMap<>(MAX_CHANNELS);
        return List.of(
                new ScopePoint(
                        MethodSelection.ofSelectors("io.netty.handler.codec.http.HttpObjectDecoder#decode(..)"),
                        recorder.kind(new Decoded(requests, open)),
                        ValueCode.arguments(0, 2)),
                new ScopePoint(
                        MethodSelection.of(
                                List.of(
                                        MethodSelector.parse("io.netty.channel.ChannelInboundHandler+#channelRead(..)"),
                                        MethodSelector.parse(
                                                "io.netty.channel.SimpleChannelInboundHandler+#channelRead0(..)")),
                                List.of(MethodSelector.parse("io.netty.**"))),
                        recorder.kind(new Handled(open)),
                        ValueCode.argument(0)),
                new ScopePoint(
                        MethodSelection.ofSelectors("io.netty.handler.codec.http.HttpObjectEncoder#encode(..)"),
                        recorder.kind(new Encoded(requests, open)),
                        ValueCode.arguments(0, 1)));
    }

    /** The channel of a {@code ChannelHandlerContext}. */
    private static Object channel(Object context) {
        return Reflect.call(context, "channel");
    }

    /** Whether {@code value}'s class implements the interface of that name (looked up once per class). */
    static boolean is(Object value, String interfaceName) {
        return value != null && INTERFACES.get(value.getClass()).contains(interfaceName);
    }

    private static final ClassValue<java.util.Set<String>> INTERFACES = new ClassValue<java.util.Set<String>>() {
        @Override
        protected java.util.Set<String> computeValue(Class<?> type) {
            java.util.Set<String> names = new java.util.HashSet<>();
            Deque<Class<?>> pending = new ArrayDeque<>();
            pending.add(type);
            while (!pending.isEmpty()) {
                Class<?> next = pending.poll();
                if (next.isInterface()) {
                    names.add(next.getName());
                }
                for (Class<?> each : next.getInterfaces()) {
                    pending.add(each);
                }
                if (next.getSuperclass() != null) {
                    pending.add(next.getSuperclass());
                }
            }
            return names;
        }
    };

    /** After a decode: each request it produced starts a request of its channel. */
    static final class Decoded implements ScopeListener.Untimed {
        private final RequestTable requests;
        private final WeakIdentityMap<RequestState> open;

        Decoded(RequestTable requests, WeakIdentityMap<RequestState> open) {
            this.requests = requests;
            this.open = open;
        }

        @Override
        public void exited(Object value, Object outcome, Object context, long nanos, long selfNanos) {
            if (!(value instanceof Object[]) || !(((Object[]) value)[1] instanceof List)) {
                return;
            }
            List<?> out = (List<?>) ((Object[]) value)[1];
            for (int i = 0; i < out.size(); i++) {
                Object message = out.get(i);
                if (is(message, "io.netty.handler.codec.http.HttpRequest")) {
                    Object channel = channel(((Object[]) value)[0]);
                    if (channel != null && open.get(channel) == null) {
                        String method = String.valueOf(Reflect.call(Reflect.call(message, "method"), "name"));
                        Object uri = Reflect.call(message, "uri");
                        open.put(channel, requests.start(Routes.name(method, uri == null ? null : uri.toString())));
                    }
                }
            }
        }
    }

    /** A handler of the program's reads a message of a channel: inside the channel's open request. */
    static final class Handled implements ScopeListener.Untimed {
        private final WeakIdentityMap<RequestState> open;

        Handled(WeakIdentityMap<RequestState> open) {
            this.open = open;
        }

        @Override
        public Object entered(Object value, Object context) {
            Object channel = channel(value);
            RequestState request = channel == null ? null : open.get(channel);
            return request != null ? request : context;
        }
    }

    /** A part of a response encoded: its status kept; its last part ends the request. */
    static final class Encoded implements ScopeListener.Untimed {
        private final RequestTable requests;
        private final WeakIdentityMap<RequestState> open;

        Encoded(RequestTable requests, WeakIdentityMap<RequestState> open) {
            this.requests = requests;
            this.open = open;
        }

        @Override
        public void exited(Object value, Object outcome, Object context, long nanos, long selfNanos) {
            if (!(value instanceof Object[])) {
                return;
            }
            Object message = ((Object[]) value)[1];
            boolean response = is(message, "io.netty.handler.codec.http.HttpResponse");
            boolean last = is(message, "io.netty.handler.codec.http.LastHttpContent");
            if (!response && !last) {
                return;
            }
            Object channel = channel(((Object[]) value)[0]);
            RequestState request = channel == null ? null : open.get(channel);
            if (request == null) {
                return;
            }
            if (response) {
                request.status = Reflect.callInt(Reflect.call(message, "status"), "code", 0);
            }
            if (last) {
                open.remove(channel);
                requests.finish(request, System.nanoTime() - request.startNanos, request.status, null);
            }
        }
    }
}
