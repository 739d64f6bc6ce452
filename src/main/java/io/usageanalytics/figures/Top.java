package io.usageanalytics.figures;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.ToIntFunction;

/** The first {@code limit} of many rows in an order, without sorting them all. */
public final class Top<T> {

    private final int limit;
    private final Comparator<T> order;
    /** The kept rows, the last in order at the head: the one to drop when a better row comes. */
    private final PriorityQueue<T> kept;

    public Top(int limit, Comparator<T> order) {
        this.limit = limit;
        this.order = order;
        this.kept = new PriorityQueue<>(Math.min(limit, 1024) + 1, order.reversed());
    }

    public void offer(T row) {
        if (kept.size() < limit) {
            kept.add(row);
        } else if (order.compare(row, kept.peek()) < 0) {
            kept.poll();
            kept.add(row);
        }
    }

    /**
     * Whether a row would be kept, told without building it: {@code comparedWithLast} compares it with a kept row as
     * the order does (negative: the row comes first). Where most rows are left out, they are not built.
     */
    public boolean keeps(ToIntFunction<T> comparedWithLast) {
        return !full() || comparedWithLast.applyAsInt(last()) < 0;
    }

    /** Whether {@code limit} rows are kept: a new row must then beat {@link #last}. */
    public boolean full() {
        return kept.size() >= limit;
    }

    /** The last row kept, in order. */
    public T last() {
        return kept.peek();
    }

    public List<T> inOrder() {
        List<T> rows = new ArrayList<>(kept);
        rows.sort(order);
        return rows;
    }
}
