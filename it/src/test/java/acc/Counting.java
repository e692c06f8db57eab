package acc;

import java.util.concurrent.atomic.AtomicLong;

/** Sixteen threads call two methods; one of them throws on every third call. */
public final class Counting {

    static int work(int x) {
        return x * 31 + 7;
    }

    static void mayFail(int i) {
        if (i % 3 == 0) {
            throw new IllegalStateException("planned failure " + i);
        }
    }

    public static void main(String[] args) throws Exception {
        int threads = 16;
        int calls = 20_000;
        AtomicLong sum = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        StringBuilder firstFailure = new StringBuilder();
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            workers[t] = new Thread(() -> {
                long local = 0;
                for (int i = 0; i < calls; i++) {
                    local += work(i);
                    try {
                        mayFail(i);
                    } catch (IllegalStateException e) {
                        failures.incrementAndGet();
                        synchronized (firstFailure) {
                            if (firstFailure.length() == 0) {
                                StackTraceElement top = e.getStackTrace()[0];
                                firstFailure
                                        .append(e.getMessage())
                                        .append(" at ")
                                        .append(top.getClassName())
                                        .append('.')
                                        .append(top.getMethodName())
                                        .append(':')
                                        .append(top.getLineNumber());
                            }
                        }
                    }
                }
                sum.addAndGet(local);
            });
            workers[t].start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
        System.out.println("sum=" + sum.get() + " failures=" + failures.get() + " first=" + firstFailure);
    }
}
