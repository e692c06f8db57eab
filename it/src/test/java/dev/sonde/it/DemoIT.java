package dev.sonde.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sonde demo}: the bundled shop runs under the probe and its planted slow method stands out. */
class DemoIT {

    private static final String SHOP_OUTPUT = "shop: 600 orders, 12 declined, 46503.37 paid\n";

    @TempDir
    Path temp;

    @Test
    void theDemoShowsThePlantedSlowMethod() {
        Run run =
                Run.sonde(temp.resolve("sonde-reports"), "demo").directory(temp).run();

        assertEquals(0, run.exitCode, run.stderr);
        assertEquals(SHOP_OUTPUT, run.stdout);
        assertTrue(
                run.stderr.startsWith("[sonde] demo: running a small shop under the probe; it times example.shop.**"
                        + " and the report follows\n"),
                run.stderr);
        List<String> table = run.stderr.lines().toList();
        int header = table.indexOf(table.stream()
                .filter(line -> line.startsWith("method "))
                .findFirst()
                .orElseThrow());
        assertTrue(
                table.get(header + 1).startsWith("example.shop.Inventory#inStock(String) "),
                "the planted slow method is the first row, ahead of its callers: " + run.stderr);
        JsonNode report = run.report();
        assertEquals("inStock", report.get("methods").get(0).get("method").asText(), "sorted by self time");
        JsonNode slow = Run.method(report, "example.shop.Inventory#inStock(Ljava/lang/String;)Z");
        assertEquals(1800, slow.get("count").asLong());
        JsonNode order = Run.method(report, "example.shop.Checkout#placeOrder(I)Lexample/shop/Receipt;");
        assertEquals(600, order.get("count").asLong());
        assertEquals(12, order.get("errors").asLong());
        // most of it on a quiet machine; under the load of the tests run beside this one, the orders'
        // own threads wait longer, so the bound is 40 %
        assertTrue(
                slow.get("totalNanos").asLong() * 5 > order.get("totalNanos").asLong() * 2,
                "the stock check takes a large part of each order's time: " + slow + " vs " + order);
        for (String quick : new String[] {
            "example.shop.Catalog#find(Ljava/lang/String;)Lexample/shop/Product;",
            "example.shop.Checkout#price(Lexample/shop/Product;)J",
            "example.shop.Payments#charge(IJ)J"
        }) {
            assertTrue(
                    slow.get("totalNanos").asLong()
                            > 10 * Run.method(report, quick).get("totalNanos").asLong(),
                    quick);
        }
    }

    @Test
    void aJarPlantedInTheSharedTemporaryDirectoryIsNeverRun() throws IOException {
        Path shared = Files.createDirectories(temp.resolve("tmp"));
        Path planted = plantImpostor(shared);
        byte[] plantedBytes = Files.readAllBytes(planted);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();

        Run run = Run.command(
                        temp.resolve("sonde-reports"),
                        java,
                        "-Djava.io.tmpdir=" + shared,
                        "-jar",
                        Run.SONDE_JAR.toString(),
                        "demo")
                .directory(temp)
                .run();

        assertEquals(0, run.exitCode, run.stderr);
        assertEquals(SHOP_OUTPUT, run.stdout, "the demo ran, not the planted jar");
        assertArrayEquals(plantedBytes, Files.readAllBytes(planted), "someone else's file is left alone");
        try (Stream<Path> left = Files.list(shared)) {
            assertEquals(List.of(planted), left.toList(), "the demo's own temporary files are gone");
        }
    }

    @Test
    void theDemoTakesNoCommand() {
        for (List<String> args :
                List.of(List.of("demo", "--", "echo", "planted"), List.of("demo", "echo", "planted"))) {
            Run run = Run.sonde(temp.resolve("sonde-reports"), args.toArray(new String[0]))
                    .directory(temp)
                    .run();

            assertEquals(2, run.exitCode, run.stderr);
            assertEquals("", run.stdout, "nothing ran");
            assertEquals(
                    "sonde demo: unexpected " + (args.get(1).equals("--") ? "'--'" : "argument 'echo'")
                            + ": sonde demo runs its own program and takes options only\n",
                    run.stderr);
            assertFalse(Files.exists(temp.resolve("sonde-reports")));
        }
    }

    @Test
    void theDemoSaysWhichSelectorsItUses() {
        Path reports = temp.resolve("reports");
        Run run = Run.sonde(
                        reports,
                        "demo",
                        "--time",
                        "example.shop.Inventory",
                        "--exclude",
                        "example.shop.Inventory#<init>",
                        "--report-dir",
                        reports.toString())
                .directory(temp)
                .run();

        assertEquals(0, run.exitCode, run.stderr);
        assertTrue(
                run.stderr.startsWith("[sonde] demo: running a small shop under the probe; it times"
                        + " example.shop.Inventory except example.shop.Inventory#<init> and the report follows\n"),
                run.stderr);
        assertEquals(List.of("example.shop.Inventory#inStock(Ljava/lang/String;)Z=1800"), Run.counts(run.report()));
    }

    @Test
    void theDemoAnswersHelp() {
        Run run = Run.sonde(temp.resolve("reports"), "demo", "--help").run();

        assertEquals(0, run.exitCode, run.stderr);
        assertTrue(run.stdout.startsWith("usage: sonde demo [options]\n"), run.stdout);
        assertEquals("", run.stderr);
    }

    /**
     * A jar that prints "hello", of exactly the size of the bundled demo and under the name the demo once
     * used in the temporary directory.
     */
    private static Path plantImpostor(Path directory) throws IOException {
        long size;
        long crc;
        try (JarFile sonde = new JarFile(Run.SONDE_JAR.toFile())) {
            JarEntry demo = sonde.getJarEntry("SONDE-INF/demo/shop.jar");
            size = demo.getSize();
            crc = demo.getCrc();
        }
        byte[] hello = Files.readAllBytes(Run.CLASSES.resolve("acc/Hello.class"));
        byte[] bare = impostor(hello, "");
        byte[] padded = impostor(hello, "x".repeat((int) (size - bare.length)));
        assertEquals(size, padded.length);
        return Files.write(directory.resolve("sonde-demo-" + Long.toHexString(crc) + "-" + size + ".jar"), padded);
    }

    private static byte[] impostor(byte[] helloClass, String comment) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "acc.Hello");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes, manifest)) {
            jar.putNextEntry(new JarEntry("acc/Hello.class"));
            jar.write(helloClass);
            jar.closeEntry();
            jar.setComment(comment);
        }
        return bytes.toByteArray();
    }
}
