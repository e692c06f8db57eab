package dev.sonde.core.library;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sonde.core.snapshot.CallSnapshot;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class AsyncCallTest {

    /** A future's end, as the JDK client's unit reads it. */
    private static final AsyncCall.Ending FUTURE = new AsyncCall.Ending() {
        @Override
        public boolean isDone(Object handle) {
            return ((CompletableFuture<?>) handle).isDone();
        }

        @Override
        public boolean failed(Object handle) {
            return ((CompletableFuture<?>) handle).isCompletedExceptionally();
        }

        @Override
        public boolean failed(Object result, Throwable error) {
            return error != null;
        }
    };

    @Test
    void aCallSettledAsItsRequestEndsEndsByThenAndIsRecordedOnce() throws Exception {
        StatementTable http = new StatementTable(RequestState.HTTP);
        RequestState request = new RequestState("GET /");
        CompletableFuture<String> future = new CompletableFuture<>();
        AsyncCall call = new AsyncCall(http, "GET h:80/", request, future, FUTURE, System.nanoTime());
        call.pendInRequest();
        future.complete("ok"); // the program has its result; the probe's own stage has not run yet
        Thread.sleep(3);
        long end = System.nanoTime() - 1_000_000; // the request ended a millisecond ago

        request.settle(end);
        call.accept("ok", null); // the probe's stage, late

        assertEquals(1, request.count(RequestState.HTTP), "recorded once");
        CallSnapshot node = request.calls().get(0);
        assertTrue(
                node.offsetNanos() + node.totalNanos() <= end - request.startNanos,
                "within the request: " + node.offsetNanos() + " + " + node.totalNanos());
        assertEquals(1, http.snapshot().get(0).count());
    }

    @Test
    void aCallStillRunningAsItsRequestEndsIsRecordedAsItEnds() {
        StatementTable http = new StatementTable(RequestState.HTTP);
        RequestState request = new RequestState("GET /");
        CompletableFuture<String> future = new CompletableFuture<>();
        AsyncCall call = new AsyncCall(http, "GET h:80/", request, future, FUTURE, System.nanoTime());
        call.pendInRequest();
        future.whenComplete(call);

        request.settle(System.nanoTime());
        assertEquals(0, request.count(RequestState.HTTP), "not ended yet");
        future.completeExceptionally(new IllegalStateException("refused"));

        assertEquals(1, http.snapshot().get(0).count());
        assertEquals(1, http.snapshot().get(0).errors());
    }
}
