package acc;

/** A short method called millions of times for over a second and a half: it moves to the counted tier. */
public class HotShort {
    static int sink;

    static int step(int x) {
        return Integer.rotateLeft(x, 3) ^ (x >>> 7);
    }

    static long run(long until) {
        long calls = 0;
        int x = 1;
        while (System.nanoTime() < until) {
            for (int i = 0; i < 1000; i++) {
                x = step(x);
                calls++;
            }
        }
        sink = x;
        return calls;
    }

    public static void main(String[] args) {
        System.out.println(run(System.nanoTime() + 1_600_000_000L));
    }
}
