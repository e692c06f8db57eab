package dev.sonde.core.library;

import java.util.function.BiConsumer;

/**
 * A call that ends after the method that started it has returned (an HTTP client's {@code sendAsync}, a
 * Redis command whose reply comes on an I/O thread): recorded when the library says it ended, on whatever
 * thread, or as its request ends if it has ended by then and the program saw the result first (a future's
 * later stages run before the earlier ones): whichever comes first, once.
 */
final class AsyncCall implements BiConsumer<Object, Throwable>, RequestState.Pending {

    /** What a library's handle on a call says about its end. */
    interface Ending {
        /** Whether the call has ended. */
        boolean isDone(Object handle);

        /** Whether the call, ended, failed. */
        boolean failed(Object handle);

        /** Whether the call that ended with {@code result} or {@code error} failed. */
        boolean failed(Object result, Throwable error);
    }

    private final StatementTable calls;
    private final String text;
    private final Object context;
    private final Object handle;
    private final Ending ending;
    private final long startNanos;
    private boolean recorded;

    /** A call of {@code text}, started at {@code startNanos} ({@code System.nanoTime()}) inside {@code context}. */
    AsyncCall(StatementTable calls, String text, Object context, Object handle, Ending ending, long startNanos) {
        this.calls = calls;
        this.text = text;
        this.context = context;
        this.handle = handle;
        this.ending = ending;
        this.startNanos = startNanos;
    }

    /** Makes it a pending call of its request, if it has one, so that the request's end settles it. */
    void pendInRequest() {
        if (context instanceof RequestState) {
            ((RequestState) context).pending(this);
        }
    }

    @Override
    public void accept(Object result, Throwable error) {
        try {
            record(ending.failed(result, error), System.nanoTime());
        } catch (RuntimeException | Error e) {
            // never into the library's completion
        }
    }

    @Override
    public void settle(long end) {
        if (ending.isDone(handle)) {
            record(ending.failed(handle), Math.min(end, System.nanoTime()));
        }
    }

    /**
     * Records the call, once. Under this call's lock to the end: a request settling its calls as it ends
     * waits for one its library is recording that moment, so that the request's figures, read next,
     * have it.
     */
    private synchronized void record(boolean failed, long end) {
        if (recorded) {
            return;
        }
        recorded = true;
        calls.record(text, startNanos, Math.max(0, end - startNanos), failed, context);
    }
}
