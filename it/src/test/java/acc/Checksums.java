package acc;

import java.util.zip.Adler32;

/** Seven calls of a JDK method, Adler32.update(byte[], int, int), which the JDK itself hardly uses. */
public final class Checksums {

    public static void main(String[] args) {
        Adler32 adler = new Adler32();
        byte[] data = new byte[1024];
        for (int i = 0; i < 7; i++) {
            data[i] = (byte) i;
            adler.update(data, 0, data.length);
        }
        System.out.println("adler=" + adler.getValue());
    }
}
