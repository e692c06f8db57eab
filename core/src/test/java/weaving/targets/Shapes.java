package weaving.targets;

/** Methods of every shape, for SmallMethodsTest: the ones whose names start with "small" are small, the others are not. */
public final class Shapes {
    private int x;
    private String name = "n";
    private final Object lock = new Object();

    public int smallGetter() {
        return x;
    }

    public void smallSetter(int value) {
        x = value;
    }

    public static int smallConstant() {
        return 42;
    }

    public boolean smallComparison(int a, int b) {
        return a < b && x != 0;
    }

    public String smallChoice(String other) {
        return name != null ? name : other;
    }

    public int callsAnother() {
        return smallGetter();
    }

    public int loops(int n) {
        int sum = 0;
        for (int i = 0; i < n; i++) {
            sum += i;
        }
        return sum;
    }

    public synchronized int lockedGetter() {
        return x;
    }

    public int locksInside() {
        synchronized (lock) {
            return x;
        }
    }

    public int catches(int[] values) {
        try {
            return values[0];
        } catch (ArrayIndexOutOfBoundsException e) {
            return -1;
        }
    }

    public int thirteenInstructions(int a, int b, int c) {
        return a + b + c + a + b + c + 1;
    }

    public String allocates() {
        return new String("x");
    }
}
