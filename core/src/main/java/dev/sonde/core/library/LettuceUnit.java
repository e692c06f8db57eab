package dev.sonde.core.library;

import dev.sonde.core.record.Recorder;
import dev.sonde.core.record.ScopeListener;
import dev.sonde.core.selector.MethodSelection;
import dev.sonde.core.weave.ScopePoint;
import dev.sonde.core.weave.ValueCode;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/**
 * The {@code lettuce} unit: every Redis command a program sends through Lettuce (6.x and 7.x), whichever
 * API sends it (sync, async, reactive: all hand the connection a command through {@code
 * RedisChannelHandler#dispatch(RedisCommand)}), from its dispatch until its result completes, on
 * whichever thread completes it. The command's type names it, and the first argument its arguments mark
 * as a key gives the key pattern ({@link RedisText}). A command that completes exceptionally (a Redis
 * error, a time-out, a cancellation) is an error. Commands handed over together ({@code
 * dispatch(Collection)}) are each counted the same way, from the hand-over.
 */
final class LettuceUnit {

    static final String NAME = "lettuce";

    private LettuceUnit() {}

    static List<ScopePoint> points(Recorder recorder, StatementTable commands) {
        // one kind for both: commands handed over together are not handed over one by one again inside
        return List.of(new ScopePoint(
                MethodSelection.ofSelectors(
                        "io.lettuce.core.RedisChannelHandler+#dispatch(io.lettuce.core.protocol.RedisCommand)",
                        "io.lettuce.core.RedisChannelHandler+#dispatch(java.util.Collection)"),
                recorder.kind(new Dispatches(commands)),
                ValueCode.argument(0)));
    }

    /** A command handed to a connection, or commands handed over together: each followed until it completes. */
    static final class Dispatches implements ScopeListener {
        private final StatementTable commands;

        Dispatches(StatementTable commands) {
            this.commands = commands;
        }

        @Override
        public void exited(Object value, Object outcome, Object context, long nanos, long selfNanos) {
            if (value instanceof java.util.Collection) {
                for (Object command : (java.util.Collection<?>) value) {
                    follow(command, outcome, context, nanos);
                }
            } else {
                follow(value, outcome, context, nanos);
            }
        }

        private void follow(Object value, Object outcome, Object context, long nanos) {
            String text = text(value);
            if (text == null) {
                return;
            }
            if (outcome instanceof Throwable || outcome == Recorder.ABANDONED) {
                commands.record(text, nanos, true, context); // refused before it was sent
                return;
            }
            AsyncCall call = new AsyncCall(commands, text, context, value, COMMANDS, System.nanoTime() - nanos);
            if (value instanceof CompletableFuture) {
                call.pendInRequest();
                ((CompletableFuture<?>) value).whenComplete(call);
            } else if (onComplete(value, call)) {
                call.pendInRequest();
            }
        }
    }

    /** The text of a {@code RedisCommand}: its type, and the pattern of its first key if it has one. */
    static String text(Object command) {
        RedisText.Command name = RedisText.commandOf(Reflect.call(command, "getType"), "getBytes");
        if (name == null) {
            return null;
        }
        Object key = Reflect.call(Reflect.call(command, "getArgs"), "getFirstEncodedKey");
        byte[] bytes = null;
        if (key instanceof ByteBuffer) {
            ByteBuffer buffer = ((ByteBuffer) key).duplicate();
            bytes = new byte[Math.min(buffer.remaining(), 4 * RedisText.MAX_KEY)];
            buffer.get(bytes);
        }
        return RedisText.of(name, bytes);
    }

    /** Asks a command that is not a future (a reactive subscription's) to tell {@code call} as it completes. */
    private static boolean onComplete(Object command, AsyncCall call) {
        Method method = ON_COMPLETE.get(command.getClass());
        if (method == null) {
            return false;
        }
        try {
            method.invoke(command, call);
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    /** {@code CommandWrapper#onComplete(BiConsumer)} of a class, or null. */
    private static final ClassValue<Method> ON_COMPLETE = new ClassValue<Method>() {
        @Override
        protected Method computeValue(Class<?> type) {
            for (Class<?> each = type; each != null; each = each.getSuperclass()) {
                if (java.lang.reflect.Modifier.isPublic(each.getModifiers())) {
                    try {
                        return each.getMethod("onComplete", BiConsumer.class);
                    } catch (NoSuchMethodException e) {
                        return null;
                    }
                }
            }
            return null;
        }
    };

    /** How a command ends: a future's way, or {@code isDone()} and its output's {@code hasError()}. */
    private static final AsyncCall.Ending COMMANDS = new AsyncCall.Ending() {
        @Override
        public boolean isDone(Object handle) {
            return Boolean.TRUE.equals(Reflect.call(handle, "isDone"));
        }

        @Override
        public boolean failed(Object handle) {
            if (handle instanceof CompletableFuture) {
                return ((CompletableFuture<?>) handle).isCompletedExceptionally();
            }
            return Boolean.TRUE.equals(Reflect.call(Reflect.call(handle, "getOutput"), "hasError"));
        }

        @Override
        public boolean failed(Object result, Throwable error) {
            return error != null;
        }
    };
}
