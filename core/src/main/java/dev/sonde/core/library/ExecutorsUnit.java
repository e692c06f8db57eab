package dev.sonde.core.library;

import dev.sonde.bootstrap.Carried;
import dev.sonde.core.record.Recorder;
import dev.sonde.core.record.ScopeListener;
import dev.sonde.core.selector.MethodSelection;
import dev.sonde.core.weave.ScopePoint;
import dev.sonde.core.weave.ValueCode;
import java.util.List;

/**
 * The {@code executors} unit: a request's context follows the work it hands to other threads, so that
 * the SQL a pool thread runs for it counts toward it. A task handed to an executor
 * ({@code Executor#execute(Runnable)} of any implementation: the JDK's pools, virtual threads' per-task
 * executor, a framework's) is remembered with the context of the thread that handed it on, by identity
 * and weakly; when the JDK runs it ({@code FutureTask#run}, which {@code submit} wraps every task in;
 * {@code CompletableFuture}'s asynchronous stages; {@code ForkJoinTask#doExec}), that context is the
 * running thread's until the task ends; the same for a thread-per-task executor's (JDK 21's {@code
 * newVirtualThreadPerTaskExecutor}), whose new thread's task is remembered as the thread is made. A task the
 * JDK's pools run as they are given it (a lambda given to {@code ThreadPoolExecutor#execute}, any task given
 * to a {@code ScheduledThreadPoolExecutor}) is wrapped with the context instead ({@link ToPool}).
 *
 * <p>These are JDK classes: this unit weaves the JDK's own {@code java.util.concurrent}.
 */
final class ExecutorsUnit {

    static final String NAME = "executors";

    /** Tasks handed on and not run yet, followed at once; further ones run without their request. */
    static final int MAX_TASKS = 65_536;

    private ExecutorsUnit() {}

    /**
     * Adds the scopes to weave, with the kinds registered in {@code recorder}: to {@code jdk} those in the
     * JDK's own {@code java.util.concurrent}, each class named exactly, so that the JDK classes the program
     * loads are judged by their names alone (a {@code Type+} selector there would have every one read for its
     * supertypes, from the runtime image); to {@code library} the hand-off in every other executor (a
     * framework's pool, the program's), which the libraries' transformer finds by its supertypes among the
     * classes that are not the JDK's.
     */
    static void addPoints(Recorder recorder, List<ScopePoint> library, List<ScopePoint> jdk) {
        WeakIdentityMap<Object> handedOn = new WeakIdentityMap<>(MAX_TASKS);
        int handOff = recorder.kind(new HandOff(handedOn));
        int run = recorder.kind(new Run(handedOn));
        int toPool = recorder.kind(new ToPool(handedOn, false));
        int toScheduler = recorder.kind(new ToPool(handedOn, true));
        library.add(new ScopePoint(
                MethodSelection.ofSelectors("java.util.concurrent.Executor+#execute(Runnable)"),
                handOff,
                ValueCode.argument(0)));
        jdk.add(new ScopePoint(
                MethodSelection.ofSelectors(
                        "java.util.concurrent.ForkJoinPool#execute(Runnable)",
                        // where the common pool has one thread (two cores), asynchronous stages each get a
                        // new thread from this one
                        "java.util.concurrent.CompletableFuture$ThreadPerTaskExecutor#execute(Runnable)",
                        // JDK 21's thread-per-task executors (newVirtualThreadPerTaskExecutor): the task
                        // the new thread will run, a TaskRunner or a ThreadBoundFuture
                        "java.util.concurrent.ThreadPerTaskExecutor#newThread(Runnable)"),
                handOff,
                ValueCode.argument(0)));
        // tasks of libraries that hand them to a pool of their own and run them themselves: OkHttp's
        // enqueued calls (3.x's NamedRunnable, 4.x and 5.x's AsyncCall), given to its dispatcher's pool
        library.add(new ScopePoint(
                MethodSelection.ofSelectors(
                        "okhttp3.internal.NamedRunnable#run()", "okhttp3.internal.connection.RealCall$AsyncCall#run()"),
                run,
                ValueCode.self()));
        jdk.add(ScopePoint.handingOn(
                MethodSelection.ofSelectors("java.util.concurrent.ThreadPoolExecutor#execute(Runnable)"), toPool, 0));
        jdk.add(ScopePoint.handingOn(
                MethodSelection.ofSelectors(
                        "java.util.concurrent.ScheduledThreadPoolExecutor#execute(Runnable)",
                        // submit(Runnable) too, which schedules it at once
                        "java.util.concurrent.ScheduledThreadPoolExecutor#schedule(Runnable, long, TimeUnit)"),
                toScheduler,
                0));
        jdk.add(new ScopePoint(
                MethodSelection.ofSelectors(
                        "java.util.concurrent.FutureTask#run()",
                        "java.util.concurrent.ForkJoinTask#doExec()",
                        "java.util.concurrent.CompletableFuture$AsyncSupply#run()",
                        "java.util.concurrent.CompletableFuture$AsyncRun#run()",
                        // final in Completion: every dependent stage's
                        "java.util.concurrent.CompletableFuture$Completion#run()",
                        "java.util.concurrent.ThreadPerTaskExecutor$TaskRunner#run()",
                        "java.util.concurrent.ThreadPerTaskExecutor$ThreadBoundFuture#run()"),
                run,
                ValueCode.self()));
    }

