package dev.sonde.benchmarks;

import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;

/**
 * A DaCapo-style harness: runs a Python workload ({@code jython/workload.py}, in this jar) in Jython
 * (the standalone jar on the class path) several times in one JVM ({@link Iterations}), each time in a
 * new interpreter, and checks the checksum it computes against the one given (CPython's, for the same
 * file).
 *
 * <pre>java -cp benchmarks.jar:jython-standalone.jar dev.sonde.benchmarks.JythonHarness ITERATIONS CHECKSUM</pre>
 */
public final class JythonHarness {

    private JythonHarness() {}

    public static void main(String[] args) throws Exception {
        int iterations = Integer.parseInt(args[0]);
        String expected = args[1];
        String workload;
        try (InputStream in = JythonHarness.class.getResourceAsStream("/jython/workload.py")) {
            workload = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        // Jython's embedding API, found at run time: Jython is the program under test, not a dependency
        Class<?> interpreterClass = Class.forName("org.python.util.PythonInterpreter");
        Method exec = interpreterClass.getMethod("exec", String.class);
        Method get = interpreterClass.getMethod("get", String.class);
        Method set = interpreterClass.getMethod("set", String.class, Object.class);
        Method close = interpreterClass.getMethod("close");
        Iterations.run(iterations, new Iterations.Step() {
            @Override
            public String run(int iteration) throws Exception {
                Object interpreter = interpreterClass.getConstructor().newInstance();
                try {
                    set.invoke(interpreter, "__name__", "workload");
                    exec.invoke(interpreter, workload);
                    String checksum = String.valueOf(get.invoke(interpreter, "checksum"));
                    return checksum.equals(expected) ? null : "checksum " + checksum + ", expected " + expected;
                } finally {
                    close.invoke(interpreter);
                }
            }
        });
    }
}
