package acc;

/** Twenty methods that are never called, and two that are. */
public final class ManyMethods {

    static int called1(int x) {
        return x + 1;
    }

    static int called2(int x) {
        return x + 2;
    }

    static int unused01() {
        return 1;
    }

    static int unused02() {
        return 2;
    }

    static int unused03() {
        return 3;
    }

    static int unused04() {
        return 4;
    }

    static int unused05() {
        return 5;
    }

    static int unused06() {
        return 6;
    }

    static int unused07() {
        return 7;
    }

    static int unused08() {
        return 8;
    }

    static int unused09() {
        return 9;
    }

    static int unused10() {
        return 10;
    }

    static int unused11() {
        return 11;
    }

    static int unused12() {
        return 12;
    }

    static int unused13() {
        return 13;
    }

    static int unused14() {
        return 14;
    }

    static int unused15() {
        return 15;
    }

    static int unused16() {
        return 16;
    }

    static int unused17() {
        return 17;
    }

    static int unused18() {
        return 18;
    }

    static int unused19() {
        return 19;
    }

    static int unused20() {
        return 20;
    }

    public static void main(String[] args) {
        int sum = 0;
        for (int i = 0; i < 3; i++) {
            sum += called1(i) + called2(i);
        }
        System.out.println("sum=" + sum);
    }
}
