package acc;

/**
 * Recurses until the stack overflows, five times, catching the error; an unrelated method runs ten
 * times in between. Prints its own counts, for the probe's to be compared with.
 */
public final class Overflow {

    static long deepCalls;
    static long unrelatedCalls;
    static long constructed;

    static int deep(int n) {
        deepCalls++;
        return deep(n + 1) + 1;
    }

    static int unrelated(int x) {
        unrelatedCalls++;
        return x * 2;
    }

    /** What {@link Node} extends: its constructor is where a stack overflow may strike first. */
    static class Base {
        Base(long count) {}
    }

    /** Deep recursion through a constructor too; it counts itself before anything it calls could overflow. */
    static final class Node extends Base {
        final Node next;

        Node(int depth) {
            super(constructed++);
            next = new Node(depth + 1);
        }
    }

    public static void main(String[] args) {
        for (int round = 0; round < 5; round++) {
            try {
                deep(0);
            } catch (StackOverflowError e) {
                // expected: the program recovers and goes on
            }
            try {
                new Node(0);
            } catch (StackOverflowError e) {
                // expected
            }
            unrelated(round);
            unrelated(round);
        }
        System.out.println("deep=" + deepCalls + " node=" + constructed + " unrelated=" + unrelatedCalls);
    }
}
