package bench;

/**
 * Twin methods with the same body; the benchmarks select only {@link #timed}. Outside {@code dev.sonde},
 * since the probe never weaves its own packages.
 */
public final class Target {

    private Target() {}

    public static long timed(long x) {
        return x * 0x9E3779B97F4A7C15L + 17;
    }

    public static long untimed(long x) {
        return x * 0x9E3779B97F4A7C15L + 17;
    }
}
