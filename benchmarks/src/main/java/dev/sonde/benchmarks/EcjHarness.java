package dev.sonde.benchmarks;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * A DaCapo-style harness for a whole-program benchmark: runs the Eclipse compiler (ecj, on the class
 * path) over the same sources several times in one JVM ({@link Iterations}).
 *
 * <pre>java -cp benchmarks.jar:ecj.jar dev.sonde.benchmarks.EcjHarness ITERATIONS ECJ-ARGUMENTS…</pre>
 */
public final class EcjHarness {

    private EcjHarness() {}

    public static void main(String[] args) throws Exception {
        int iterations = Integer.parseInt(args[0]);
        String[] compilerArguments = Arrays.copyOfRange(args, 1, args.length);
        // the compiler's public batch entry, found at run time: ecj is the program under test, not a dependency
        Method compile = Class.forName("org.eclipse.jdt.core.compiler.batch.BatchCompiler")
                .getMethod(
                        "compile",
                        String[].class,
                        PrintWriter.class,
                        PrintWriter.class,
                        Class.forName("org.eclipse.jdt.core.compiler.CompilationProgress"));
        Iterations.run(iterations, new Iterations.Step() {
            @Override
            public String run(int iteration) throws Exception {
                StringWriter output = new StringWriter();
                boolean ok = (Boolean)
                        compile.invoke(null, compilerArguments, new PrintWriter(output), new PrintWriter(output), null);
                return ok ? null : output + "\nthe compilation failed";
            }
        });
    }
}
