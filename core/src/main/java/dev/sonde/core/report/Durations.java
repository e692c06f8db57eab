package dev.sonde.core.report;

/**
 * Durations for people: three significant digits and the unit that suits them (ns, µs, ms, s).
 * Formatted by hand rather than with {@code String.format}, which would load the locale machinery
 * into the program's JVM at exit.
 */
public final class Durations {

    private Durations() {}

    public static String format(long nanos) {
        if (nanos < 1_000) {
            return nanos + " ns";
        }
        if (nanos < 1_000_000) {
            return scaled(nanos / 1e3, "µs");
        }
        if (nanos < 1_000_000_000) {
            return scaled(nanos / 1e6, "ms");
        }
        return scaled(nanos / 1e9, "s");
    }

    /** {@code value} to three significant digits, then {@code unit}. */
    static String scaled(double value, String unit) {
        int decimals = value < 10 ? 2 : value < 100 ? 1 : 0;
        long factor = decimals == 2 ? 100 : decimals == 1 ? 10 : 1;
        long rounded = Math.round(value * factor);
        StringBuilder text = new StringBuilder().append(rounded / factor);
        if (decimals > 0) {
            String fraction = Long.toString(rounded % factor);
            text.append('.');
            for (int i = fraction.length(); i < decimals; i++) {
                text.append('0');
            }
            text.append(fraction);
        }
        return text.append(' ').append(unit).toString();
    }
}
