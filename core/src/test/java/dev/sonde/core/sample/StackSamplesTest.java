package dev.sonde.core.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class StackSamplesTest {

    /** Selected methods: a.A#outer=0, a.A#inner=1, a.A#recursive=2; anything else is not selected. */
    private static final StackSamples.Methods SELECTED = new StackSamples.Methods() {
        @Override
        public int idOf(String className, String methodName, String descriptor) {
            if (!className.equals("a.A") || !descriptor.equals("()V")) {
                return -1;
            }
            return List.of("outer", "inner", "recursive").indexOf(methodName);
        }
    };

    private static void add(StackSamples samples, boolean cut, String... innermostFirst) {
        String[] classes = new String[innermostFirst.length];
        String[] names = new String[innermostFirst.length];
        String[] descriptors = new String[innermostFirst.length];
        for (int i = 0; i < innermostFirst.length; i++) {
            String[] parts = innermostFirst[i].split("#");
            classes[i] = parts[0];
            names[i] = parts[1];
            descriptors[i] = "()V";
        }
        samples.add(classes, names, descriptors, innermostFirst.length, cut);
    }

    @Test
    void theInnermostSelectedMethodGetsTheSelfSampleAndEveryOneOnTheStackATotalSample() {
        StackSamples samples = new StackSamples(SELECTED);
        add(samples, false, "java.lang.String#hashCode", "a.A#inner", "a.A#outer", "a.Main#main");
        add(samples, false, "a.A#outer", "a.Main#main");
        add(samples, false, "a.Main#main");

        assertEquals(3, samples.samples());
        assertEquals(2, samples.onStack(0));
        assertEquals(1, samples.innermost(0), "outer is innermost only when inner is not above it");
        assertEquals(1, samples.onStack(1));
        assertEquals(1, samples.innermost(1), "time in a method that is not selected is its caller's");
        assertEquals(0, samples.onStack(-1));
        assertEquals(0, samples.onStack(1_000));
    }

    @Test
    void aRecursiveMethodCountsOncePerSampleAndCutStacksAreCounted() {
        StackSamples samples = new StackSamples(SELECTED);
        add(samples, true, "a.A#recursive", "a.A#recursive", "a.A#recursive", "a.A#outer");
        add(samples, false, "a.A#recursive", "a.A#recursive");

        assertEquals(2, samples.onStack(2));
        assertEquals(2, samples.innermost(2));
        assertEquals(1, samples.onStack(0));
        assertEquals(1, samples.truncated());
    }

    @Test
    void idsPastTheFirstArraysGrowThem() {
        StackSamples samples = new StackSamples(new StackSamples.Methods() {
            @Override
            public int idOf(String className, String methodName, String descriptor) {
                return Integer.parseInt(methodName);
            }
        });
        add(samples, false, "x#500", "x#3");
        assertEquals(1, samples.innermost(500));
        assertEquals(1, samples.onStack(3));
        assertEquals(0, samples.innermost(3));
    }
}
