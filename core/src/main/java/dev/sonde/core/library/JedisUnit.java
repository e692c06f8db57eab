package dev.sonde.core.library;

import dev.sonde.core.record.Recorder;
import dev.sonde.core.record.ScopeListener;
import dev.sonde.core.selector.MethodSelection;
import dev.sonde.core.weave.ScopePoint;
import dev.sonde.core.weave.ValueCode;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;

/**
 * The {@code jedis} unit: every Redis command a program sends through Jedis (3.x to 8.x), as a scope of
 * kind {@code redis} around the call that sends it and reads its reply:
 * <ul>
 *   <li>the public methods of {@code Jedis} (and of 3.x's {@code BinaryJedis}): {@code jedis.get(key)};
 *   <li>{@code Connection#executeCommand(…)} (4.x and later): what {@code JedisPooled}, {@code
 *       UnifiedJedis} and {@code JedisCluster} run their commands through.
 * </ul>
 * The outermost of these on a thread is the command; the first {@code Connection#sendCommand(…)} inside
 * it names it, from the command and its first argument ({@link RedisText}). A call that sends nothing
 * ({@code close()}, {@code isConnected()}) is not counted. Commands queued in a pipeline or a transaction
 * are not counted one by one.
 */
final class JedisUnit {

    static final String NAME = "jedis";

    private JedisUnit() {}

    static List<ScopePoint> points(Recorder recorder, StatementTable commands) {
        int call = recorder.kind(new Calls(commands));
        int send = recorder.kind(new Sends());
        return List.of(
                ScopePoint.publicMethods(
                        MethodSelection.ofSelectors(
                                "redis.clients.jedis.Jedis#*(..)",
                                "redis.clients.jedis.BinaryJedis#*(..)",
                                "redis.clients.jedis.Connection+#executeCommand(..)"),
                        call,
                        ValueCode.constant(NAME)),
                new ScopePoint(
                        MethodSelection.ofSelectors("redis.clients.jedis.Connection+#sendCommand(..)"),
                        send,
                        ValueCode.allArguments()));
    }

    /** A command in progress: the request it runs in, and its text once sent. */
    static final class Call {
        final Object request;
        String text;

        Call(Object request) {
            this.request = request;
        }
    }

    /** The calls that send a command and read its reply: a command each, once something was sent. */
    static final class Calls implements ScopeListener {
        private final StatementTable commands;

        Calls(StatementTable commands) {
            this.commands = commands;
        }

        @Override
        public Object entered(Object value, Object context) {
            return new Call(context);
        }

        @Override
        public void exited(Object value, Object outcome, Object context, long nanos, long selfNanos) {
            if (context instanceof Call && ((Call) context).text != null) {
                Call call = (Call) context;
                boolean failed = outcome instanceof Throwable || outcome == Recorder.ABANDONED;
                commands.record(call.text, nanos, failed, call.request);
            }
        }
    }

    /** A command sent: names the call it is sent in, the first one only. Not a scope of its own. */
    static final class Sends implements ScopeListener.OnEntry {
        @Override
        public Object entered(Object value, Object context) {
            if (context instanceof Call && ((Call) context).text == null && value instanceof Object[]) {
                ((Call) context).text = text((Object[]) value);
            }
            return context;
        }
    }

    /**
     * The text of {@code sendCommand}'s arguments: {@code (ProtocolCommand[, byte[][] | String[] | Rawable])}
     * or 4.x's {@code (CommandArguments)}, an {@code Iterable} of {@code Rawable}s whose first is the command.
     */
    static String text(Object[] arguments) {
        if (arguments.length == 0 || arguments[0] == null) {
            return null;
        }
        Object command;
        Object first = null;
        if (arguments[0] instanceof Iterable) {
            Iterator<?> each = ((Iterable<?>) arguments[0]).iterator();
            command = each.hasNext() ? each.next() : null;
            first = each.hasNext() ? each.next() : null;
        } else {
            command = arguments[0];
            if (arguments.length > 1) {
                Object rest = arguments[1];
                if (rest instanceof byte[][]) {
                    first = ((byte[][]) rest).length > 0 ? ((byte[][]) rest)[0] : null;
                } else if (rest instanceof String[]) {
                    first = ((String[]) rest).length > 0 ? ((String[]) rest)[0] : null;
                } else {
                    first = rest;
                }
            }
        }
        RedisText.Command name = RedisText.commandOf(command, "getRaw");
        return name == null ? null : RedisText.of(name, raw(first));
    }

    /** The bytes of a command or an argument: itself, a string's, or a {@code Rawable}'s {@code getRaw()}. */
    private static byte[] raw(Object value) {
        if (value == null || value instanceof byte[]) {
            return (byte[]) value;
        }
        if (value instanceof String) {
            return ((String) value).getBytes(StandardCharsets.UTF_8);
        }
        Object raw = Reflect.call(value, "getRaw");
        return raw instanceof byte[] ? (byte[]) raw : null;
    }
}
