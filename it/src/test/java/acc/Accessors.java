package acc;

/** A loop over an accessor and a setter, as so much real code is: for the left-out tier. */
public class Accessors {
    private int value;

    int value() {
        return value;
    }

    void set(int v) {
        value = v;
    }

    int sum(int n) {
        int s = 0;
        for (int i = 0; i < n; i++) {
            set(i);
            s += value();
        }
        return s;
    }

    public static void main(String[] args) {
        Accessors accessors = new Accessors();
        long total = 0;
        for (int i = 0; i < 1000; i++) {
            total += accessors.sum(100);
        }
        System.out.println(total);
    }
}
