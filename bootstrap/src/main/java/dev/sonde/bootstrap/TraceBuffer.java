package dev.sonde.bootstrap;

/**
 * Receives the events of one thread's traced invocations, in the order woven code calls it: after
 * {@link Trace#enter} the receiver and arguments; then, before each instruction, {@link #step} followed
 * by the operand stack (bottom to top) and the readable locals, as values; {@link #returned} or
 * {@link #unwound} at the end.
 */
public abstract class TraceBuffer {

    public abstract void step(int instruction);

    public abstract void i(int value);

    public abstract void j(long value);

    public abstract void f(float value);

    public abstract void d(double value);

    public abstract void a(Object value);

    /** A reference that is not initialised yet; it cannot be read. */
    public abstract void u();

    /** Before an invoke instruction, when calls are followed: the receiver (null for none or unknown). */
    public abstract void call(Object receiver);

    public abstract void returned();

    public abstract void unwound(Throwable thrown);
}
