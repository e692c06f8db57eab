package acc;

/**
 * For {@code time.counted}: a short method called millions of times and a long one (tens of
 * microseconds a call) called thousands of times, for five seconds (time enough, on a loaded machine, for the slow one to be
 * sampled and moved to the timed tier while it is still called); prints the calls of each.
 */
public class CountedFirst {
    static int sink;

    static int quick(int x) {
        for (int i = 0; i < 2; i++) {
            x = Integer.rotateLeft(x, 3) ^ ((x >>> 7) + i);
        }
        return x;
    }

    static int slow(int x) {
        for (int i = 0; i < 40_000; i++) {
            x = Integer.rotateLeft(x, 3) ^ ((x >>> 7) + i);
        }
        return x;
    }

    static long[] run(long until) {
        long quickCalls = 0;
        long slowCalls = 0;
        int x = 1;
        while (System.nanoTime() < until) {
            for (int i = 0; i < 1000; i++) {
                x = quick(x);
                quickCalls++;
            }
            x = slow(x);
            slowCalls++;
        }
        sink = x;
        return new long[] {quickCalls, slowCalls};
    }

    public static void main(String[] args) {
        long[] calls = run(System.nanoTime() + 5_000_000_000L);
        System.out.println(calls[0] + " " + calls[1]);
    }
}
