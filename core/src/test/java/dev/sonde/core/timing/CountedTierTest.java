package dev.sonde.core.timing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import weaving.targets.Shapes;

/** A method of the counted tier: woven to count each call, no clock read, and counted exactly on every thread. */
class CountedTierTest {

    private static final String SHAPES = Shapes.class.getName();

    private final MethodRegistry registry = new MethodRegistry(1000);
    private final Recorder recorder = new Recorder(registry, 4);

    @AfterEach
    void uninstall() {
        Bridge.install(Sink.NONE);
    }

    private Class<?> weave(boolean loopsCounted) throws Exception {
        TimingTransformer transformer = new TimingTransformer(
                MethodSelection.of(List.of(MethodSelector.parse(SHAPES + "#*")), List.of()),
                registry,
                module -> {},
                true);
        if (loopsCounted) {
            // woven with both paths, as with the default tiers; moved as a look would once it proved hot and short
            registry.bothPaths(true);
            int id = registry.register(new MethodKey(SHAPES, "loops", "(I)I"));
            assertTrue(registry.moveToCounted(id));
        }
        return WeavingLoader.through(transformer, CountedTierTest.class.getClassLoader(), SHAPES)
                .loadClass(SHAPES);
    }

    @Test
    void aCountedMethodIsCountedExactlyOnEveryThreadWithoutAClockRead() throws Exception {
        Class<?> woven = weave(true);
        Object shapes = woven.getConstructor().newInstance();
        Method loops = woven.getMethod("loops", int.class);
        Method callsAnother = woven.getMethod("callsAnother");
        Bridge.install(recorder);
        // eight threads, more than max.threads: four count in their own arrays, the others through the lock
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            Thread thread = new Thread(() -> {
                try {
                    for (int i = 0; i < 25_000; i++) {
                        loops.invoke(shapes, 3);
                    }
                    callsAnother.invoke(shapes);
                } catch (ReflectiveOperationException e) {
                    throw new AssertionError(e);
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        Bridge.install(Sink.NONE);
        MethodSnapshot counted = null;
        MethodSnapshot timed = null;
        for (MethodSnapshot method : recorder.snapshot()) {
            if (method.key().methodName().equals("loops")) {
                counted = method;
            } else if (method.key().methodName().equals("callsAnother")) {
                timed = method;
            }
        }
        assertEquals("counted", counted.tier());
        assertEquals(200_000, counted.count());
        assertEquals(200_000, counted.countedCalls());
        assertEquals(0, counted.totalNanos(), "no clock was read");
        assertEquals("timed", timed.tier());
        assertEquals(8, timed.count());
        assertEquals(0, timed.countedCalls());
    }

    @Test
    void aMethodNamedExactlyOrPastTheCountersIsWovenToTimeOnlyAndNeverMoves() throws Exception {
        registry.bothPaths(true);
        for (int i = 0; i < MethodRegistry.MAX_COUNTED - 1; i++) {
            assertTrue(registry.isSwitchable(registry.register(new MethodKey("other.C" + i, "m", "()V"))));
        }
        int named = registry.register(new MethodKey(SHAPES, "catches", "([I)I"), true);
        int last = registry.register(new MethodKey(SHAPES, "callsAnother", "()I"));
        int past = registry.register(new MethodKey(SHAPES, "loops", "(I)I"));
        assertFalse(registry.isSwitchable(named), "named exactly: no counter");
        assertTrue(registry.isSwitchable(last), "the last counter");
        assertFalse(registry.isSwitchable(past), "past the counters");
        assertFalse(registry.moveToCounted(named));
        assertFalse(registry.moveToCounted(past));
        assertTrue(registry.moveToCounted(last));

        TimingTransformer transformer = new TimingTransformer(
                MethodSelection.of(List.of(MethodSelector.parse(SHAPES + "#*")), List.of()),
                registry,
                module -> {},
                true);
        byte[] woven = transformer.transform(
                null,
                CountedTierTest.class.getClassLoader(),
                SHAPES.replace('.', '/'),
                null,
                null,
                ClassFiles.bytes(Shapes.class));
        assertEquals(List.of("enter", "exit", "exitWithError"), bridgeCalls(woven, "loops"));
        assertEquals(List.of("enter", "exit", "exitWithError"), bridgeCalls(woven, "catches"));
        assertEquals(List.of("enterOrCount", "exitCounted", "exitWithError"), bridgeCalls(woven, "callsAnother"));
    }

    /** Calls {@code loops} {@code times} times, checking each answer: the woven method still computes as before. */
    private static void call(Method loops, Object shapes, Object expected, int times) throws Exception {
        for (int i = 0; i < times; i++) {
            assertEquals(expected, loops.invoke(shapes, 3));
        }
    }

    /** The distinct bridge methods a woven method calls, in the order first called. */
    private static List<String> bridgeCalls(byte[] woven, String methodName) {
        org.objectweb.asm.tree.ClassNode node = new org.objectweb.asm.tree.ClassNode();
        new org.objectweb.asm.ClassReader(woven).accept(node, 0);
        List<String> called = new ArrayList<>();
        for (org.objectweb.asm.tree.MethodNode method : node.methods) {
            if (!method.name.equals(methodName)) {
                continue;
            }
            for (org.objectweb.asm.tree.AbstractInsnNode insn : method.instructions) {
                if (insn instanceof org.objectweb.asm.tree.MethodInsnNode call
                        && call.owner.equals("dev/sonde/bootstrap/Frames")
                        && !called.contains(call.name)) {
                    called.add(call.name);
                }
            }
        }
        return called;
    }

    @Test
    void aMethodCountedFromTheStartIsTimedOnceTheRecorderIsToldWithoutWeavingAgain() throws Exception {
        registry.countFromStart(true);
        Class<?> woven = weave(false);
        Object shapes = woven.getConstructor().newInstance();
        Method loops = woven.getMethod("loops", int.class);
        Object expected = loops.invoke(woven.getConstructor().newInstance(), 3);
        Bridge.install(recorder);
        call(loops, shapes, expected, 1000);
        int id = registry.idOf(new MethodKey(SHAPES, "loops", "(I)I"));
        assertTrue(registry.isSwitchable(id));
        MethodSnapshot counted = find(recorder.snapshot(), "loops");
        assertEquals("counted", counted.tier());
        assertEquals(1000, counted.count());
        assertEquals(1000, counted.countedCalls());
        assertEquals(0, counted.totalNanos(), "no clock was read");

        registry.promoteToTimed(id);
        call(loops, shapes, expected, 500);
        Bridge.install(Sink.NONE);
        MethodSnapshot timed = find(recorder.snapshot(), "loops");
        assertEquals("timed", timed.tier());
        assertEquals(1500, timed.count(), "every call counted, then timed");
        assertEquals(1000, timed.countedCalls());
        assertTrue(timed.rawTotalNanos() > 0 && timed.p50Nanos() >= 0, "timed from then on: " + timed.rawTotalNanos());
    }

    @Test
    void aMethodWovenWithBothPathsStartsTimedAndMovesToTheCountedTierWithoutWeavingAgain() throws Exception {
        registry.bothPaths(true); // the default tiers
        Class<?> woven = weave(false);
        Object shapes = woven.getConstructor().newInstance();
        Method loops = woven.getMethod("loops", int.class);
        Object expected = loops.invoke(woven.getConstructor().newInstance(), 3);
        Bridge.install(recorder);
        call(loops, shapes, expected, 700);
        int id = registry.idOf(new MethodKey(SHAPES, "loops", "(I)I"));
        assertTrue(registry.isSwitchable(id));
        MethodSnapshot timed = find(recorder.snapshot(), "loops");
        assertEquals("timed", timed.tier());
        assertEquals(700, timed.count());
        assertEquals(0, timed.countedCalls());
        assertTrue(timed.rawTotalNanos() > 0, "timed from its first call");

        assertTrue(registry.moveToCounted(id)); // as a look of the tiering would
        call(loops, shapes, expected, 300);
        Bridge.install(Sink.NONE);
        MethodSnapshot counted = find(recorder.snapshot(), "loops");
        assertEquals("counted", counted.tier());
        assertEquals(1000, counted.count(), "every call, timed then counted");
        assertEquals(300, counted.countedCalls());
        assertEquals(timed.rawTotalNanos(), counted.rawTotalNanos(), "no clock read once counted");
    }

    @Test
    void aMethodCountedFromTheStartIsWovenWithTheHandlerOfATimedOne() throws Exception {
        registry.countFromStart(true); // a pattern: a method named exactly would stay timed
        TimingTransformer transformer = new TimingTransformer(
                MethodSelection.of(List.of(MethodSelector.parse(SHAPES + "#loop*")), List.of()),
                registry,
                module -> {},
                true);
        byte[] original = ClassFiles.bytes(Shapes.class);
        byte[] woven = transformer.transform(
                null, CountedTierTest.class.getClassLoader(), SHAPES.replace('.', '/'), null, null, original);
        assertEquals(List.of("loops"), WovenCode.methodsCalling(woven, "dev/sonde/bootstrap/Frames"));
        org.objectweb.asm.tree.ClassNode node = new org.objectweb.asm.tree.ClassNode();
        new org.objectweb.asm.ClassReader(woven).accept(node, 0);
        for (org.objectweb.asm.tree.MethodNode method : node.methods) {
            if (!method.name.equals("loops")) {
                continue;
            }
            List<String> called = bridgeCalls(woven, "loops");
            assertTrue(called.contains("enterOrCount") && !called.contains("count"), called.toString());
            assertTrue(called.contains("exitCounted") && called.contains("exitWithError"), called.toString());
            assertFalse(called.contains("exit"), "the timed path stays behind exitCounted: " + called);
            assertEquals(1, method.tryCatchBlocks.size(), "the handler of a timed method");
        }
    }

    @Test
    void aMethodCountedFromTheStartThatThrowsIsCountedThenTimedWithItsErrors() throws Exception {
        registry.countFromStart(true);
        Class<?> woven = weave(false);
        Object shapes = woven.getConstructor().newInstance();
        Method catches = woven.getMethod("catches", int[].class);
        Bridge.install(recorder);
        for (int i = 0; i < 10; i++) {
            assertEquals(7, catches.invoke(shapes, new int[] {7}));
            assertEquals(-1, catches.invoke(shapes, new int[0]), "caught inside: a normal return");
            assertThrowsNullPointer(catches, shapes);
        }
        int id = registry.idOf(new MethodKey(SHAPES, "catches", "([I)I"));
        registry.promoteToTimed(id);
        for (int i = 0; i < 5; i++) {
            assertEquals(7, catches.invoke(shapes, new int[] {7}));
            assertThrowsNullPointer(catches, shapes);
        }
        Bridge.install(Sink.NONE);
        MethodSnapshot snapshot = find(recorder.snapshot(), "catches");
        assertEquals(40, snapshot.count(), "every call, counted then timed");
        assertEquals(30, snapshot.countedCalls());
        assertEquals(5, snapshot.errors(), "the timed calls that threw");
    }

    private static void assertThrowsNullPointer(Method method, Object target) throws Exception {
        try {
            method.invoke(target, (Object) null);
            throw new AssertionError("no exception");
        } catch (java.lang.reflect.InvocationTargetException e) {
            assertTrue(e.getCause() instanceof NullPointerException, "rethrown untouched: " + e.getCause());
        }
    }

    private static MethodSnapshot find(List<MethodSnapshot> methods, String name) {
        for (MethodSnapshot method : methods) {
            if (method.key().methodName().equals(name)) {
                return method;
            }
        }
        throw new AssertionError("no " + name + " in " + methods);
    }

    @Test
    void aMethodCountedFromTheStartThatASelectorLaterNamesExactlyIsTimed() {
        registry.countFromStart(true);
        int id = registry.register(new MethodKey(SHAPES, "loops", "(I)I"), false);
        assertTrue(registry.isCounted(id));
        // the same method in another loader's copy of the class, named exactly there
        assertEquals(id, registry.register(new MethodKey(SHAPES, "loops", "(I)I"), true));
        assertFalse(registry.isCounted(id), "named exactly: timed");
        assertTrue(registry.isPinned(id));
        assertFalse(registry.moveToCounted(id));
    }

    @Test
    void aMethodNamedExactlyIsNeverMovedToTheCountedTier() {
        registry.bothPaths(true);
        int pinned = registry.register(new MethodKey(SHAPES, "loops", "(I)I"), true);
        int free = registry.register(new MethodKey(SHAPES, "callsAnother", "()I"), false);
        assertFalse(registry.moveToCounted(pinned));
        assertTrue(registry.moveToCounted(free));
        assertFalse(registry.isCounted(pinned));
        assertTrue(registry.isCounted(free));
    }
}
