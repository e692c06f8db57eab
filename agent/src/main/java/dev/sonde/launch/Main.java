package dev.sonde.launch;

import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;

/** {@code Main-Class} of {@code sonde.jar}: runs the command line from the probe's isolated class loader. */
public final class Main {

    private Main() {}

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(
                Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        ClassLoader core = new CoreClassLoader(jar);
        Class<?> cli = Class.forName("dev.sonde.cli.Cli", true, core);
        int status;
        try {
            status = (Integer) cli.getMethod("main", Path.class, String[].class).invoke(null, jar, args);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
        }
        System.exit(status);
    }
}
