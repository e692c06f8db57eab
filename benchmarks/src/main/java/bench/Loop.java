package bench;

/** A hot loop of 13 instructions an iteration: 13 × n + 9 instructions a call. */
public final class Loop {

    private Loop() {}

    public static int sum(int n) {
        int total = 0;
        for (int i = 0; i < n; i++) {
            total += i ^ (total >>> 3);
        }
        return total;
    }
}
