package acc;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Twenty thousand virtual threads (JDK 21 and later), each calling {@link #work} five times: every one
 * gets its own recording buffer, more than max.threads allows, so finished ones must be folded and dropped.
 * Compiled for Java 17, so the executor is found by reflection.
 */
public final class VirtualThreads {

    static final LongAdder DONE = new LongAdder();

    static void work() {
        DONE.increment();
    }

    public static void main(String[] args) throws Exception {
        ExecutorService executor = (ExecutorService) java.util.concurrent.Executors.class
                .getMethod("newVirtualThreadPerTaskExecutor")
                .invoke(null);
        for (int i = 0; i < 20_000; i++) {
            executor.submit(() -> {
                for (int call = 0; call < 5; call++) {
                    work();
                }
            });
        }
        executor.shutdown();
        if (!executor.awaitTermination(2, TimeUnit.MINUTES)) {
            throw new IllegalStateException("virtual threads did not finish");
        }
        System.out.println("calls=" + DONE.sum());
    }
}
