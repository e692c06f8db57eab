package dev.sonde.it;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The JDKs the integration tests run on: the one running the tests, each home named in the system
 * property {@code sonde.it.jdks}, and one JDK per other major version found under {@code /usr/lib/jvm}.
 */
public final class Jdks {

    private static final List<Jdk> ALL = find();

    private Jdks() {}

    public record Jdk(int major, Path home) {
        public String java() {
            return home.resolve("bin").resolve("java").toString();
        }

        @Override
        public String toString() {
            return "JDK " + major;
        }
    }

    public static List<Jdk> all() {
        return ALL;
    }

    private static List<Jdk> find() {
        Map<Integer, Jdk> byMajor = new LinkedHashMap<>();
        Path current = Path.of(System.getProperty("java.home"));
        byMajor.put(Runtime.version().feature(), new Jdk(Runtime.version().feature(), current));
        List<Path> candidates = new ArrayList<>();
        String extra = System.getProperty("sonde.it.jdks", "");
        for (String home : extra.split(",")) {
            if (!home.isBlank()) {
                candidates.add(Path.of(home.strip()));
            }
        }
        Path jvms = Path.of("/usr/lib/jvm");
        if (Files.isDirectory(jvms)) {
            try (DirectoryStream<Path> homes = Files.newDirectoryStream(jvms)) {
                homes.forEach(candidates::add);
            } catch (IOException e) {
                // no other JDKs, then
            }
        }
        for (Path home : candidates) {
            Integer major = major(home);
            if (major != null && major >= 17 && Files.isExecutable(home.resolve("bin/java"))) {
                byMajor.putIfAbsent(major, new Jdk(major, home));
            }
        }
        return List.copyOf(byMajor.values());
    }

    private static Integer major(Path home) {
        Path release = home.resolve("release");
        if (!Files.isRegularFile(release)) {
            return null;
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(release)) {
            properties.load(reader);
        } catch (IOException e) {
            return null;
        }
        String version = properties.getProperty("JAVA_VERSION", "").replace("\"", "");
        String first = version.split("[.+-]")[0];
        try {
            return Integer.parseInt(first);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
