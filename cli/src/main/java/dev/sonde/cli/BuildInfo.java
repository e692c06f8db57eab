package dev.sonde.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Properties;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * What {@code sonde version} says: the version in {@code sonde.jar}'s manifest and the commit the build
 * was made from (and whether the tree held changes not committed), recorded by the build in
 * {@code build.properties}: never the clock, so that two builds of one commit say the same.
 */
final class BuildInfo {

    static final String RESOURCE = "build.properties";

    private BuildInfo() {}

    /** One line: {@code sonde 0.1.0 (commit 0123456789ab of 2025-01-31T12:00:00+01:00)}. */
    static String describe(Path jar) {
        Properties build = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                build.load(in);
            }
        } catch (IOException e) {
            // said below as an unknown commit
        }
        return describe(manifestVersion(jar), build);
    }

    static String describe(String version, Properties build) {
        String commit = build.getProperty("commit", "");
        String line = "sonde " + (version == null ? "(version unknown)" : version);
        if (commit.isEmpty()) {
            return line + " (commit unknown: built outside a git checkout)";
        }
        String time = build.getProperty("commit.time", "");
        return line + " (commit " + commit.substring(0, Math.min(12, commit.length()))
                + (time.isEmpty() ? "" : " of " + time)
                + (Boolean.parseBoolean(build.getProperty("dirty")) ? ", with uncommitted changes" : "") + ")";
    }

    private static String manifestVersion(Path jar) {
        try (JarFile file = new JarFile(jar.toFile(), false)) {
            Manifest manifest = file.getManifest();
            return manifest == null ? null : manifest.getMainAttributes().getValue("Implementation-Version");
        } catch (IOException e) {
            return null;
        }
    }
}
