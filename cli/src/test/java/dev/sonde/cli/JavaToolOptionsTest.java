package dev.sonde.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JavaToolOptionsTest {

    private static final Path JAR = Path.of("/opt/sonde/sonde.jar");

    @TempDir
    Path temp;

    @Test
    void keepsWhatIsThereAndAddsTheProbeOnce() {
        assertEquals("-javaagent:/opt/sonde/sonde.jar", value(null, JAR));
        assertEquals("-javaagent:/opt/sonde/sonde.jar", value("  ", JAR));
        assertEquals("-Xmx1g -javaagent:/opt/sonde/sonde.jar", value("-Xmx1g", JAR));
        assertEquals("-Xmx1g -javaagent:/opt/sonde/sonde.jar", value("-javaagent:/opt/sonde/sonde.jar -Xmx1g", JAR));
        assertEquals("-javaagent:\"/my jars/sonde.jar\"", value("", Path.of("/my jars/sonde.jar")));
        assertEquals("'-Dgreeting=good day' -javaagent:/opt/sonde/sonde.jar", value("'-Dgreeting=good day'", JAR));
    }

    @Test
    void splitsAsTheJvmDoes() {
        List<String> texts = new ArrayList<>();
        for (JavaToolOptions.Token token :
                JavaToolOptions.tokens(" -Xmx1g  '-Da=b c' -javaagent:\"/my jars/x.jar\"=k=v\t-Dq=\"\" ")) {
            texts.add(token.text() + " <- " + token.original());
        }
        assertEquals(
                List.of(
                        "-Xmx1g <- -Xmx1g",
                        "-Da=b c <- '-Da=b c'",
                        "-javaagent:/my jars/x.jar=k=v <- -javaagent:\"/my jars/x.jar\"=k=v",
                        "-Dq= <- -Dq=\"\""),
                texts);
    }

    @Test
    void removesAnotherSondeProbeAndQuotesItsArguments() throws IOException {
        Path renamed = jar(temp.resolve("probe 2.jar"), "dev.sonde.launch.AgentEntry");
        Path other = jar(temp.resolve("other-agent.jar"), "com.example.Agent");
        String existing = "-Xss2m -javaagent:\"" + renamed + "\"=time=com.Old#x,report.rows=5 -javaagent:" + other
                + "=debug -javaagent:/elsewhere/sonde.jar";

        JavaToolOptions options = JavaToolOptions.forCommand("run", existing, JAR);

        assertEquals("-Xss2m -javaagent:" + other + "=debug -javaagent:/opt/sonde/sonde.jar", options.value());
        assertEquals(
                List.of(
                        "sonde run: removed '-javaagent:\"" + renamed
                                + "\"=time=com.Old#x,report.rows=5' from JAVA_TOOL_OPTIONS:"
                                + " that probe's agent arguments 'time=com.Old#x,report.rows=5' would take precedence over the"
                                + " options of sonde run",
                        "sonde run: removed '-javaagent:/elsewhere/sonde.jar' from JAVA_TOOL_OPTIONS: the probe is loaded once, from"
                                + " /opt/sonde/sonde.jar, with the options of sonde run"),
                options.notes());
    }

    @Test
    void ourOwnProbeWithArgumentsIsRemovedToo() {
        JavaToolOptions options = JavaToolOptions.forCommand("trace", "-javaagent:/opt/sonde/sonde.jar=time=a.B", JAR);

        assertEquals("-javaagent:/opt/sonde/sonde.jar", options.value());
        assertEquals(
                List.of(
                        "sonde trace: removed '-javaagent:/opt/sonde/sonde.jar=time=a.B' from JAVA_TOOL_OPTIONS:"
                                + " that probe's agent arguments 'time=a.B' would take precedence over the options of sonde trace"),
                options.notes());
    }

    private static String value(String existing, Path jar) {
        JavaToolOptions options = JavaToolOptions.forCommand("run", existing, jar);
        assertEquals(List.of(), options.notes());
        return options.value();
    }

    private static Path jar(Path path, String premainClass) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Premain-Class", premainClass);
        try (OutputStream out = Files.newOutputStream(path);
                JarOutputStream jar = new JarOutputStream(out, manifest)) {
            jar.flush();
        }
        return path;
    }
}
