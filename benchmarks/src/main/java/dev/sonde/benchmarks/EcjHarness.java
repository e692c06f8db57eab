package dev.sonde.benchmarks;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * A DaCapo-style harness for a whole-program benchmark: runs the Eclipse compiler (ecj, on the class
 * path) over the same sources several times in one JVM, and prints how long each iteration took, so
 * that a probe's cost can be read both with the JIT cold (the first iterations) and warm (the last).
 *
 * <pre>java -cp benchmarks.jar:ecj.jar dev.sonde.benchmarks.EcjHarness ITERATIONS ECJ-ARGUMENTS…</pre>
 *
 * Prints one line per iteration, {@code iteration N ms}, then {@code total ms}; exits 1 when a
 * compilation fails (with the compiler's output on stderr), so that a probe that changed the
 * program's behaviour cannot go unnoticed.
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
        long start = System.nanoTime();
        for (int i = 1; i <= iterations; i++) {
            StringWriter output = new StringWriter();
            long began = System.nanoTime();
            boolean ok = (Boolean)
                    compile.invoke(null, compilerArguments, new PrintWriter(output), new PrintWriter(output), null);
            long took = System.nanoTime() - began;
            if (!ok) {
                System.err.print(output);
                System.err.println("iteration " + i + ": the compilation failed");
                System.exit(1);
            }
            System.out.printf("iteration %d %.1f%n", i, took / 1e6);
        }
        System.out.printf("total %.1f%n", (System.nanoTime() - start) / 1e6);
    }
}
