package io.usageanalytics.figures.days;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the figures computed from one set of held rolled-up days ({@link HeldDays}), kept with those days for
 * the next requests on them: a dashboard's figures over its range are then computed once per rollup run, and a
 * request adds only its days with events not rolled up yet ({@link CompanyDays#fold}). Gone with the days it
 * was computed from; bounded in bytes, past which figures are computed per request as without it.
 */
final class Computed {

    private record Entry(Object value, long bytes) {
    }

    private final long maxBytes;
    private final Map<Object, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong bytes = new AtomicLong();

    Computed(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** What was kept under {@code key}, null when nothing. */
    Object get(Object key) {
        Entry entry = entries.get(key);
        return entry == null ? null : entry.value();
    }

    /** Keeps {@code value} under {@code key} unless that would take more than the bound. */
    void keep(Object key, Object value, long weight) {
        if (bytes.get() + weight > maxBytes) {
            return;
        }
        if (entries.putIfAbsent(key, new Entry(value, weight)) == null) {
            bytes.addAndGet(weight);
        }
    }

    int size() {
        return entries.size();
    }

    long bytes() {
        return bytes.get();
    }
}
