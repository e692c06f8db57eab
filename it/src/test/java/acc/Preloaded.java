package acc;

/** Loaded and called by a Java agent that runs before Sonde, then called by main: retransformation must catch it. */
public final class Preloaded {

    static int calls;

    public static void work() {
        calls++;
    }

    public static void main(String[] args) {
        for (int i = 0; i < 4; i++) {
            work();
        }
        System.out.println("calls=" + calls);
    }
}