    /** A task handed on: remembered with the handing thread's context, if it has one. */
    static final class HandOff implements ScopeListener.Untimed {
        private final WeakIdentityMap<Object> handedOn;

        HandOff(WeakIdentityMap<Object> handedOn) {
            this.handedOn = handedOn;
        }

        @Override
        public Object entered(Object value, Object context) {
            if (context != null && value != null) {
                handedOn.put(value, context);
            }
            return context;
        }
    }

    /**
     * A task handed to one of the JDK's thread pools, which runs what it is given as it is: remembered as
     * {@link HandOff} does, for a task whose run the unit follows ({@code submit}'s {@code FutureTask});
     * wrapped, with the handing thread's context, for one it does not follow ({@link Carried}): a lambda
     * or method reference given to {@code ThreadPoolExecutor#execute} (a class of the JVM's making, which
     * no code can expect to be of any type but the interface), and any task given to a {@code
     * ScheduledThreadPoolExecutor}, which wraps every task in a future of its own that the program never
     * sees the task through. A named task given to a plain pool's {@code execute} is left as it is (the
     * pool's {@code remove} and {@code shutdownNow} give it back): it runs without its request.
     */
    static final class ToPool implements ScopeListener.HandsOn, ScopeListener.Untimed {
        private final WeakIdentityMap<Object> handedOn;
        private final boolean anyTask;

        ToPool(WeakIdentityMap<Object> handedOn, boolean anyTask) {
            this.handedOn = handedOn;
            this.anyTask = anyTask;
        }

        private boolean wraps(Object task) {
            if (!(task instanceof Runnable) || task instanceof Carried) {
                return false;
            }
            int type = TASK_TYPES.get(task.getClass());
            return (type & JDKS) == 0 && (anyTask || (type & LAMBDA) != 0);
        }

        @Override
        public Object entered(Object value, Object context) {
            if (context != null && value != null && !wraps(value)) {
                handedOn.put(value, context);
            }
            return context;
        }

        @Override
        public Object handOn(Object value, Object context) {
            return context != null && wraps(value) ? new Carried((Runnable) value, context) : value;
        }
    }

    /** A task's class is the JDK's own (a virtual thread's timed park schedules its unpark on a scheduled pool). */
    static final int JDKS = 1;

    /** A task's class is a lambda's or a method reference's made by the JVM, of {@code Runnable} alone. */
    static final int LAMBDA = 2;

    /** What {@link ToPool} needs to know of a task's class, worked out once per class. */
    private static final ClassValue<Integer> TASK_TYPES = new ClassValue<Integer>() {
        @Override
        protected Integer computeValue(Class<?> type) {
            String name = type.getName();
            if (name.startsWith("java.") || name.startsWith("jdk.") || name.startsWith("sun.")) {
                return JDKS;
            }
            Class<?>[] interfaces = type.getInterfaces();
            return type.isHidden() && interfaces.length == 1 && interfaces[0] == Runnable.class ? LAMBDA : 0;
        }
    };

    /** A task runs: the context it was handed on with is the running thread's until it ends. */
    static final class Run implements ScopeListener.Untimed {
        private final WeakIdentityMap<Object> handedOn;

        Run(WeakIdentityMap<Object> handedOn) {
            this.handedOn = handedOn;
        }

        @Override
        public Object entered(Object value, Object context) {
            Object carried = handedOn.remove(value);
            return carried != null ? carried : context;
        }
    }
}
