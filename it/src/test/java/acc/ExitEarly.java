package acc;

/**
 * Ends with {@code System.exit} from inside {@code main}, after a shutdown hook of its own was
 * registered; the hook does timed work, as a server's shutdown would.
 */
public final class ExitEarly {

    static int work(int x) {
        long end = System.nanoTime() + 2_000_000;
        while (System.nanoTime() < end) {
            x = x * 31 + 7;
        }
        return x;
    }

    static void shutDown() {
        int sum = 0;
        for (int i = 0; i < 5; i++) {
            sum += work(i);
        }
        System.out.println("shut down " + (sum != 1));
    }

    public static void main(String[] args) {
        Runtime.getRuntime().addShutdownHook(new Thread(ExitEarly::shutDown, "app-shutdown"));
        work(1);
        System.out.println("exiting");
        System.exit(3);
    }
}
