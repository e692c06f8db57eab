package scoping.lib;

import java.util.HashMap;
import java.util.Map;

/** A stand-in for a library a program loads: a key-value store whose calls are woven as scopes. */
public class Store {

    private final Map<String, Integer> values = new HashMap<>();

    public Integer get(String key) {
        return lookUp(key); // a call of the same kind inside: only the outermost is a scope
    }

    Integer lookUp(String key) {
        return values.get(key);
    }

    public void put(String key, int value) {
        values.put(key, value);
    }

    public long size(long offset) {
        return values.size() + offset;
    }

    /** A store of its own for {@code name}, as a connection prepares a statement; the same one for the same name. */
    public Store prepare(String name) {
        return name.isEmpty() ? this : new Store();
    }

    /** Runs what the store was prepared for, as a prepared statement runs: it carries no value of its own. */
    public int run() {
        return values.size();
    }

    /** What the store goes on with: its argument as it was given, or what the probe handed on in its place. */
    public String describe(CharSequence text) {
        return text.toString();
    }

    public void fail(String why) {
        throw new IllegalStateException(why);
    }
}
