package dev.sonde.core.timing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sonde.bootstrap.Bridge;
import dev.sonde.bootstrap.Sink;
import dev.sonde.core.record.MethodRegistry;
import dev.sonde.core.record.Recorder;
import dev.sonde.core.selector.MethodSelection;
import dev.sonde.core.selector.MethodSelector;
import dev.sonde.core.snapshot.MethodSnapshot;
import dev.sonde.testkit.WeavingLoader;
import java.lang.reflect.Method;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import weaving.targets.Calls;

/**
 * The probe's own cost, calibrated, is taken out of the times: a method that calls a timed empty method
 * a thousand times is no longer reported with the thousand calls' timing as its self time; the
 * measured times are kept beside. On a quiet machine what is left of the self time is close to the
 * method's own cost (a loop of a thousand calls: a microsecond or so; 0.5 to 6 µs left of some 36 µs
 * measured); with both cores taken by other work, up to two fifths is left (the program's thread is
 * preempted while it times): the bound is half.
 */
class CompensationTest {

    private final MethodRegistry registry = new MethodRegistry(1000);
    private final Recorder recorder = new Recorder(registry, 4);

    @AfterEach
    void uninstall() {
        Bridge.install(Sink.NONE);
    }

    @Test
    void aMethodCallingAThousandTimedEmptyMethodsKeepsOnlyItsOwnCost() throws Exception {
        Recorder.preload();
        recorder.calibrate();
        long[] overhead = recorder.overhead();
        assertTrue(overhead[0] > 0 && overhead[1] > overhead[0], "calibrated: " + overhead[0] + ", " + overhead[1]);

        TimingTransformer transformer = new TimingTransformer(
                MethodSelection.of(List.of(MethodSelector.parse(Calls.class.getName() + "#*")), List.of()),
                registry,
                module -> {},
                true);
        Class<?> woven = WeavingLoader.through(
                        transformer, CompensationTest.class.getClassLoader(), Calls.class.getName())
                .loadClass(Calls.class.getName());
        Method outer = woven.getMethod("outer", int.class);
        Bridge.install(recorder);
        // the JIT compiles the woven code and the probe's first: the comparison is of the calls after
        for (int i = 0; i < 3000; i++) {
            outer.invoke(null, i);
        }
        MethodSnapshot before = find(recorder.snapshot(), "outer");
        for (int i = 0; i < 3000; i++) {
            outer.invoke(null, i);
        }
        Bridge.install(Sink.NONE);
        List<MethodSnapshot> after = recorder.snapshot();
        MethodSnapshot outerCalls = find(after, "outer");
        MethodSnapshot innerCalls = find(after, "inner");
        assertEquals(6000, outerCalls.count());
        assertEquals(6_000_000, innerCalls.count());
        // measured, the outer method's self time carries the timing of its thousand calls
        long rawSelfPerCall = (outerCalls.rawSelfNanos() - before.rawSelfNanos()) / 3000;
        long selfPerCall = (outerCalls.selfNanos() - before.selfNanos()) / 3000;
        assertTrue(
                rawSelfPerCall > 1000 * (overhead[1] - overhead[0]) / 2,
                "measured self " + rawSelfPerCall + " ns a call, overhead " + overhead[1] + " ns a timed call");
        assertTrue(
                selfPerCall < rawSelfPerCall / 2,
                "self with the probe's cost taken out: " + selfPerCall + " ns a call, measured " + rawSelfPerCall
                        + "; calibrated " + overhead[0] + " ns inside, " + overhead[1] + " ns a call");
        assertTrue(outerCalls.totalNanos() < outerCalls.rawTotalNanos());
        assertTrue(innerCalls.totalNanos() < innerCalls.rawTotalNanos());
    }

    private static MethodSnapshot find(List<MethodSnapshot> methods, String name) {
        for (MethodSnapshot method : methods) {
            if (method.key().methodName().equals(name)) {
                return method;
            }
        }
        throw new AssertionError("no " + name + " in " + methods);
    }
}
