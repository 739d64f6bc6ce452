package io.usageanalytics.figures.days;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Small dense numbers for the user (or chat) ids of one company, so that sets
 * of them are int arrays and bit sets. Numbers live only in this process and
 * are never reused; they are not stored anywhere. Reads take no lock.
 */
public final class Ordinals {

    private final Map<String, Integer> numbers = new ConcurrentHashMap<>();
    private volatile String[] ids = new String[64];
    private volatile int size;

    public int of(String id) {
        Integer number = numbers.get(id);
        return number != null ? number : add(id);
    }

    private synchronized int add(String id) {
        Integer number = numbers.get(id);
        if (number != null) {
            return number;
        }
        if (size == ids.length) {
            ids = Arrays.copyOf(ids, size * 2);
        }
        ids[size] = id;
        numbers.put(id, size);
        return size++;
    }

    public String id(int ordinal) {
        return ids[ordinal];
    }

    /** One more than the highest ordinal handed out. */
    public int size() {
        return size;
    }
}
