package acc;

/** Loaded twice, by two class loaders, in {@link Loaders}. */
public final class Loaded {

    public static int ping(int x) {
        return x + 1;
    }
}
