package tracing.targets;

import java.util.function.Function;
import java.util.function.IntSupplier;

/** More shapes for the weaver: each must verify, run as untraced, and trace completely. */
public class Shapes {

    public enum Colour {
        RED,
        GREEN
    }

    static final int[] SQUARES;

    static {
        SQUARES = new int[4];
        for (int i = 0; i < SQUARES.length; i++) {
            SQUARES[i] = i * i;
        }
    }

    private final long seed;

    public Shapes(long seed) {
        this(seed, seed > 10 ? "big" : "small");
    }

    Shapes(long seed, String label) {
        super();
        this.seed = seed + label.length();
    }

    public static int add(int a, int b) {
        int sum = a + b;
        return sum;
    }

    public long wide(long a, double b, float c) {
        double product = a * b;
        return (long) (product + c) + seed;
    }

    public static String colour(Colour colour) {
        switch (colour) {
            case RED:
                return "r";
            default:
                return "g";
        }
    }

    public static int thrower(int x) {
        if (x < 0) {
            throw new IllegalArgumentException("negative " + x);
        }
        return x;
    }

    public static int catcher(int x) {
        try {
            return thrower(x);
        } catch (IllegalArgumentException e) {
            return -1;
        }
    }

    public static synchronized int locked(Object lock, int x) {
        synchronized (lock) {
            return x * 3;
        }
    }

    public static int lambda(int x) {
        IntSupplier supplier = () -> x + 1;
        return supplier.getAsInt();
    }

    public static int methodReference(String text) {
        Function<String, Integer> parse = Integer::parseInt;
        Function<Long, Shapes> make = Shapes::new;
        return parse.apply(text) + (int) make.apply(3L).seed;
    }

    public static Object nestedNew(int x) {
        return new StringBuilder(String.valueOf(new Shapes(x).seed)).append(x > 0 ? "+" : "-");
    }

    public static int squares() {
        return SQUARES[3];
    }
}
