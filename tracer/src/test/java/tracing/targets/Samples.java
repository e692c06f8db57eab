package tracing.targets;

/** Shapes the analysis must describe exactly; each comment gives the expectation checked by the test. */
public class Samples {

    static class Base {
        final int value;

        Base(int value) {
            this.value = value;
        }
    }

    static class Derived extends Base {
        Derived(int x) {
            super(x > 0 ? x : -x); // before super(): 'this' uninitialised, on the stack and in local 0
        }
    }

    static int compute(int x) {
        return x * 2;
    }

    static Object nested() {
        return new Derived(compute(3)); // new leaves an uninitialised reference under compute's result
    }

    static int scoped(boolean flag) {
        int result;
        if (flag) {
            int a = 1;
            result = a;
        } else {
            int b = 2;
            result = b;
        }
        return result; // the frame here drops slot 2 (a or b): only flag and result may be read
    }

    static String afterJoin(boolean flag) {
        Object chosen;
        if (flag) {
            chosen = "first";
        } else {
            String second = "second"; // a local only this branch has: the analysis reaches the join twice
            chosen = second;
        }
        return new StringBuilder(chosen.toString()).toString(); // so it runs the new twice: one value, one kind
    }

    static double wide(long a, double b) {
        return a * b;
    }

    static int loop(int n) {
        while (true) { // first instruction at offset 0 is a branch target
            if (n-- <= 0) {
                return n;
            }
        }
    }

    static String switches(int i, String s) {
        switch (i) {
            case 1:
                return "one";
            case 2:
                return "two";
            case 3:
                return "three";
            default:
                break;
        }
        switch (s) {
            case "x":
                return "ex";
            default:
                return s + i;
        }
    }

    static int caught(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return -1;
        } finally {
            s = null;
        }
    }

    static long constants() {
        long big = 123456789012L;
        float f = 1.5f;
        String text = "line\nbreak";
        int[] array = new int[3];
        int[][] grid = new int[2][4];
        Runnable lambda = () -> {};
        lambda.run();
        return big + (long) f + text.length() + array.length + grid.length;
    }

    synchronized int locked(int x) {
        return x + 1;
    }
}
