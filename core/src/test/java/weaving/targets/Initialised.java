package weaving.targets;

/** A static initialiser that runs once. */
public class Initialised {

    public static final int[] TABLE;

    static {
        TABLE = new int[4];
        for (int i = 0; i < TABLE.length; i++) {
            TABLE[i] = i * i;
        }
    }
}
