package acc;

/** Many short-lived threads, one after another, each computing one value; prints them all. */
public final class ShortThreads {

    static int work(int seed) {
        int x = seed;
        for (int i = 0; i < 10; i++) {
            x = x * 31 + i;
        }
        return x;
    }

    public static void main(String[] args) throws Exception {
        int threads = Integer.parseInt(args[0]);
        int[] results = new int[threads];
        for (int t = 0; t < threads; t++) {
            int seed = t;
            Thread thread = new Thread(() -> results[seed] = work(seed), "worker-" + t);
            thread.start();
            thread.join();
        }
        StringBuilder out = new StringBuilder();
        for (int t = 0; t < threads; t++) {
            out.append("worker-").append(t).append('=').append(results[t]).append('\n');
        }
        System.out.print(out);
    }
}
