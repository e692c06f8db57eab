package bench;

/**
 * Methods with the same body; the benchmarks select {@link #timed} by name and {@link #counted} by a
 * pattern. Outside {@code dev.sonde},
 * since the probe never weaves its own packages.
 */
public final class Target {

    private Target() {}

    public static long timed(long x) {
        return x * 0x9E3779B97F4A7C15L + 17;
    }

    /** Selected by a pattern ({@code counted*}), so that once hot it moves to the counted tier. */
    public static long counted(long x) {
        return x * 0x9E3779B97F4A7C15L + 17;
    }

    public static long untimed(long x) {
        return x * 0x9E3779B97F4A7C15L + 17;
    }
}
