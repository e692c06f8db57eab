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
 * ({@code close()}, {@code isConnected()}) is not counted.
 *
 * <p>Commands sent outside such a call are a pipeline's or a transaction's, queued to be answered
 * together: they are gathered on the thread that sends them ({@link Batches}), and the call that reads
 * their replies ({@code Pipeline#sync()} and {@code #syncAndReturnAll()}; {@code Transaction#exec()} and
 * {@code #discard()}, 3.x's {@code #execGetResponse()}) is one command of its own, from the first one
 * sent until the replies are in, named by the distinct commands in it, in the order sent: {@code
 * PIPELINE (GET user:{n}:name, SMEMBERS user:{n}:history)}, {@code TRANSACTION (INCR visits, EXEC)}
 * (the transaction's {@code MULTI} is a call of its own, {@code jedis.multi()}). A Jedis call on the
 * thread starts the gathering anew: what was sent before it and never read (a connection's own
 * handshake) is no pipeline's.
 */
final class JedisUnit {

    static final String NAME = "jedis";

    private JedisUnit() {}

    static List<ScopePoint> points(Recorder recorder, StatementTable commands) {
        Batches batches = new Batches();
        int call = recorder.kind(new Calls(commands, batches));
        int send = recorder.kind(new Sends(batches));
        // one kind for both: only the outermost reads the batch (Jedis 8's transaction syncs its Jedis's
        // pipeline inside exec())
        int replies = recorder.kind(new Replies(commands, batches));
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
                        ValueCode.allArguments()),
                new ScopePoint(
                        MethodSelection.ofSelectors(
                                "redis.clients.jedis.Pipeline#sync()",
                                "redis.clients.jedis.Pipeline#syncAndReturnAll()"),
                        replies,
                        ValueCode.constant("PIPELINE")),
                new ScopePoint(
                        MethodSelection.ofSelectors(
                                "redis.clients.jedis.Transaction#exec()",
                                "redis.clients.jedis.Transaction#execGetResponse()",
                                "redis.clients.jedis.Transaction#discard()"),
                        replies,
                        ValueCode.constant("TRANSACTION")));
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
        private final Batches batches;

        Calls(StatementTable commands, Batches batches) {
            this.commands = commands;
            this.batches = batches;
        }

        @Override
        public Object entered(Object value, Object context) {
            batches.forget();
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
        private final Batches batches;

        Sends(Batches batches) {
            this.batches = batches;
        }

        @Override
        public Object entered(Object value, Object context) {
            if (!(value instanceof Object[])) {
                return context;
            }
            if (context instanceof Call) {
                if (((Call) context).text == null) {
                    ((Call) context).text = text((Object[]) value);
                }
            } else {
                String text = text((Object[]) value);
                if (text != null) {
                    batches.sent(text);
                }
            }
            return context;
        }
    }

    /**
     * The commands a thread sent outside any call and has not had answered yet, if any: a pipeline's or a
     * transaction's. Until a thread first sends one, nothing is looked up for it.
     */
    static final class Batches {
        /** The most distinct commands a batch's name lists; further ones are counted in "…". */
        static final int MAX_NAMED = 8;

        private final ThreadLocal<Batch> batches = new ThreadLocal<>();
        private volatile boolean any;

        /** A command sent outside any call, now. */
        void sent(String text) {
            Batch batch = batches.get();
            if (batch == null) {
                batch = new Batch();
                batches.set(batch);
                any = true;
            }
            if (batch.count == 0) {
                batch.start = System.nanoTime();
            }
            batch.count++;
            if (!batch.texts.contains(text)) {
                if (batch.texts.size() < MAX_NAMED) {
                    batch.texts.add(text);
                } else {
                    batch.more = true;
                }
            }
        }

        /**
         * A call of its own starts on this thread: what was sent before and never read is no batch's; unless
         * the call is one the reading of a batch makes (Jedis 8's transaction resets its Jedis as it ends).
         */
        void forget() {
            if (any) {
                Batch batch = batches.get();
                if (batch != null && !batch.reading) {
                    batch.clear();
                }
            }
        }

        /** The thread starts reading its batch's replies. */
        void reading() {
            if (any) {
                Batch batch = batches.get();
                if (batch != null) {
                    batch.reading = true;
                }
            }
        }

        /** The thread's batch, taken, its replies read: null when it sent nothing since. */
        Batch take() {
            Batch batch = any ? batches.get() : null;
            if (batch == null || batch.count == 0) {
                if (batch != null) {
                    batch.reading = false;
                }
                return null;
            }
            batches.set(new Batch());
            return batch;
        }
    }

    /** Commands sent to be answered together. */
    static final class Batch {
        long start;
        int count;
        boolean more;
        boolean reading;
        final List<String> texts = new java.util.ArrayList<>();

        void clear() {
            count = 0;
            more = false;
            reading = false;
            texts.clear();
        }

        /** {@code PIPELINE (GET user:{n}:name, SMEMBERS user:{n}:history)}. */
        String text(String kind) {
            StringBuilder text = new StringBuilder(kind).append(" (");
            for (int i = 0; i < texts.size(); i++) {
                text.append(i == 0 ? "" : ", ").append(texts.get(i));
            }
            return text.append(more ? ", …)" : ")").toString();
        }
    }

    /**
     * The call that reads a batch's replies: one command of its own, named after the batch (its scope's
     * value: {@code PIPELINE} or {@code TRANSACTION}), timed from the batch's first command sent until the
     * replies are in.
     */
    static final class Replies implements ScopeListener {
        private final StatementTable commands;
        private final Batches batches;

        Replies(StatementTable commands, Batches batches) {
            this.commands = commands;
            this.batches = batches;
        }

        @Override
        public Object entered(Object value, Object context) {
            batches.reading();
            return context;
        }

        @Override
        public void exited(Object value, Object outcome, Object context, long nanos, long selfNanos) {
            Batch batch = batches.take();
            if (batch != null) {
                boolean failed = outcome instanceof Throwable || outcome == Recorder.ABANDONED;
                commands.record(
                        batch.text(String.valueOf(value)),
                        batch.start,
                        System.nanoTime() - batch.start,
                        failed,
                        context);
            }
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
