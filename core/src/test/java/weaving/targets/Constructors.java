package weaving.targets;

/** Constructors: branches in the arguments of super(…), this(…), and new with nested calls among its arguments. */
public class Constructors {

    public static class Base {
        final int value;

        public Base(int value) {
            this.value = value;
        }
    }

    public static class Derived extends Base {
        public Derived(int x) {
            super(x > 0 ? x : -x); // timed: Derived#<init>(I)V
        }

        public Derived(String text) {
            this(Integer.parseInt(text)); // timed: Derived#<init>(String), and the (I)V it calls;
            // an error before this(…) completes is counted too
        }
    }

    public static class Pair {
        final Object left;
        final int right;

        public Pair(Object left, int right) {
            if (right < 0) {
                throw new IllegalArgumentException("negative"); // error after super(): counted as an error
            }
            this.left = left;
            this.right = right;
        }
    }

    static int compute(int x) {
        return x * 2;
    }

    public static int nested() {
        Pair pair = new Pair(new Derived(compute(-3)), compute(4)); // new inside new, calls among the arguments
        return ((Base) pair.left).value + pair.right;
    }
}
