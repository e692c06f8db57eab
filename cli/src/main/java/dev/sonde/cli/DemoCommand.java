package dev.sonde.cli;

import dev.sonde.core.timing.TimingFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * {@code sonde demo}: runs the demo shop bundled inside {@code sonde.jar} under the probe, timing its
 * package unless {@code --time} says otherwise. One of its methods is planted to be slow.
 */
final class DemoCommand implements Command {

    static final String DEMO_ENTRY = "SONDE-INF/demo/shop.jar";
    static final String DEMO_SELECTOR = "example.shop.**";

    private final Path jar;
    private final List<String> args;

    DemoCommand(Path jar, List<String> args) {
        this.jar = jar;
        this.args = args;
    }

    @Override
    public int execute(PrintWriter out, PrintWriter err) {
        ProbeOptions options;
        try {
            options = ProbeOptions.parse("demo", args, false);
        } catch (ProbeOptions.UsageException e) {
            err.println(e.getMessage());
            return USAGE;
        }
        if (options.helpRequested()) {
            out.println(Usage.DEMO);
            return 0;
        }
        options.timeByDefault(DEMO_SELECTOR);
        // a directory of our own (0700 on POSIX): a file in the shared temporary directory could have been
        // put there by anyone, and whatever jar is run here runs as the user
        Path directory;
        Path demo;
        try {
            directory = Files.createTempDirectory("sonde-demo-");
        } catch (IOException e) {
            err.println("sonde demo: cannot make a temporary directory for the demo program: " + e);
            return 1;
        }
        try {
            try {
                demo = extractDemo(directory);
            } catch (IOException e) {
                err.println("sonde demo: cannot unpack the demo program from " + jar + ": " + e);
                return 1;
            }
            String java =
                    Path.of(System.getProperty("java.home"), "bin", "java").toString();
            options.command().addAll(List.of(java, "-jar", demo.toString()));
            err.println("[sonde] demo: running a small shop under the probe; it times " + selection(options)
                    + " and the report follows");
            err.flush();
            return RunCommand.launch("demo", jar, options, err);
        } finally {
            deleteQuietly(directory.resolve("shop.jar"));
            deleteQuietly(directory);
        }
    }

    /** The selectors the demo runs with, as the user would write them. */
    private static String selection(ProbeOptions options) {
        String selection = String.join(", ", options.values(TimingFeature.TIME));
        List<String> excluded = options.values(TimingFeature.EXCLUDE);
        return excluded.isEmpty() ? selection : selection + " except " + String.join(", ", excluded);
    }

    private Path extractDemo(Path directory) throws IOException {
        try (JarFile sonde = new JarFile(jar.toFile())) {
            JarEntry entry = sonde.getJarEntry(DEMO_ENTRY);
            if (entry == null) {
                throw new IOException("no " + DEMO_ENTRY + " inside");
            }
            Path target = directory.resolve("shop.jar");
            try (InputStream in = sonde.getInputStream(entry)) {
                Files.copy(in, target);
            }
            return target;
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // a private directory left in the temporary directory harms no one
        }
    }
}
