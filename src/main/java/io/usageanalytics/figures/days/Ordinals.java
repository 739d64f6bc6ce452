package io.usageanalytics.figures.days;

import java.util.Arrays;
import java.util.Comparator;
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
    private volatile IdOrder byId = new IdOrder(this, new int[0]);

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

    /**
     * The order of the ids as strings, by ordinal: a tie in a top of 20,000 users compares two ints instead of two
     * ids. The ids are ranked again once more than an eighth of the ordinals are newer than the ranking; until then
     * those are compared by their ids, so a company that keeps gaining users does not sort its ids per request.
     */
    public IdOrder byId() {
        IdOrder current = byId;
        return current.covers(size) ? current : rank();
    }

    private synchronized IdOrder rank() {
        int known = size;
        if (byId.covers(known)) {
            return byId;
        }
        String[] sorted = ids;
        Integer[] order = new Integer[known];
        Arrays.setAll(order, ordinal -> ordinal);
        Arrays.sort(order, Comparator.comparing(ordinal -> sorted[ordinal]));
        int[] rank = new int[known];
        for (int place = 0; place < known; place++) {
            rank[order[place]] = place;
        }
        byId = new IdOrder(this, rank);
        return byId;
    }

    /** The ids' order as strings: by rank where both are ranked, else by the ids themselves (the same order). */
    public static final class IdOrder {

        private final Ordinals ordinals;
        /** By ordinal, its place among the ordinals ranked. */
        private final int[] rank;

        private IdOrder(Ordinals ordinals, int[] rank) {
            this.ordinals = ordinals;
            this.rank = rank;
        }

        /** Whether at most an eighth of {@code known} ordinals are newer than this ranking. */
        private boolean covers(int known) {
            return known - rank.length <= rank.length / 8;
        }

        /** As {@code id(a).compareTo(id(b))}. */
        public int compare(int a, int b) {
            return a < rank.length && b < rank.length ? Integer.compare(rank[a], rank[b])
                    : ordinals.id(a).compareTo(ordinals.id(b));
        }
    }
}
