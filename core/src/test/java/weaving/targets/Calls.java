package weaving.targets;

/** A method that calls an empty one a thousand times, for CompensationTest. */
public final class Calls {

    private Calls() {}

    public static int inner(int x) {
        return x + 1;
    }

    public static int outer(int n) {
        int sum = n;
        for (int i = 0; i < 1000; i++) {
            sum = inner(sum);
        }
        return sum;
    }
}
