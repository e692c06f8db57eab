package dev.sonde.core.timing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sonde.bootstrap.Bridge;
import dev.sonde.bootstrap.Sink;
import dev.sonde.core.record.MethodRegistry;
import dev.sonde.core.record.Recorder;
import dev.sonde.core.selector.MethodSelection;
import dev.sonde.core.selector.MethodSelector;
import dev.sonde.core.snapshot.LeftOutMethods;
import dev.sonde.core.snapshot.MethodSnapshot;
import dev.sonde.testkit.ClassFiles;
import dev.sonde.testkit.WeavingLoader;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import weaving.targets.Shapes;

/** Which methods are too small to time, and that weaving leaves them out, counted, unless named exactly. */
class SmallMethodsTest {

    private static Set<String> allMethods() {
        Set<String> keys = new TreeSet<>();
        for (Method method : Shapes.class.getDeclaredMethods()) {
            keys.add(method.getName() + org.objectweb.asm.Type.getMethodDescriptor(method));
        }
        return keys;
    }

    @Test
    void accessorsConstantsAndComparisonsAreSmallAndNothingElseIs() {
        Set<String> small = new TreeSet<>();
        for (String key : SmallMethods.of(ClassFiles.bytes(Shapes.class), allMethods())) {
            small.add(key.substring(0, key.indexOf('(')));
        }
        assertEquals(Set.of("smallChoice", "smallComparison", "smallConstant", "smallGetter", "smallSetter"), small);
    }

    @Test
    void onlyTheMethodsAskedAboutAreJudged() {
        assertEquals(
                Set.of("smallGetter()I"), SmallMethods.of(ClassFiles.bytes(Shapes.class), Set.of("smallGetter()I")));
    }

    private final MethodRegistry registry = new MethodRegistry(1000);
    private final Recorder recorder = new Recorder(registry, 16);

    @AfterEach
    void uninstall() {
        Bridge.install(Sink.NONE);
    }

    private List<String> timedAfterCallingEach(boolean timeSmall, String... selectors) throws Exception {
        List<MethodSelector> parsed = new ArrayList<>();
        for (String selector : selectors) {
            parsed.add(MethodSelector.parse(selector));
        }
        TimingTransformer transformer =
                new TimingTransformer(MethodSelection.of(parsed, List.of()), registry, module -> {}, timeSmall);
        WeavingLoader loader =
                WeavingLoader.through(transformer, SmallMethodsTest.class.getClassLoader(), Shapes.class.getName());
        Class<?> woven = loader.loadClass(Shapes.class.getName());
        Object shapes = woven.getConstructor().newInstance();
        Bridge.install(recorder);
        woven.getMethod("smallGetter").invoke(shapes);
        woven.getMethod("smallSetter", int.class).invoke(shapes, 3);
        woven.getMethod("callsAnother").invoke(shapes);
        woven.getMethod("loops", int.class).invoke(shapes, 10);
        Bridge.install(Sink.NONE);
        List<String> timed = new ArrayList<>();
        for (MethodSnapshot method : recorder.snapshot()) {
            timed.add(method.key().methodName() + "=" + method.count());
        }
        timed.sort(null);
        return timed;
    }

    @Test
    void smallMethodsSelectedByAPatternAreLeftOutAndCounted() throws Exception {
        assertEquals(List.of("callsAnother=1", "loops=1"), timedAfterCallingEach(false, Shapes.class.getName() + "#*"));
        LeftOutMethods leftOut = registry.leftOut();
        assertEquals(5, leftOut.methods());
        assertEquals(5, leftOut.byPackage().get(Shapes.class.getPackageName()));
        assertEquals(SmallMethods.RULE, leftOut.rule());
    }

    @Test
    void aSmallMethodNamedExactlyIsTimed() throws Exception {
        assertEquals(
                List.of("callsAnother=1", "loops=1", "smallGetter=2"),
                timedAfterCallingEach(false, Shapes.class.getName() + "#*", Shapes.class.getName() + "#smallGetter"));
        assertEquals(4, registry.leftOut().methods());
    }

    @Test
    void withTimeSmallEveryMethodIsTimed() throws Exception {
        assertEquals(
                List.of("callsAnother=1", "loops=1", "smallGetter=2", "smallSetter=1"),
                timedAfterCallingEach(true, Shapes.class.getName() + "#*"));
        assertEquals(0, registry.leftOut().methods());
    }
}
