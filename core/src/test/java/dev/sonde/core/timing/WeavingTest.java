package dev.sonde.core.timing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sonde.bootstrap.Bridge;
import dev.sonde.bootstrap.Sink;
import dev.sonde.core.record.MethodKey;
import dev.sonde.core.record.MethodRegistry;
import dev.sonde.core.record.Recorder;
import dev.sonde.core.selector.MethodSelection;
import dev.sonde.core.selector.MethodSelector;
import dev.sonde.core.snapshot.MethodSnapshot;
import dev.sonde.testkit.ClassFiles;
import dev.sonde.testkit.WeavingLoader;
import dev.sonde.testkit.WovenCode;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Weaves target classes in-process with the real transformer, loads them in a child loader (so the
 * verifier checks every woven method), runs them and compares the timings recorded with what the
 * targets' comments say.
 */
class WeavingTest {

    private final MethodRegistry registry = new MethodRegistry(1000);
    private Recorder sink = new Recorder(registry, 16);

    @AfterEach
    void uninstall() {
        Bridge.install(Sink.NONE);
    }

    /** A loader that weaves every class of weaving.targets it defines, as the probe would. */
    private WeavingLoader weavingLoader(String... selectors) {
        List<MethodSelector> parsed = new ArrayList<>();
        for (String selector : selectors) {
            parsed.add(MethodSelector.parse(selector));
        }
        TimingTransformer transformer =
                new TimingTransformer(MethodSelection.of(parsed, List.of()), registry, module -> {});
        return WeavingLoader.through(transformer, WeavingTest.class.getClassLoader(), "weaving.targets.");
    }

    static byte[] original(String className) {
        return ClassFiles.bytes(WeavingTest.class.getClassLoader(), className);
    }

