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
}
