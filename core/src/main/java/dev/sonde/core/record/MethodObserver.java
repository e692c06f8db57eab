package dev.sonde.core.record;

/**
 * A thread's context that wants to know the timed methods the thread runs inside it (a request, to place
 * them in its tree): told, on the thread itself, with the thread's own timings off, of each timed call
 * that starts and ends while it is the thread's context. A call that started under another context may
 * end under this one, and the other way round: it must bear that.
 */
public interface MethodObserver {

    /** A timed call of {@code method} (an id of the registry) starts. */
    void methodEntered(int method);

    /** The timed call of {@code method} that started last on this thread ends, after {@code nanos}. */
    void methodExited(int method, long nanos, boolean failed);
}