    private Object call(Class<?> type, String name, Object... args) throws Throwable {
        for (Method method : type.getDeclaredMethods()) {
            if (method.getName().equals(name) && method.getParameterCount() == args.length) {
                try {
                    return method.invoke(null, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            }
        }
        throw new NoSuchMethodException(name);
    }

    /** {@code Class#name(descriptor)=count[ errors=n]} for every method called, sorted. */
    private List<String> recorded() {
        Map<String, String> byKey = new TreeMap<>();
        for (MethodSnapshot method : sink.snapshot()) {
            MethodKey key = method.key();
            String shortClass = key.className().substring("weaving.targets.".length());
            byKey.put(
                    shortClass + "#" + key.methodName() + key.descriptor(),
                    method.count()
                            + (method.errors() > 0 ? " errors=" + method.errors() : "")
                            + (method.running() > 0 ? " running=" + method.running() : ""));
        }
        List<String> lines = new ArrayList<>();
        byKey.forEach((k, v) -> lines.add(k + "=" + v));
        return lines;
    }

    private Class<?> weave(String className, String... selectors) throws ClassNotFoundException {
        WeavingLoader loader = weavingLoader(selectors);
        Class<?> woven = Class.forName(className, true, loader);
        Bridge.install(sink);
        return woven;
    }

    @Test
    void timesEveryExitOfEveryControlFlowShape() throws Throwable {
        Class<?> flow = weave("weaving.targets.Flow", "weaving.targets.Flow#*");
        Class<?> colour = Class.forName("weaving.targets.Flow$Colour", true, flow.getClassLoader());

        assertEquals(-1, call(flow, "loopAtZero", 3));
        assertEquals(30.0, call(flow, "wide", 2L, 3.0, 8L));
        assertEquals(11, call(flow, "table", 1));
        assertEquals(-1, call(flow, "table", 9));
        assertEquals(3, call(flow, "lookup", 1_000_000));
        assertEquals(2, call(flow, "strings", "two"));
        assertEquals(5, call(flow, "strings", "three"));
        assertEquals("g", call(flow, "enums", colour.getEnumConstants()[1]));
        assertEquals(142, call(flow, "tryCatchFinally", "42"));
        assertEquals(99, call(flow, "tryCatchFinally", "x"));
        assertEquals(7, call(flow, "returnFromFinally"));
        assertEquals(2, call(flow, "lockedMethod", 1));
        Object lock = new Object();
        assertEquals(6, call(flow, "lockedBlock", lock, 2));
        IllegalArgumentException thrown =
                assertThrows(IllegalArgumentException.class, () -> call(flow, "lockedBlock", lock, -1));
        assertEquals("negative", thrown.getMessage());
        assertTrue(!Thread.holdsLock(lock), "the monitor is released on the error path");
        IOException checked = assertThrows(IOException.class, () -> call(flow, "checked", true));
        assertEquals("checked", checked.getMessage());
        assertEquals(
                "weaving.targets.Flow",
                checked.getStackTrace()[0].getClassName(),
                "the throwable is rethrown untouched, its stack trace unchanged");
        call(flow, "checked", false);
        assertEquals(24, call(flow, "recursive", 4));

        assertEquals(
                List.of(
                        "Flow#checked(Z)V=2 errors=1",
                        "Flow#enums(Lweaving/targets/Flow$Colour;)Ljava/lang/String;=1",
                        "Flow#lockedBlock(Ljava/lang/Object;I)I=2 errors=1",
                        "Flow#lockedMethod(I)I=1",
                        "Flow#lookup(I)I=1",
                        "Flow#loopAtZero(I)I=1",
                        "Flow#recursive(I)I=4",
                        "Flow#returnFromFinally()I=1",
                        "Flow#strings(Ljava/lang/String;)I=2",
                        "Flow#table(I)I=2",
                        "Flow#tryCatchFinally(Ljava/lang/String;)I=2",
                        "Flow#wide(JDJ)D=1"),
                recorded());
    }

    @Test
    void timesConstructorsWhateverTheirArgumentsDo() throws Throwable {
        Class<?> constructors = weave(
                "weaving.targets.Constructors",
                "weaving.targets.Constructors$*#<init>",
                "weaving.targets.Constructors#nested");
        ClassLoader loader = constructors.getClassLoader();

        assertEquals(14, call(constructors, "nested"));
        Class<?> derived = Class.forName("weaving.targets.Constructors$Derived", true, loader);
        derived.getConstructor(String.class).newInstance("-5");
        Class<?> pair = Class.forName("weaving.targets.Constructors$Pair", true, loader);
        InvocationTargetException refused = assertThrows(
                InvocationTargetException.class,
                () -> pair.getConstructor(Object.class, int.class).newInstance("x", -1));
        assertEquals("negative", refused.getCause().getMessage());
        InvocationTargetException early = assertThrows(
                InvocationTargetException.class,
                () -> derived.getConstructor(String.class).newInstance("not a number"));
        assertEquals(NumberFormatException.class, early.getCause().getClass(), "rethrown untouched");

        assertEquals(
                List.of(
                        "Constructors#nested()I=1",
                        "Constructors$Base#<init>(I)V=2",
                        "Constructors$Derived#<init>(I)V=2",
                        "Constructors$Derived#<init>(Ljava/lang/String;)V=2 errors=1",
                        "Constructors$Pair#<init>(Ljava/lang/Object;I)V=2 errors=1"),
                recorded());
    }

    @Test
    void timesAStaticInitialiserOnce() throws Throwable {
        Class<?> initialised = weave("weaving.targets.Initialised", "weaving.targets.Initialised#<clinit>");
        Bridge.install(sink);

        // initialisation already ran in weave(), before the sink was installed: run it in a fresh loader
        sink = new Recorder(registry, 16);
        Bridge.install(sink);
        WeavingLoader fresh = weavingLoader("weaving.targets.Initialised#<clinit>");
        Class<?> again = Class.forName("weaving.targets.Initialised", true, fresh);
        assertEquals(9, ((int[]) again.getField("TABLE").get(null))[3]);
        assertNotNull(initialised);

        assertEquals(List.of("Initialised#<clinit>()V=1"), recorded());
    }

    @Test
    void wovenCodeReachesOnlyTheJdkTheBridgeAndItsOwnClass() throws ClassNotFoundException {
        for (String target : List.of(
                "weaving.targets.Flow", "weaving.targets.Constructors$Derived", "weaving.targets.Initialised")) {
            TimingTransformer transformer = new TimingTransformer(
                    MethodSelection.of(
                            List.of(
                                    MethodSelector.parse("weaving.targets.**"),
                                    MethodSelector.parse("weaving.targets.**#<init>"),
                                    MethodSelector.parse("weaving.targets.**#<clinit>")),
                            List.of()),
                    new MethodRegistry(1000),
                    module -> {});
            byte[] original = original(target);
            byte[] woven = transformer.transform(
                    null, getClass().getClassLoader(), target.replace('.', '/'), null, null, original);
            assertNotNull(woven, target);

            Set<String> added = WovenCode.typesAdded(original, woven);
            assertTrue(added.contains("dev/sonde/bootstrap/Bridge"), target + " " + added);
            added.removeAll(Set.of("dev/sonde/bootstrap/Bridge", "dev/sonde/bootstrap/Frames", "java/lang/Throwable"));
            assertEquals(Set.of(), added, target + ": only the bridge and java.lang types may be added");
        }
    }

    @Test
    void leavesTheProbesOwnClassesAndUnselectedClassesAlone() {
        TimingTransformer transformer = new TimingTransformer(
                MethodSelection.of(List.of(MethodSelector.parse("**")), List.of()), registry, module -> {});

        assertNull(
                transformer.transform(null, null, "dev/sonde/core/Agent", null, null, new byte[0]),
                "rejected by name, before its bytes are read");
        assertNull(transformer.transform(null, null, "java/util/ArrayList", null, null, new byte[0]));
        assertNull(
                transformer.transform(null, null, "weaving/targets/Broken", null, null, new byte[] {1, 2, 3}),
                "bytes that cannot be read leave the class as it was");
    }
}
