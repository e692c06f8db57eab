package weaving.targets;

import java.io.IOException;

/** Control flow of every shape: a loop at offset 0, wide types, switches, try/catch/finally, synchronized. */
public class Flow {

    public enum Colour {
        RED,
        GREEN,
        BLUE
    }

    public static int loopAtZero(int n) {
        while (true) { // the loop's first instruction is at offset 0
            if (n-- <= 0) {
                return n;
            }
        }
    }

    public static double wide(long a, double b, long c) {
        long sum = a + c;
        return sum * b;
    }

    public static int table(int i) {
        switch (i) {
            case 0:
                return 10;
            case 1:
                return 11;
            case 2:
                return 12;
            default:
                return -1;
        }
    }

    public static int lookup(int i) {
        switch (i) {
            case -1000:
                return 1;
            case 0:
                return 2;
            case 1000000:
                return 3;
            default:
                return 0;
        }
    }

    public static int strings(String s) {
        return switch (s) {
            case "one" -> 1;
            case "two" -> 2;
            default -> {
                int length = s.length();
                yield length;
            }
        };
    }

    public static String enums(Colour colour) {
        switch (colour) {
            case RED:
                return "r";
            case GREEN:
                return "g";
            default:
                return "b";
        }
    }

    public static int tryCatchFinally(String s) {
        int result = 0;
        try {
            result = Integer.parseInt(s);
        } catch (NumberFormatException e) {
            result = -1; // caught inside: not an error of the method
        } finally {
            result += 100;
        }
        return result;
    }

    @SuppressWarnings("finally")
    public static int returnFromFinally() {
        try {
            throw new IllegalStateException("swallowed");
        } finally {
            return 7; // the method returns normally
        }
    }

    public static synchronized int lockedMethod(int x) {
        return x + 1;
    }

    public static int lockedBlock(Object lock, int x) {
        synchronized (lock) {
            if (x < 0) {
                throw new IllegalArgumentException("negative");
            }
            return x * 3;
        }
    }

    public static void checked(boolean fail) throws IOException {
        if (fail) {
            throw new IOException("checked");
        }
    }

    public static int recursive(int n) {
        return n <= 1 ? 1 : n * recursive(n - 1);
    }
}
