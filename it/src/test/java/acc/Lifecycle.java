package acc;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs on while the probe is stopped and started around it, taking commands from stdin: {@code work N}
 * calls {@link #work} N times and {@link #traced} once; {@code check} says whether the class runs its
 * original bytes (as {@link ObserverAgent} saw them last) and which of Sonde's threads are alive.
 */
public final class Lifecycle {

    static long total;

    static int work(int x) {
        return x * 31 + 7;
    }

    static int traced(int x) {
        return x + 1;
    }

    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            if (line.startsWith("work ")) {
                int n = Integer.parseInt(line.substring(5));
                for (int i = 0; i < n; i++) {
                    total += work(i);
                }
                total += traced(n);
                System.out.println("worked " + n);
            } else if (line.equals("check")) {
                System.out.println("original=" + runsItsOriginalBytes() + " sonde-threads=" + sondeThreads());
            } else if (line.equals("exit")) {
                System.out.println("bye " + total);
                return;
            }
            System.out.flush();
        }
    }

    private static boolean runsItsOriginalBytes() throws Exception {
        byte[] original;
        try (InputStream file = Lifecycle.class.getResourceAsStream("Lifecycle.class")) {
            original = file.readAllBytes();
        }
        return Arrays.equals(original, ObserverAgent.seen("acc/Lifecycle"));
    }

    private static List<String> sondeThreads() {
        List<String> names = new ArrayList<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            // the warm-up thread ends by itself, soon after the first class is woven: not one to stop
            if (thread.getName().startsWith("sonde") && !thread.getName().equals("sonde-warmup")) {
                names.add(thread.getName());
            }
        }
        names.sort(null);
        return names;
    }
}
