package tracing.targets;

import java.util.concurrent.CountDownLatch;

/**
 * Calls whose trace the event cap cuts, that nest deeply, that run on many threads or are still running at the
 * end; a method of booleans.
 */
public class Capped {

    static int triple(int x) {
        int y = x * 3;
        return y;
    }

    static int sum() {
        int s = 0;
        for (int i = 1; i <= 3; i++) {
            s += triple(i);
        }
        return s;
    }

    static boolean flip(boolean on) {
        boolean off = !on;
        return off;
    }

    static int depth(int n) {
        return n == 0 ? 0 : 1 + depth(n - 1);
    }

    static int work(int seed) {
        int x = seed;
        for (int i = 0; i < 10; i++) {
            x = x * 31 + i;
        }
        return x;
    }

    static void await(CountDownLatch started, CountDownLatch release) throws InterruptedException {
        started.countDown();
        release.await();
    }

    static class Base {
        Base(int x) {}
    }

    static class Checked extends Base {
        Checked(int x) {
            super(positive(x)); // throws before super(…) completes: no handler may cover this
        }

        static int positive(int x) {
            if (x < 0) {
                throw new IllegalArgumentException("negative");
            }
            return x;
        }
    }

    static int make(int x) {
        try {
            new Checked(x);
            return 1;
        } catch (IllegalArgumentException e) {
            return -1;
        }
    }
}
