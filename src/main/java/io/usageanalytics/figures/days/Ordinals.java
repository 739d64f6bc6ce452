package io.usageanalytics.figures.days;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Small dense numbers for the user (or chat) ids of one company, so that sets
 * of them are int arrays and bit sets. Numbers live only in this process and
 * are never reused; they are not stored anywhere.
 */
public final class Ordinals {

    private final Map<String, Integer> numbers = new HashMap<>();
    private final List<String> ids = new ArrayList<>();

    public synchronized int of(String id) {
        Integer number = numbers.get(id);
        if (number == null) {
            number = ids.size();
            numbers.put(id, number);
            ids.add(id);
        }
        return number;
    }

    public synchronized String id(int ordinal) {
        return ids.get(ordinal);
    }

    /** One more than the highest ordinal handed out. */
    public synchronized int size() {
        return ids.size();
    }
}
