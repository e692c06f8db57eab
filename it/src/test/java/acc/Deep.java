package acc;

/** A recursion as deep as its argument says; each call returns how deep it went below itself, times three. */
public final class Deep {

    static int down(int n) {
        if (n == 0) {
            return 0;
        }
        int below = down(n - 1);
        return below + 3;
    }

    public static void main(String[] args) {
        System.out.println("down=" + down(Integer.parseInt(args[0])));
    }
}
