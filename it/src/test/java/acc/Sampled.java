package acc;

/**
 * Two short methods called millions of times for three seconds, one about twenty times the work of the
 * other: both move to the counted tier, and stack samples must tell their times apart.
 */
public class Sampled {
    static int sink;

    static int cheap(int x) {
        for (int i = 0; i < 2; i++) {
            x = Integer.rotateLeft(x, 3) ^ ((x >>> 7) + i);
        }
        return x;
    }

    static int dear(int x) {
        for (int i = 0; i < 40; i++) {
            x = Integer.rotateLeft(x, 3) ^ ((x >>> 7) + i);
        }
        return x;
    }

    static long run(long until) {
        long calls = 0;
        int x = 1;
        while (System.nanoTime() < until) {
            for (int i = 0; i < 1000; i++) {
                x = cheap(x);
                x = dear(x);
                calls++;
            }
        }
        sink = x;
        return calls;
    }

    public static void main(String[] args) {
        System.out.println(run(System.nanoTime() + 3_000_000_000L));
    }
}
