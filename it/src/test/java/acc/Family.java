package acc;

import java.util.List;

/**
 * Starts a child JVM of itself in another working directory, which starts a grandchild: three JVMs,
 * each calling {@link #generation} once.
 */
public final class Family {

    static int generation(int depth) {
        return depth;
    }

    public static void main(String[] args) throws Exception {
        int depth = args.length == 0 ? 0 : Integer.parseInt(args[0]);
        System.out.println("generation " + generation(depth));
        if (depth < 2) {
            String java = ProcessHandle.current().info().command().orElseThrow();
            Process child = new ProcessBuilder(List.of(
                            java,
                            "-cp",
                            System.getProperty("java.class.path"),
                            "acc.Family",
                            Integer.toString(depth + 1)))
                    .inheritIO()
                    .directory(new java.io.File(System.getProperty("java.io.tmpdir")))
                    .start();
            int status = child.waitFor();
            if (status != 0) {
                throw new IllegalStateException("child exited with " + status);
            }
        }
    }
}
