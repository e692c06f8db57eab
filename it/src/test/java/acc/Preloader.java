package acc;

import java.lang.instrument.Instrumentation;

/** A Java agent listed before Sonde: it loads and calls {@link Preloaded} before Sonde starts. */
public final class Preloader {

    public static void premain(String args, Instrumentation instrumentation) {
        Preloaded.work();
    }
}
