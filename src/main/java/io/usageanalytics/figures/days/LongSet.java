package io.usageanalytics.figures.days;

import java.util.Arrays;

/** A set of non-negative longs (pairs of ordinals, see {@link Day#pair}) without boxing. */
public final class LongSet {

    /** Values are stored plus one, so that a fresh array is all free slots. */
    private static final long FREE = 0;

    private long[] slots;
    private int size;

    public LongSet() {
        this(8);
    }

    /** A set with room for {@code expected} values before it grows. */
    public LongSet(int expected) {
        slots = new long[Integer.highestOneBit(Math.max(expected, 8) * 2 - 1) << 1];
    }

    /** @return whether the value was not in the set yet */
    public boolean add(long value) {
        if ((size + 1) * 2 > slots.length) {
            grow();
        }
        long stored = value + 1;
        int mask = slots.length - 1;
        for (int i = spread(stored) & mask;; i = (i + 1) & mask) {
            if (slots[i] == FREE) {
                slots[i] = stored;
                size++;
                return true;
            }
            if (slots[i] == stored) {
                return false;
            }
        }
    }

    public int size() {
        return size;
    }

    /** A copy to add more values to. */
    public LongSet copy() {
        LongSet copy = new LongSet();
        copy.slots = slots.clone();
        copy.size = size;
        return copy;
    }

    /** A rough size in bytes. */
    public long weight() {
        return 24 + slots.length * 8L;
    }

    long[] toSortedArray() {
        long[] values = new long[size];
        int n = 0;
        for (long slot : slots) {
            if (slot != FREE) {
                values[n++] = slot - 1;
            }
        }
        Arrays.sort(values);
        return values;
    }

    private void grow() {
        long[] old = slots;
        slots = new long[old.length * 2];
        size = 0;
        for (long stored : old) {
            if (stored != FREE) {
                add(stored - 1);
            }
        }
    }

    private static int spread(long value) {
        long h = value * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }
}
