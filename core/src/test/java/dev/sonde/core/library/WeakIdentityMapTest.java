package dev.sonde.core.library;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WeakIdentityMapTest {

    /** A key equal to every other and of one hash: the map must tell keys apart by identity alone. */
    private static final class Alike {
        @Override
        public boolean equals(Object other) {
            return true;
        }

        @Override
        public int hashCode() {
            return 1;
        }
    }

    @Test
    void keysAreToldApartByIdentityAndARemovedOneIsGoneAtOnce() {
        WeakIdentityMap<String> map = new WeakIdentityMap<>(1_000);
        List<Object> keys = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            Object key = new Alike();
            keys.add(key);
            map.put(key, "value " + i);
        }
        assertEquals(500, map.size());
        assertEquals("value 7", map.get(keys.get(7)));

        assertEquals("value 7", map.remove(keys.get(7)));

        assertNull(map.get(keys.get(7)));
        assertNull(map.remove(keys.get(7)), "removed once");
        assertEquals(499, map.size());
        assertEquals("value 8", map.get(keys.get(8)), "the others stay");
        assertNull(map.remove(null));
    }

    @Test
    void pastItsBoundFurtherKeysAreNotKept() {
        WeakIdentityMap<String> map = new WeakIdentityMap<>(3);
        Object[] keys = {new Object(), new Object(), new Object(), new Object()};
        for (Object key : keys) {
            map.put(key, "kept");
        }
        assertEquals(3, map.size());
        assertNull(map.get(keys[3]));
        map.remove(keys[0]);
        map.put(keys[3], "now kept");
        assertEquals("now kept", map.get(keys[3]));
    }

    @Test
    void collectedKeysAreDroppedAndTheirPlacesFreed() throws InterruptedException {
        WeakIdentityMap<String> map = new WeakIdentityMap<>(100);
        for (int i = 0; i < 100; i++) {
            map.put(new Object(), "gone soon");
        }
        Object kept = new Object();
        map.put(kept, "full");
        assertNull(map.get(kept), "past the bound");
        for (int round = 0; round < 100 && map.size() > 0; round++) {
            System.gc();
            Thread.sleep(10);
        }

        assertEquals(0, map.size());
        map.put(kept, "kept now");
        assertEquals("kept now", map.get(kept));
    }

    @Test
    void threadsPuttingAndRemovingAtOnceLoseNothing() throws InterruptedException {
        WeakIdentityMap<Integer> map = new WeakIdentityMap<>(1_000_000);
        Object[][] keys = new Object[4][10_000];
        Thread[] threads = new Thread[keys.length];
        int[] found = new int[keys.length];
        for (int t = 0; t < threads.length; t++) {
            int own = t;
            threads[t] = new Thread(() -> {
                for (int i = 0; i < keys[own].length; i++) {
                    keys[own][i] = new Object();
                    map.put(keys[own][i], i);
                }
                for (int i = 0; i < keys[own].length; i += 2) {
                    if (Integer.valueOf(i).equals(map.remove(keys[own][i]))) {
                        found[own]++;
                    }
                }
            });
            threads[t].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }

        for (int t = 0; t < threads.length; t++) {
            assertEquals(5_000, found[t]);
            assertEquals(Integer.valueOf(9_999), map.get(keys[t][9_999]));
        }
        assertEquals(4 * 5_000, map.size());
    }
}
