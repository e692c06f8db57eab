package acc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Work handed to other threads: {@code handle} (an entry point in the tests) runs one SQL statement
 * itself, then hands one each to a fixed pool ({@code execute} of a lambda, and {@code submit}), to a
 * scheduled pool ({@code schedule} of a lambda, {@code execute} of a task of its own class), to a {@code
 * CompletableFuture} on the fixed pool and on the common pool, and, on JDK 21 and later, to a virtual thread
 * per task; it waits for all of them. It runs three times and prints how many statements each ran: 7, or 8
 * with virtual threads.
 */
public final class PoolShop {

    private static final ThreadLocal<Connection> DB = new ThreadLocal<>();

    public static void main(String[] args) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1);
        ExecutorService virtual = virtualThreads();
        int ran = 0;
        try {
            for (int i = 0; i < 3; i++) {
                ran = handle(pool, scheduler, virtual, i);
            }
        } finally {
            pool.shutdown();
            scheduler.shutdown();
            if (virtual != null) {
                virtual.shutdown();
            }
        }
        System.out.println("statements a request: " + ran);
    }

    static int handle(ExecutorService pool, ScheduledExecutorService scheduler, ExecutorService virtual, int id)
            throws Exception {
        int ran = 0;
        ran += query(id);
        // three tasks the pools run as they are given them: a lambda given to execute, a lambda scheduled,
        // and a task of a class of its own given to a scheduler's execute
        AtomicInteger bare = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(3);
        pool.execute(() -> {
            bare.addAndGet(query(id));
            done.countDown();
        });
        scheduler.schedule(
                () -> {
                    bare.addAndGet(query(id));
                    done.countDown();
                },
                1,
                TimeUnit.MILLISECONDS);
        scheduler.execute(new Runnable() {
            @Override
            public void run() {
                bare.addAndGet(query(id));
                done.countDown();
            }
        });
        if (!done.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the pools' tasks did not run");
        }
        ran += bare.get();
        Future<Integer> submitted = pool.submit(new Callable<Integer>() {
            @Override
            public Integer call() throws SQLException {
                return query(id);
            }
        });
        ran += submitted.get();
        ran += CompletableFuture.supplyAsync(() -> query(id), pool).get();
        ran += CompletableFuture.supplyAsync(() -> query(id)).get();
        if (virtual != null) {
            ran += virtual.submit(() -> query(id)).get();
        }
        return ran;
    }

    /** One statement on the calling thread's own connection; returns 1. */
    private static int query(int id) {
        try {
            Connection connection = DB.get();
            if (connection == null) {
                connection = DriverManager.getConnection("jdbc:h2:mem:poolshop;DB_CLOSE_DELAY=-1");
                DB.set(connection);
            }
            try (PreparedStatement statement = connection.prepareStatement("SELECT ? + 1")) {
                statement.setInt(1, id);
                try (ResultSet rows = statement.executeQuery()) {
                    rows.next();
                }
            }
            return 1;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code Executors.newVirtualThreadPerTaskExecutor()} where there is one (JDK 21 and later), else null. */
    private static ExecutorService virtualThreads() {
        try {
            return (ExecutorService)
                    Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }

    private PoolShop() {}
}
