package dev.sonde.tracer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sonde.core.selector.MethodSelection;
import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URI;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.commons.ClassRemapper;
import org.objectweb.asm.commons.Remapper;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.BasicVerifier;

/**
 * Weaves every method of real code for tracing, at each level of detail, as the transformer does when a
 * selector or {@code --follow} reaches it: all of H2 and of the Eclipse compiler, and the JDK's own
 * {@code java.util} packages. Every woven class must pass the JVM's verifier, stack map frames
 * included: library classes are defined in a throwaway class loader and linked; {@code java.*} classes
 * cannot be defined under their own names, so all of {@code java.util} is renamed into another package
 * first, woven and unwoven alike. A class whose unwoven form the JVM cannot link here either (a
 * dependency the library leaves optional is missing; a JDK class outside {@code java.util} extends the
 * real one, not the renamed) is checked by ASM's verifier instead. Every method
 * with code must be woven, or be noted as too large to trace.
 */
class RealLibrariesTest {

    /** What a method may be left untraced for: nothing but size. */
    private static final String TOO_LARGE =
            "even with instructions only it would outgrow the 64 KiB limit on a method's code";

    private static final String SHADOW = "sonde/verify/";

    /** The classes of the jar that holds {@code resource}, by internal name, as the running JDK would pick them. */
    private static Map<String, byte[]> jar(String resource) throws IOException {
        URL url = RealLibrariesTest.class.getClassLoader().getResource(resource);
        Map<String, byte[]> classes = new TreeMap<>();
        Map<String, Integer> versions = new TreeMap<>();
        try (JarFile jar = ((JarURLConnection) url.openConnection()).getJarFile()) {
            Enumeration<JarEntry> entries = jar.entries();
            while (entries.hasMoreElements()) {
                JarEntry entry = entries.nextElement();
                String name = entry.getName();
                if (!name.endsWith(".class") || name.endsWith("module-info.class")) {
                    continue;
                }
                int version = 8;
                if (name.startsWith("META-INF/versions/")) {
                    String[] parts = name.split("/", 4);
                    version = Integer.parseInt(parts[2]);
                    name = parts[3];
                    if (version > Runtime.version().feature()) {
                        continue;
                    }
                }
                String className = name.substring(0, name.length() - ".class".length());
                if (versions.getOrDefault(className, 0) < version) {
                    versions.put(className, version);
                    try (InputStream in = jar.getInputStream(entry)) {
                        classes.put(className, in.readAllBytes());
                    }
                }
            }
        }
        return classes;
    }

