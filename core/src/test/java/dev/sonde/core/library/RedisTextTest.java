package dev.sonde.core.library;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RedisTextTest {

    private static String text(String command, String first) {
        return RedisText.of(command, first == null ? null : first.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aCommandIsNamedWithItsKeysPatternIdentifiersTakenOut() {
        assertEquals("SMEMBERS user:{n}:history", text("smembers", "user:42:history"));
        assertEquals("GET session:{id}", text("GET", "session:123e4567-e89b-12d3-a456-426614174000"));
        assertEquals("GET token:{id}", text("GET", "token:a1b2c3d4e5"));
        assertEquals("HGET cart/{n}/items", text("HGET", "cart/7/items"));
        assertEquals("GET cache:v2:home", text("GET", "cache:v2:home"), "a short version stays");
        assertEquals("GET {id}", text("GET", "x".repeat(40)), "a long segment is an identifier");
        assertEquals("INCR visits", text("INCR", "visits"));
        assertEquals("PING", text("PING", null));
    }

    @Test
    void anArgumentThatIsNotAKeyIsNeverShown() {
        assertEquals("AUTH", text("AUTH", "hunter2"));
        assertEquals("HELLO", text("HELLO", "3"));
        assertEquals("SELECT", text("SELECT", "2"));
        assertEquals("EVAL", text("EVAL", "return redis.call('get', KEYS[1])"));
        assertEquals("ZUNION", text("ZUNION", "2"));
        assertEquals("CONFIG GET", text("CONFIG", "get"));
        assertEquals("CLIENT SETNAME", text("CLIENT", "SetName"));
        assertEquals("CLIENT ?", text("CLIENT", "not a name!"));
    }

    @Test
    void aLongKeyPatternIsCut() {
        String key = "a:".repeat(100);
        String pattern = RedisText.keyPattern(key.getBytes(StandardCharsets.UTF_8));
        assertEquals(RedisText.MAX_KEY + 1, pattern.length());
        assertEquals('…', pattern.charAt(RedisText.MAX_KEY));
    }

    @Test
    void jedisArgumentsOfEveryShapeGiveTheText() {
        byte[] get = "GET".getBytes(StandardCharsets.UTF_8);
        byte[] key = "user:1:name".getBytes(StandardCharsets.UTF_8);
        assertEquals("GET user:{n}:name", JedisUnit.text(new Object[] {get, new byte[][] {key}}));
        assertEquals("GET user:{n}:name", JedisUnit.text(new Object[] {"GET", new String[] {"user:1:name"}}));
        assertEquals("GET user:{n}:name", JedisUnit.text(new Object[] {java.util.List.of(get, key)}));
        assertEquals("PING", JedisUnit.text(new Object[] {get.length == 3 ? "PING" : null}));
        assertEquals(null, JedisUnit.text(new Object[] {new Object()}), "not a command it can read");
    }
}
