package dev.sonde.core.record;

/**
 * Receives the scopes of one kind (the SQL statements of the JDBC instrumentation, say) as threads enter
 * and leave them: synchronously, on the thread that runs them, with that thread's own timings off. It
 * must be quick and must not throw; what it throws is dropped.
 */
public interface ScopeListener {

    /**
     * A scope starts with {@code value}, inside {@code context} (the thread's, or null); returns the
     * context for what runs inside it: {@code context} itself (as here, for a listener that only hears of
     * ends), or a new one (an incoming request).
     */
    default Object entered(Object value, Object context) {
        return context;
    }

    /**
     * The scope ended after {@code nanos}, {@code selfNanos} of them outside the timed methods and other
     * scopes it ran. {@code outcome} is null (a normal end), a throwable, a status code (boxed) or
     * {@link Recorder#ABANDONED} (its end was never reported: it was closed by a frame beneath it);
     * {@code context} is the one {@link #entered} gave it. Nothing here, for a listener that only hears of
     * starts.
     */
    default void exited(Object value, Object outcome, Object context, long nanos, long selfNanos) {}

    /**
     * A listener told only that a scope starts, for what its value says (the command a client sends, to
     * name the call around it): {@link #entered} is called, its answer ignored, and nothing more: no frame,
     * no clock read, {@link #exited} never. Every one of them is told, nested or not.
     */
    interface OnEntry extends ScopeListener {}

    /**
     * A listener that needs no time: its scope reads no clock, and {@link #exited} is told 0 nanoseconds
     * (the scope of a task handed on or run, of a statement prepared). The timed calls inside it count in
     * the time of the scope or method beneath it, as if it were not there.
     */
    interface Untimed extends ScopeListener {}

    /**
     * A listener that may give the woven method something else to go on with in place of the argument its
     * scope's value is (see {@code ScopePoint#handingOn}): told after {@link #entered}, with the context
     * the scope was entered in, for the outermost scope of its kind only.
     */
    interface HandsOn extends ScopeListener {
        /**
         * What the method goes on with instead of {@code value}: {@code value} itself, or an object of a
         * type the method's parameter accepts.
         */
        Object handOn(Object value, Object context);
    }
}
