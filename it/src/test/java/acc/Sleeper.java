package acc;

/** Waits to be stopped by a signal; its shutdown hook says so. */
public final class Sleeper {

    static void nap() throws InterruptedException {
        Thread.sleep(100);
    }

    public static void main(String[] args) throws Exception {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("sleeper stopped")));
        nap();
        System.out.println("ready");
        System.out.flush();
        Thread.sleep(60_000);
    }
}
