package dev.sonde.core.library;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sonde.bootstrap.Carried;
import org.junit.jupiter.api.Test;

class ExecutorsUnitTest {

    private final WeakIdentityMap<Object> handedOn = new WeakIdentityMap<>(ExecutorsUnit.MAX_TASKS);
    private final ExecutorsUnit.HandOff handOff = new ExecutorsUnit.HandOff(handedOn);
    private final ExecutorsUnit.Run run = new ExecutorsUnit.Run(handedOn);

    @Test
    void aTaskRunsInTheContextOfTheThreadThatHandedItOnOnce() {
        Object request = new Object();
        Object task = new Object();
        assertSame(request, handOff.entered(task, request), "handing on changes nothing where it happens");

        assertSame(request, run.entered(task, null), "the task runs in the request's context");
        assertNull(run.entered(task, null), "once: a task that runs again is not the request's any more");
        assertEquals(0, handedOn.size());
    }

    @Test
    void aTaskHandedOnOutsideARequestRunsInTheRunningThreadsOwnContext() {
        Object task = new Object();
        Object own = new Object();
        handOff.entered(task, null);
        assertSame(own, run.entered(task, own));
        assertSame(own, run.entered(new Object(), own), "a task never handed on through a woven executor");
    }

    /** A task of a class of its own, as a program names one. */
    private static final class Named implements Runnable {
        @Override
        public void run() {}
    }

    @Test
    void aPoolsLambdaIsWrappedWithTheRequestAndANamedTaskRememberedInstead() {
        ExecutorsUnit.ToPool pool = new ExecutorsUnit.ToPool(handedOn, false);
        Object request = new Object();
        Runnable lambda = () -> {};
        Runnable named = new Named();

        assertSame(request, pool.entered(lambda, request));
        Object handed = pool.handOn(lambda, request);
        assertTrue(handed instanceof Carried, String.valueOf(handed));
        assertSame(lambda, ((Carried) handed).task());
        assertEquals(lambda.toString(), handed.toString(), "it reads as the program's task");
        assertSame(handed, pool.handOn(handed, request), "never wrapped twice");

        pool.entered(named, request);
        assertSame(named, pool.handOn(named, request), "a pool gives a named task back (remove, shutdownNow)");
        assertSame(request, run.entered(named, null), "so it is remembered, for a run the unit follows");

        assertSame(lambda, pool.handOn(lambda, null), "outside a request: nothing to carry");
        assertEquals(0, handedOn.size(), "the lambda was wrapped, not remembered");
    }

    @Test
    void aSchedulersTasksAreAllWrappedAsItNeverGivesThemBack() {
        ExecutorsUnit.ToPool scheduler = new ExecutorsUnit.ToPool(handedOn, true);
        Object request = new Object();
        Runnable named = new Named();

        Object handed = scheduler.handOn(named, request);

        assertTrue(handed instanceof Carried);
        assertSame(named, ((Carried) handed).task());
        Runnable jdks = new java.util.concurrent.FutureTask<>(() -> null);
        assertSame(jdks, scheduler.handOn(jdks, request), "the JDK's own tasks are left alone");
    }

    @Test
    void aCarriedTaskRunsWithItsContextAndGivesTheThreadItsOwnBack() {
        dev.sonde.core.record.Recorder recorder =
                new dev.sonde.core.record.Recorder(new dev.sonde.core.record.MethodRegistry(10), 4);
        dev.sonde.bootstrap.Bridge.install(recorder);
        try {
            Object[] seen = new Object[1];
            Object own = new Object();
            Object previous = recorder.frames().attach(own);
            new Carried(() -> seen[0] = dev.sonde.bootstrap.Bridge.frames().context(), "request").run();
            assertEquals("request", seen[0]);
            assertSame(own, recorder.frames().context());
            recorder.frames().detach(previous);
        } finally {
            dev.sonde.bootstrap.Bridge.install(null);
        }
    }
}
