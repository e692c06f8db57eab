package dev.sonde.core.sample;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The JDK's own sampler, in this JVM: it sees a method that burns the CPU, by its name and descriptor. */
class JfrSamplerTest {

    static volatile long sink;

    static long spin(long until) {
        long x = 1;
        while (System.nanoTime() < until) {
            for (int i = 0; i < 10_000; i++) {
                x = x * 6364136223846793005L + 1442695040888963407L;
            }
        }
        return x;
    }

    @Test
    void samplesTheStacksOfRunningThreadsAndFindsTheMethodsByName() throws Exception {
        StackSamples samples = new StackSamples(new StackSamples.Methods() {
            @Override
            public int idOf(String className, String methodName, String descriptor) {
                return className.equals(JfrSamplerTest.class.getName())
                                && methodName.equals("spin")
                                && descriptor.equals("(J)J")
                        ? 7
                        : -1;
            }
        });
        JfrSampler sampler = JfrSampler.start(samples, Duration.ofMillis(10));
        try {
            long deadline = System.nanoTime() + 10_000_000_000L;
            // spin until the sampler has seen it a few times (events arrive about once a second)
            while (samples.onStack(7) < 5 && System.nanoTime() < deadline) {
                sink = spin(System.nanoTime() + 200_000_000L);
            }
        } finally {
            sampler.close(Duration.ofSeconds(1));
        }
        assertTrue(samples.onStack(7) >= 5, "samples of spin: " + samples.onStack(7) + " of " + samples.samples());
        assertTrue(samples.innermost(7) >= 5);
        Thread[] threads = new Thread[Thread.activeCount() + 8];
        int n = Thread.enumerate(threads);
        for (int i = 0; i < n; i++) {
            assertTrue(!threads[i].getName().equals("sonde-samples"), "the sampler's thread ended");
        }
    }
}
