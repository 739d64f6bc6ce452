package io.usageanalytics.figures.days;

import java.util.Arrays;

/** A set of non-negative longs (pairs of ordinals, see {@link Day#pair}) without boxing. */
public final class LongSet {

    private static final long FREE = -1;

    private long[] slots = newSlots(16);
    private int size;

    /** @return whether the value was not in the set yet */
    public boolean add(long value) {
        if ((size + 1) * 2 > slots.length) {
            grow();
        }
        int mask = slots.length - 1;
        for (int i = spread(value) & mask;; i = (i + 1) & mask) {
            if (slots[i] == FREE) {
                slots[i] = value;
                size++;
                return true;
            }
            if (slots[i] == value) {
                return false;
            }
        }
    }

    public int size() {
        return size;
    }

    long[] toSortedArray() {
        long[] values = new long[size];
        int n = 0;
        for (long slot : slots) {
            if (slot != FREE) {
                values[n++] = slot;
            }
        }
        Arrays.sort(values);
        return values;
    }

    private void grow() {
        long[] old = slots;
        slots = newSlots(old.length * 2);
        size = 0;
        for (long value : old) {
            if (value != FREE) {
                add(value);
            }
        }
    }

    private static long[] newSlots(int length) {
        long[] slots = new long[length];
        Arrays.fill(slots, FREE);
        return slots;
    }

    private static int spread(long value) {
        long h = value * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }
}
