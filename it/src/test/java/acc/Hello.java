package acc;

/** Hello world. */
public final class Hello {

    public static void main(String[] args) {
        System.out.println(System.getProperty("acc.greeting", "hello"));
    }
}
