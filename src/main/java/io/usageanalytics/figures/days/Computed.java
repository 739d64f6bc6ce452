package io.usageanalytics.figures.days;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the figures computed from one set of held rolled-up days ({@link HeldDays}), kept with those days for
 * the next requests on them: a dashboard's figures over its range are then computed once per rollup run, and a
 * request adds only its days with events not rolled up yet ({@link CompanyDays#fold}). Gone with the days it
 * was computed from. Bounded in bytes, for these days and for all days held together; past either bound,
 * figures are computed per request as without it.
 */
final class Computed {

    /** Of every company's days held: at most {@code max} bytes in all. */
    record Budget(long max, AtomicLong used) {

        Budget(long max) {
            this(max, new AtomicLong());
        }
    }

    private record Entry(Object value, long bytes) {
    }

    /** What one entry costs beside its value: the key, the map's node. */
    private static final long ENTRY_BYTES = 128;

    private final long maxBytes;
    private final Budget budget;
    private final Map<Object, Entry> entries = new ConcurrentHashMap<>();
    private long bytes;
    private boolean closed;

    Computed(long maxBytes, Budget budget) {
        this.maxBytes = maxBytes;
        this.budget = budget;
    }

    /** What was kept under {@code key}, null when nothing. */
    Object get(Object key) {
        Entry entry = entries.get(key);
        return entry == null ? null : entry.value();
    }

    /** Keeps {@code value} under {@code key} unless that would take more than either bound. */
    synchronized void keep(Object key, Object value, long weight) {
        long cost = weight + ENTRY_BYTES;
        if (closed || entries.containsKey(key) || bytes + cost > maxBytes
                || budget.used().get() + cost > budget.max()) {
            return;
        }
        entries.put(key, new Entry(value, cost));
        bytes += cost;
        budget.used().addAndGet(cost);
    }

    /** The days it was computed from are no longer held: gives its bytes back, keeps nothing more. */
    synchronized void close() {
        if (!closed) {
            closed = true;
            budget.used().addAndGet(-bytes);
        }
    }

    int size() {
        return entries.size();
    }

    synchronized long bytes() {
        return closed ? 0 : bytes;
    }
}
