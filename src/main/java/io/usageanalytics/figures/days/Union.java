package io.usageanalytics.figures.days;

import java.util.Arrays;

/**
 * Members of several sets, for distinct counts over days: a bitmap with room
 * for every ordinal below its capacity.
 */
public final class Union {

    private final long[] words;

    public Union(int capacity) {
        this(new long[(capacity + 63) >>> 6]);
    }

    private Union(long[] words) {
        this.words = words;
    }

    public Union add(Members members) {
        members.or(words);
        return this;
    }

    public Union add(int member) {
        words[member >>> 6] |= 1L << member;
        return this;
    }

    /** Adds every member of {@code other}, which has the same capacity. */
    public Union add(Union other) {
        for (int k = 0; k < words.length; k++) {
            words[k] |= other.words[k];
        }
        return this;
    }

    public boolean contains(int member) {
        return (words[member >>> 6] & (1L << member)) != 0;
    }

    /** Removes every member of {@code other}, which has the same capacity. */
    public Union remove(Union other) {
        for (int k = 0; k < words.length; k++) {
            words[k] &= ~other.words[k];
        }
        return this;
    }

    /** Makes this the same set as {@code other}, which has the same capacity. */
    public Union set(Union other) {
        System.arraycopy(other.words, 0, words, 0, words.length);
        return this;
    }

    public Union clear() {
        Arrays.fill(words, 0);
        return this;
    }

    /** The size of the union of this and {@code other} (same capacity), without building it. */
    public int sizeWith(Union other) {
        int size = 0;
        for (int k = 0; k < words.length; k++) {
            size += Long.bitCount(words[k] | other.words[k]);
        }
        return size;
    }

    /** The smallest member at or above {@code from}, -1 when none. */
    public int next(int from) {
        int k = from >>> 6;
        if (k >= words.length) {
            return -1;
        }
        long word = words[k] & (-1L << from);
        while (true) {
            if (word != 0) {
                return k * 64 + Long.numberOfTrailingZeros(word);
            }
            if (++k == words.length) {
                return -1;
            }
            word = words[k];
        }
    }

    public int size() {
        int size = 0;
        for (long word : words) {
            size += Long.bitCount(word);
        }
        return size;
    }

    /** The size of this set without the members of {@code other} (same capacity), without building it. */
    public int sizeWithout(Union other) {
        int size = 0;
        for (int k = 0; k < words.length; k++) {
            size += Long.bitCount(words[k] & ~other.words[k]);
        }
        return size;
    }

    public Union copy() {
        return new Union(words.clone());
    }

    /** A copy with room for ordinals below {@code capacity} too. */
    public Union copy(int capacity) {
        return new Union(Arrays.copyOf(words, Math.max(words.length, (capacity + 63) >>> 6)));
    }

    /** A rough size in bytes. */
    public long weight() {
        return 16 + words.length * 8L;
    }
}
