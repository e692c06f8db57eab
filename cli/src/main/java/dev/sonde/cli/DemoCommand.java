package dev.sonde.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
        Path demo;
        try {
            demo = extractDemo();
        } catch (IOException e) {
            err.println("sonde demo: cannot unpack the demo program from " + jar + ": " + e.getMessage());
            return 1;
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> withCommand = new java.util.ArrayList<>(args);
        withCommand.addAll(List.of("--", java, "-jar", demo.toString()));
        ProbeOptions options;
        try {
            options = ProbeOptions.parse("demo", withCommand, true);
        } catch (ProbeOptions.UsageException e) {
            err.println(e.getMessage());
            return USAGE;
        }
        options.timeByDefault(DEMO_SELECTOR);
        err.println("[sonde] demo: running a small shop under the probe; it times " + DEMO_SELECTOR
                + " and the report follows");
        err.flush();
        return RunCommand.launch("demo", jar, options, err);
    }

    /** Copies the demo jar next to the temporary files, once per distinct content. */
    private Path extractDemo() throws IOException {
        try (JarFile sonde = new JarFile(jar.toFile())) {
            JarEntry entry = sonde.getJarEntry(DEMO_ENTRY);
            if (entry == null) {
                throw new IOException("no " + DEMO_ENTRY + " inside");
            }
            Path target = Path.of(System.getProperty("java.io.tmpdir"),
                    "sonde-demo-" + Long.toHexString(entry.getCrc()) + "-" + entry.getSize() + ".jar");
            if (Files.isRegularFile(target) && Files.size(target) == entry.getSize()) {
                return target;
            }
            Path partial = Files.createTempFile(target.getParent(), "sonde-demo", ".partial");
            try (InputStream in = sonde.getInputStream(entry)) {
                Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        }
    }
}
