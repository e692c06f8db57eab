package dev.sonde.benchmarks;

import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * A DaCapo-style harness: runs the Scala 2 compiler (scalac, with the Scala library and reflection on
 * the class path) over the same sources several times in one JVM ({@link Iterations}), each time
 * through its command-line driver, a new compiler instance each time.
 *
 * <pre>java -cp benchmarks.jar:scala-compiler.jar:scala-library.jar:scala-reflect.jar
 *     dev.sonde.benchmarks.ScalacHarness ITERATIONS SCALAC-ARGUMENTS…</pre>
 */
public final class ScalacHarness {

    private ScalacHarness() {}

    public static void main(String[] args) throws Exception {
        int iterations = Integer.parseInt(args[0]);
        String[] compilerArguments = Arrays.copyOfRange(args, 1, args.length);
        // scala.tools.nsc.Main is a Scala object: its instance, and the driver's process(args), found at
        // run time (scalac is the program under test, not a dependency); false when errors were reported
        Object main = Class.forName("scala.tools.nsc.Main$").getField("MODULE$").get(null);
        Method process = main.getClass().getMethod("process", String[].class);
        Iterations.run(iterations, new Iterations.Step() {
            @Override
            public String run(int iteration) throws Exception {
                boolean ok = (Boolean) process.invoke(main, (Object) compilerArguments);
                return ok ? null : "the compilation failed (the compiler's errors are above)";
            }
        });
    }
}
