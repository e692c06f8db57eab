package dev.sonde.benchmarks;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A DaCapo-style harness: runs the Kotlin compiler (kotlinc, the embeddable compiler and its
 * dependencies on the class path) over the same sources several times in one JVM ({@link Iterations}),
 * a new compiler instance each time, through its command-line entry without exiting.
 *
 * <pre>java -cp benchmarks.jar:kotlin-compiler-embeddable.jar:… dev.sonde.benchmarks.KotlincHarness
 *     ITERATIONS KOTLINC-ARGUMENTS…</pre>
 */
public final class KotlincHarness {

    private KotlincHarness() {}

    public static void main(String[] args) throws Exception {
        int iterations = Integer.parseInt(args[0]);
        String[] compilerArguments = Arrays.copyOfRange(args, 1, args.length);
        // CLITool.exec(PrintStream, String...) of K2JVMCompiler, found at run time (kotlinc is the program
        // under test, not a dependency); it answers an ExitCode, OK when the compilation succeeded
        Class<?> compilerClass = Class.forName("org.jetbrains.kotlin.cli.jvm.K2JVMCompiler");
        Method exec = compilerClass.getMethod("exec", PrintStream.class, String[].class);
        Iterations.run(iterations, new Iterations.Step() {
            @Override
            public String run(int iteration) throws Exception {
                ByteArrayOutputStream messages = new ByteArrayOutputStream();
                Object compiler = compilerClass.getConstructor().newInstance();
                Object exitCode;
                try (PrintStream out = new PrintStream(messages, true, StandardCharsets.UTF_8)) {
                    exitCode = exec.invoke(compiler, out, compilerArguments);
                }
                return String.valueOf(exitCode).equals("OK")
                        ? null
                        : messages.toString(StandardCharsets.UTF_8) + "\nexit code " + exitCode;
            }
        });
    }
}
