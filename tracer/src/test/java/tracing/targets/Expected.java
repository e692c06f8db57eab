package tracing.targets;

import java.util.function.IntUnaryOperator;

/**
 * Each line that runs carries the instructions the trace must show for it, in order, as a comment.
 * The test calls every method once with the argument named in its javadoc.
 */
public class Expected {

    static int seed;

    static {
        seed = 3; // trace: iconst_3 putstatic
    } // trace: return

    static class Base {
        final long value;

        Base(long value) { // trace: aload_0 invokespecial
            this.value = value; // trace: aload_0 lload_1 putfield
        } // trace: return
    }

    static class Derived extends Base {
        /** Called with 4. */
        Derived(int x) {
            super(x > 0 ? x : -x); // trace: aload_0 iload_1 ifle iload_1 i2l goto invokespecial
        } // trace: return
    }

    /** Called with 7. */
    static int branches(int x) {
        int y = x * 2; // trace: iload_0 iconst_2 imul istore_1
        if (y > 10) { // trace: iload_1 bipush if_icmple
            y = y - 10; // trace: iload_1 bipush isub istore_1
        }
        return y; // trace: iload_1 ireturn
    }

    /** Called with 2.5. */
    static double wide(double d) {
        long whole = (long) d; // trace: dload_0 d2l lstore_2
        return d - whole; // trace: dload_0 lload_2 l2d dsub dreturn
    }

    /** Called with 2. */
    static String table(int i) {
        switch (i) { // trace: iload_0 lookupswitch
            case 1:
                return "one";
            case 2:
                return "two"; // trace: ldc areturn
            default:
                return "many";
        }
    }

    /** Called with "x". */
    static int caught(String text) {
        try {
            return Integer.parseInt(text); // trace: aload_0 invokestatic
        } catch (NumberFormatException e) { // trace: astore_1
            return -1; // trace: iconst_m1 ireturn
        }
    }

    /** Called with 5. */
    static synchronized int locked(int x) {
        return x + seed; // trace: iload_0 getstatic iadd ireturn
    }

    /** Called with 9. */
    static int lambda(int x) {
        IntUnaryOperator twice = v -> v * 2; // trace: invokedynamic astore_1
        return twice.applyAsInt(x); // trace: aload_1 iload_0 invokeinterface ireturn
    }

    /** Called with 1. */
    static Object nested(int x) {
        return new Derived(x + 3); // trace: new dup iload_0 iconst_3 iadd invokespecial areturn
    }

    /** Called with 2. */
    static int loop(int n) {
        while (true) {
            if (n-- <= 0) { // trace: iload_0 iinc ifgt iload_0 iinc ifgt iload_0 iinc ifgt
                return n; // trace: iload_0 ireturn
            }
        }
    }
}
