package acc;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Uses the JDK's own collections, for a probe told to time all of {@code java.util}. */
public final class Collections {

    public static void main(String[] args) {
        List<Integer> list = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            list.add(i);
        }
        Map<String, Integer> map = new HashMap<>();
        for (int i = 0; i < 100; i++) {
            map.put("k" + i, i);
        }
        System.out.println(list.size() + " " + map.size() + " " + String.join(",", new TreeSet<>(List.of("b", "a"))));
    }
}
