package dev.sonde.benchmarks;

/**
 * The loop of the DaCapo-style harnesses: runs one step of a whole program several times in one JVM
 * and prints how long each took, so that a probe's cost can be read both with the JIT cold (the first
 * iterations) and warm (the last).
 *
 * <p>Prints one line per iteration, {@code iteration N ms}, then {@code total ms}; exits 1 when a step
 * fails (with what it said on stderr), so that a probe that changed the program's behaviour cannot go
 * unnoticed.
 */
final class Iterations {

    /** One iteration of the program: returns null when it went right, else what went wrong. */
    interface Step {
        String run(int iteration) throws Exception;
    }

    private Iterations() {}

    static void run(int iterations, Step step) throws Exception {
        long start = System.nanoTime();
        for (int i = 1; i <= iterations; i++) {
            long began = System.nanoTime();
            String failure = step.run(i);
            long took = System.nanoTime() - began;
            if (failure != null) {
                System.err.println(failure);
                System.err.println("iteration " + i + " failed");
                System.exit(1);
            }
            System.out.printf("iteration %d %.1f%n", i, took / 1e6);
        }
        System.out.printf("total %.1f%n", (System.nanoTime() - start) / 1e6);
    }
}