    /** The running JDK's {@code java.util} classes (sub-packages included), by internal name. */
    private static Map<String, byte[]> javaUtil() throws IOException {
        Map<String, byte[]> classes = new TreeMap<>();
        FileSystem jrt = FileSystems.getFileSystem(URI.create("jrt:/"));
        Path root = jrt.getPath("/modules/java.base");
        try (Stream<Path> files = Files.walk(root.resolve("java/util"))) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String name = root.relativize(file).toString();
                if (name.endsWith(".class")) {
                    classes.put(name.substring(0, name.length() - ".class".length()), Files.readAllBytes(file));
                }
            }
        }
        return classes;
    }

    /** Weaves every method with code of every class, as the transformer does; returns the woven classes and notes problems. */
    private static Map<String, byte[]> weaveAll(
            Map<String, byte[]> classes, TracingWeaver.Detail detail, List<String> problems) {
        TraceRecorder recorder = new TraceRecorder(1, 0);
        TracingTransformer transformer =
                new TracingTransformer(MethodSelection.of(List.of(), List.of()), recorder, module -> {}, true, detail);
        Map<String, List<String>> methods = new TreeMap<>();
        for (Map.Entry<String, byte[]> each : classes.entrySet()) {
            String dotted = each.getKey().replace('/', '.');
            if (MethodSelection.isNeverWoven(dotted)) {
                continue; // the transformer is never asked for these (the tracer relies on them)
            }
            ClassNode node = new ClassNode();
            new ClassReader(each.getValue()).accept(node, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
            List<String> withCode = new ArrayList<>();
            for (MethodNode method : node.methods) {
                if (method.instructions.size() > 0) {
                    withCode.add(method.name + method.desc);
                    transformer.follow(dotted, method.name + method.desc);
                }
            }
            methods.put(each.getKey(), withCode);
        }
        Map<String, byte[]> woven = new java.util.concurrent.ConcurrentSkipListMap<>(classes);
        List<String> unwoven = java.util.Collections.synchronizedList(new ArrayList<>());
        // as the JVM does, several classes at once: two cores take half the time
        methods.entrySet().parallelStream().forEach(each -> {
            if (each.getValue().isEmpty()) {
                return;
            }
            byte[] bytes = transformer.transform(null, null, each.getKey(), null, null, classes.get(each.getKey()));
            if (bytes == null) {
                unwoven.add(each.getKey() + ": not woven at all");
            } else {
                woven.put(each.getKey(), bytes);
            }
        });
        problems.addAll(new java.util.TreeSet<>(unwoven));
        Map<String, String> notes = new TreeMap<>();
        for (MethodNote note = recorder.nextNote(); note != null; note = recorder.nextNote()) {
            if (note.detail() == null) {
                notes.put(note.method(), note.reason());
            }
        }
        for (Map.Entry<String, List<String>> each : methods.entrySet()) {
            String dotted = each.getKey().replace('/', '.');
            for (String method : each.getValue()) {
                String note = notes.get(dotted + "#" + method);
                if (transformer.wovenId(dotted, method) == null && !TOO_LARGE.equals(note)) {
                    problems.add(dotted + "#" + method + ": not traced: " + note);
                }
            }
        }
        return woven;
    }

    /** Defines the given classes, each from these bytes, in a loader of their own, before asking its parent. */
    private static final class Throwaway extends ClassLoader {
        static {
            registerAsParallelCapable();
        }

        private final Map<String, byte[]> classes;

        Throwaway(Map<String, byte[]> classes) {
            super(RealLibrariesTest.class.getClassLoader());
            this.classes = classes;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            byte[] bytes = classes.get(name.replace('.', '/'));
            if (bytes == null) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> loaded = findLoadedClass(name);
                return loaded != null ? loaded : defineClass(name, bytes, 0, bytes.length);
            }
        }

        /** Loads and links (so verifies) a class; null when it links, else what went wrong. */
        Throwable link(String internalName) {
            try {
                // reflecting on the declared methods links the class, which runs the verifier, and runs no code
                Class.forName(internalName.replace('/', '.'), false, this).getDeclaredMethods();
                return null;
            } catch (Throwable e) {
                return e;
            }
        }
    }

    /** Has the JVM verify every woven class; a class it cannot link even unwoven is verified by ASM. */
    private static int verify(Map<String, byte[]> original, Map<String, byte[]> woven, List<String> problems) {
        Throwaway wovenLoader = new Throwaway(woven);
        Throwaway originalLoader = new Throwaway(original);
        java.util.concurrent.atomic.AtomicInteger byAsm = new java.util.concurrent.atomic.AtomicInteger();
        List<String> found = java.util.Collections.synchronizedList(new ArrayList<>());
        woven.keySet().parallelStream().forEach(name -> {
            if (woven.get(name) == original.get(name)) {
                return;
            }
            Throwable failure = wovenLoader.link(name);
            if (failure == null) {
                return;
            }
            Throwable unwoven = originalLoader.link(name);
            if (unwoven != null && unwoven.getClass() == failure.getClass()) {
                byAsm.incrementAndGet();
                verifyWithAsm(name, woven.get(name), found);
            } else {
                found.add(name + ": " + failure);
            }
        });
        problems.addAll(new java.util.TreeSet<>(found));
        return byAsm.get();
    }

    private static void verifyWithAsm(String name, byte[] bytes, List<String> problems) {
        ClassNode node = new ClassNode();
        new ClassReader(bytes).accept(node, 0);
        for (MethodNode method : node.methods) {
            try {
                new Analyzer<BasicValue>(new BasicVerifier()).analyze(node.name, method);
            } catch (AnalyzerException e) {
                problems.add(name + "#" + method.name + method.desc + ": " + e.getMessage());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TracingWeaver.Detail.class)
    void everyMethodOfH2IsWovenAndPassesTheVerifier(TracingWeaver.Detail detail) throws IOException {
        checkLibrary(jar("org/h2/Driver.class"), detail, 1000);
    }

    @ParameterizedTest
    @EnumSource(TracingWeaver.Detail.class)
    void everyMethodOfTheEclipseCompilerIsWovenAndPassesTheVerifier(TracingWeaver.Detail detail) throws IOException {
        checkLibrary(jar("org/eclipse/jdt/internal/compiler/batch/Main.class"), detail, 800);
    }

    private static void checkLibrary(Map<String, byte[]> classes, TracingWeaver.Detail detail, int atLeast) {
        List<String> problems = new ArrayList<>();

        Map<String, byte[]> woven = weaveAll(classes, detail, problems);
        int byAsm = verify(classes, woven, problems);

        assertEquals(List.of(), problems);
        assertTrue(classes.size() >= atLeast, classes.size() + " classes");
        assertTrue(byAsm < classes.size() / 20, byAsm + " classes could only be checked by ASM");
    }

    @ParameterizedTest
    @EnumSource(TracingWeaver.Detail.class)
    void everyMethodOfJavaUtilIsWovenAndPassesTheVerifierUnderAnotherName(TracingWeaver.Detail detail)
            throws IOException {
        Map<String, byte[]> classes = javaUtil();
        List<String> problems = new ArrayList<>();

        Map<String, byte[]> woven = weaveAll(classes, detail, problems);
        Map<String, byte[]> original = new TreeMap<>();
        Map<String, byte[]> renamed = new TreeMap<>();
        for (String name : classes.keySet()) {
            byte[] shadow = shadow(classes.get(name));
            original.put(SHADOW + name, shadow);
            renamed.put(SHADOW + name, woven.get(name) == classes.get(name) ? shadow : shadow(woven.get(name)));
        }
        int byAsm = verify(original, renamed, problems);

        assertEquals(List.of(), problems);
        assertTrue(classes.size() >= 400, classes.size() + " classes");
        assertTrue(byAsm < classes.size() / 20, byAsm + " classes could only be checked by ASM");
    }

    /** A class of java.util, and every reference it makes to java.util, moved under {@value #SHADOW}. */
    private static byte[] shadow(byte[] bytes) {
        ClassWriter writer = new ClassWriter(0);
        new ClassReader(bytes)
                .accept(
                        new ClassRemapper(writer, new Remapper(org.objectweb.asm.Opcodes.ASM9) {
                            @Override
                            public String map(String internalName) {
                                return internalName.startsWith("java/util/") ? SHADOW + internalName : internalName;
                            }
                        }),
                        0);
        return writer.toByteArray();
    }
}
