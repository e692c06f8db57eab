package dev.sonde.core.library;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

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
}
