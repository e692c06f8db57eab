package dev.sonde.bootstrap;

import jdk.internal.vm.annotation.DontInline;

/**
 * One thread's stack of timed calls and library scopes, as woven code drives it: {@link #enter} as a
 * timed method starts, then {@link #exit} or {@link #exitWithError} with what {@code enter} returned, as
 * it ends; {@link #enterScope} and {@link #exitScope} around a library's call (a SQL statement, a Redis
 * command, an HTTP exchange, an incoming request), with a value the woven code took from the library's
 * own objects; and the thread's context (the request it serves), which woven code carries to the thread
 * that runs work handed on.
 *
 * <p>Woven code keeps the object and the frame in two locals, so that a call costs one thread-local
 * lookup. A frame whose end was never reported (a {@link StackOverflowError} struck the probe's own
 * exit call, say) is closed by the next end reported beneath it.
 *
 * <p>Woven code passes only JDK types here (strings, boxed numbers, throwables): the probe's code lives
 * in another class loader and never sees the library's classes, so the woven code reads what it needs
 * from them itself.
 */
public abstract class Frames {

    /** Records nothing: what woven code gets before the probe is ready or after it stops. */
    public static final Frames NONE = new Frames() {
        @Override
        public int enter(int method) {
            return -1;
        }

        @Override
        public void exit(int frame) {}

        @Override
        public void exitWithError(int frame) {}

        @Override
        public int enterOrCount(int method, int counter) {
            return -1;
        }

        @Override
        public int enterScope(int kind, Object value) {
            return -1;
        }

        @Override
        public void exitScope(int frame, Object outcome) {}

        @Override
        public Object context() {
            return null;
        }

        @Override
        public Object attach(Object context) {
            return null;
        }

        @Override
        public void detach(Object previous) {}
    };

    /**
     * A call of {@code method} (an id handed out at weaving time) starts; returns the frame to pass to
     * {@link #exit}, or -1 when this call is not recorded.
     */
    public abstract int enter(int method);

    /** The call that {@code enter} answered with {@code frame} returns normally. */
    public abstract void exit(int frame);

    /** The call that {@code enter} answered with {@code frame} ends with a throwable, which is rethrown untouched. */
    public abstract void exitWithError(int frame);

    /**
     * A call starts of a method woven to be either counted or timed, as the probe decides while the
     * program runs (the tiers): counted under {@code counter} (a number the probe gave the method, not its
     * id; no clock is read and nothing is pushed) and answered with -1 (its {@code exitCounted} then does
     * nothing), or, while the probe times the method, entered as {@link #enter} does with {@code method}.
     */
    public abstract int enterOrCount(int method, int counter);

    /**
     * What {@link #enterOrCount} does once the method is timed: {@link #enter}, behind a call the JIT
     * never inlines. Every woven method inlines {@code enterOrCount}, and the JVM's profile of it is one
     * for them all: once a few methods are timed, inlining {@code enter} as well would copy the timed
     * path into the compiled code of every counted method.
     */
    @DontInline
    protected final int enterTimed(int method) {
        return enter(method);
    }

    /**
     * The call that {@link #enterOrCount} answered with {@code frame} returns normally: nothing for a
     * counted call (-1), {@link #exit} for a timed one, behind a call the JIT never inlines (see
     * {@link #enterTimed}).
     */
    public final void exitCounted(int frame) {
        if (frame >= 0) {
            exitTimed(frame);
        }
    }

    @DontInline
    private void exitTimed(int frame) {
        exit(frame);
    }

    /**
     * A library call of {@code kind} (an id the probe handed out when it wove the call) starts, with
     * {@code value} (a SQL text, a command, a route). Only the outermost scope of a kind is recorded on a
     * thread: inside it (a pool's statement wrapping the driver's), this answers -1, as it does when
     * nothing is recorded.
     */
    public abstract int enterScope(int kind, Object value);

    /**
     * The scope that {@code enterScope} answered with {@code frame} ends: {@code outcome} is null when it
     * ended normally, the throwable that ended it (rethrown untouched), or what the call returned that
     * says how it went (a status code, boxed).
     */
    public abstract void exitScope(int frame, Object outcome);

    /**
     * What the method woven with the scope that {@code enterScope} answered with {@code frame} goes on with
     * in place of its argument {@code value}: the argument itself, or what the scope's listener hands on
     * instead (a task wrapped with the context it was handed on in, {@link Carried}). The same type as the
     * argument, always.
     */
    public Object handOn(int frame, Object value) {
        return value;
    }

    /** What this thread works for now (the request it serves), or null: to carry to work handed on. */
    public abstract Object context();

    /** Makes {@code context} this thread's, for work handed on from another thread; returns what was, for {@link #detach}. */
    public abstract Object attach(Object context);

    /** Gives the thread back the context {@link #attach} returned, as the work handed on ends. */
    public abstract void detach(Object previous);
}
