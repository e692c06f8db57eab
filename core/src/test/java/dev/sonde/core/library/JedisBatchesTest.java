package dev.sonde.core.library;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The commands a thread sends outside any Jedis call, gathered until a pipeline's or transaction's replies are read. */
class JedisBatchesTest {

    private final JedisUnit.Batches batches = new JedisUnit.Batches();

    @Test
    void aBatchIsNamedByItsDistinctCommandsInTheOrderSent() {
        assertNull(batches.take(), "nothing sent yet");
        long before = System.nanoTime();
        batches.sent("GET user:{n}:name");
        batches.sent("SMEMBERS user:{n}:history");
        batches.sent("GET user:{n}:name");

        JedisUnit.Batch batch = batches.take();

        assertEquals("PIPELINE (GET user:{n}:name, SMEMBERS user:{n}:history)", batch.text("PIPELINE"));
        assertEquals(3, batch.count);
        assertTrue(batch.start >= before);
        assertNull(batches.take(), "taken once");
    }

    @Test
    void pastEightDistinctCommandsTheNameSaysThereWereMore() {
        for (int i = 0; i < 10; i++) {
            batches.sent("GET k" + i);
        }
        assertEquals(
                "TRANSACTION (GET k0, GET k1, GET k2, GET k3, GET k4, GET k5, GET k6, GET k7, …)",
                batches.take().text("TRANSACTION"));
    }

    @Test
    void aCallOfItsOwnForgetsWhatWasSentBeforeAndNeverRead() {
        batches.sent("HELLO");
        batches.forget();
        assertNull(batches.take());
    }

    @Test
    void aCallMadeWhileTheRepliesAreReadForgetsNothing() {
        batches.sent("INCR visits:total");
        batches.reading();
        batches.forget(); // Jedis 8's transaction resets its Jedis inside exec()
        assertEquals("TRANSACTION (INCR visits:total)", batches.take().text("TRANSACTION"));
        batches.sent("HELLO");
        batches.forget();
        assertNull(batches.take(), "once read, a call forgets again");
    }

    @Test
    void eachThreadGathersItsOwn() throws InterruptedException {
        batches.sent("GET mine");
        Thread other = new Thread(() -> batches.sent("GET theirs"));
        other.start();
        other.join();
        assertEquals("PIPELINE (GET mine)", batches.take().text("PIPELINE"));
    }
}
