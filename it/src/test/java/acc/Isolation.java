package acc;

/** Prints which of the probe's classes a program can see: none should be. */
public final class Isolation {

    public static void main(String[] args) {
        for (String name : new String[] {
            "dev.sonde.core.Agent",
            "dev.sonde.shaded.asm.ClassReader",
            "org.objectweb.asm.ClassReader",
            "org.HdrHistogram.Histogram",
            "com.fasterxml.jackson.core.JsonFactory",
            "dev.sonde.bootstrap.Bridge"
        }) {
            try {
                Class.forName(name);
                System.out.println(name + " visible");
            } catch (ClassNotFoundException e) {
                System.out.println(name + " hidden");
            }
        }
    }
}
