package dev.sonde.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * {@code bin/sonde} rebuilds {@code sonde.jar} when a source of any module that goes into it changed:
 * the modules are found from the poms, and the script itself runs against a copy of the tree's shape,
 * with stand-ins for {@code mvn} and {@code java} that only say they ran.
 */
class LauncherScriptTest {

    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static final FileTime JAR_TIME = FileTime.fromMillis(1_700_000_000_000L);

    private static List<String> modulesInSondeJar;
    private static List<String> allModules;

    @TempDir
    Path tree;

    @BeforeAll
    static void readThePoms() throws Exception {
        Element root = pom(REPO.resolve("pom.xml"));
        allModules = texts(root, "module");
        Map<String, String> moduleByArtifact = new HashMap<>();
        Map<String, List<String>> dependencies = new HashMap<>();
        for (String module : allModules) {
            Element pom = pom(REPO.resolve(module).resolve("pom.xml"));
            String artifact = child(pom, "artifactId");
            moduleByArtifact.put(artifact, module);
            List<String> sonde = new ArrayList<>();
            NodeList list = pom.getElementsByTagName("dependency");
            for (int i = 0; i < list.getLength(); i++) {
                Element dependency = (Element) list.item(i);
                boolean testOnly = dependency.getElementsByTagName("scope").getLength() > 0
                        && child(dependency, "scope").equals("test");
                if (child(dependency, "groupId").equals("dev.sonde") && !testOnly) {
                    sonde.add(child(dependency, "artifactId"));
                }
            }
            dependencies.put(module, sonde);
        }
        TreeSet<String> closure = new TreeSet<>();
        List<String> todo = new ArrayList<>(List.of("agent"));
        while (!todo.isEmpty()) {
            String module = todo.remove(todo.size() - 1);
            if (closure.add(module)) {
                for (String artifact : dependencies.get(module)) {
                    todo.add(moduleByArtifact.get(artifact));
                }
            }
        }
        modulesInSondeJar = new ArrayList<>(closure);
    }

    static List<String> modulesInSondeJar() {
        return modulesInSondeJar;
    }

    @Test
    void theScriptWatchesExactlyTheModulesThatGoIntoSondeJar() throws IOException {
        String script = Files.readString(REPO.resolve("bin/sonde"));
        java.util.regex.Matcher list =
                java.util.regex.Pattern.compile("(?m)^modules=\\(([^)]*)\\)$").matcher(script);
        assertTrue(list.find(), "bin/sonde has its modules=(...) line");

        assertEquals(
                modulesInSondeJar,
                new ArrayList<>(new TreeSet<>(List.of(list.group(1).trim().split("\\s+")))));
        assertTrue(modulesInSondeJar.contains("tracer"), modulesInSondeJar.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("modulesInSondeJar")
    void aChangedSourceInAnyModuleOfTheJarRebuildsIt(String module) throws Exception {
        layOutTree();
        touch(tree.resolve(module).resolve("src/main/java/dev/sonde/Changed.java"), JAR_TIME.toMillis() + 60_000);

        assertEquals("built\nran agent-jar\n", runScript());
    }

    @Test
    void nothingChangedNoBuild() throws Exception {
        layOutTree();

        assertEquals("ran agent-jar\n", runScript());
    }

    @Test
    void aChangeInTheTestsOrBenchmarksDoesNotRebuild() throws Exception {
        layOutTree();
        for (String module : allModules) {
            if (!modulesInSondeJar.contains(module)) {
                touch(tree.resolve(module).resolve("src/main/java/Changed.java"), JAR_TIME.toMillis() + 60_000);
                touch(tree.resolve(module).resolve("pom.xml"), JAR_TIME.toMillis() + 60_000);
            }
        }

        assertEquals("ran agent-jar\n", runScript());
    }

    /** Every module with a pom and a source, all older than the jar; the script; stand-ins for mvn and java. */
    private void layOutTree() throws IOException {
        long old = JAR_TIME.toMillis() - 60_000;
        touch(tree.resolve("pom.xml"), old);
        for (String module : allModules) {
            touch(tree.resolve(module).resolve("pom.xml"), old);
            touch(tree.resolve(module).resolve("src/main/java/dev/sonde/Old.java"), old);
        }
        touch(tree.resolve("agent/target/sonde.jar"), JAR_TIME.toMillis());
        Files.createDirectories(tree.resolve("bin"));
        Files.copy(REPO.resolve("bin/sonde"), tree.resolve("bin/sonde"));
        Path tools = Files.createDirectories(tree.resolve("tools"));
        script(tools.resolve("mvn"), "echo built >> \"$OUT\"");
        script(tools.resolve("java"), "echo \"ran $3\" >> \"$OUT\"");
    }

    /** Runs {@code bin/sonde agent-jar}; returns what the stand-ins wrote. */
    private String runScript() throws Exception {
        Path out = tree.resolve("out.txt");
        Files.writeString(out, "");
        ProcessBuilder builder =
                new ProcessBuilder("bash", tree.resolve("bin/sonde").toString(), "agent-jar").redirectErrorStream(true);
        builder.environment().remove("JAVA_HOME");
        builder.environment().put("PATH", tree.resolve("tools") + ":/usr/bin:/bin");
        builder.environment().put("OUT", out.toString());
        Process process = builder.start();
        String said = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), said);
        return Files.readString(out);
    }

    private static void touch(Path file, long millis) throws IOException {
        Files.createDirectories(file.getParent());
        if (!Files.exists(file)) {
            Files.writeString(file, "");
        }
        Files.setLastModifiedTime(file, FileTime.fromMillis(millis));
    }

    private static void script(Path file, String body) throws IOException {
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        assertTrue(file.toFile().setExecutable(true));
    }

    private static Element pom(Path file) throws Exception {
        return DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(file.toFile())
                .getDocumentElement();
    }

    private static String child(Element element, String name) {
        NodeList children = element.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            if (children.item(i) instanceof Element child && child.getTagName().equals(name)) {
                return child.getTextContent().trim();
            }
        }
        return "";
    }

    private static List<String> texts(Element root, String tag) {
        List<String> texts = new ArrayList<>();
        NodeList list = root.getElementsByTagName(tag);
        for (int i = 0; i < list.getLength(); i++) {
            texts.add(list.item(i).getTextContent().trim());
        }
        return texts;
    }
}
