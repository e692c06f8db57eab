package dev.sonde.bootstrap;

/**
 * One thread's stack of timed calls, as woven code drives it: {@link #enter} as a timed method starts,
 * then {@link #exit} or {@link #exitWithError} with what {@code enter} returned, as it ends.
 *
 * <p>Woven code keeps the object and the frame in two locals, so that a call costs one thread-local
 * lookup. A frame whose end was never reported (a {@link StackOverflowError} struck the probe's own
 * exit call, say) is closed by the next end reported beneath it.
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
}
