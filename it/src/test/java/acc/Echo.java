package acc;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/** Echoes standard input upper-cased, says a line on stderr, and exits with the status given. */
public final class Echo {

    static String shout(String line) {
        return line.toUpperCase(java.util.Locale.ROOT);
    }

    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            System.out.println(shout(line));
        }
        System.err.println("echo done");
        System.exit(args.length > 0 ? Integer.parseInt(args[0]) : 0);
    }
}
