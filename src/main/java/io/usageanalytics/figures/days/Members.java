package io.usageanalytics.figures.days;

import java.util.Arrays;

/**
 * An immutable set of ordinals (the users or chats of a day): a sorted int
 * array when the members are few for their span, a bitmap over the span
 * otherwise. A day of a big company has most of its users in a few hundred
 * words, which unite with others word by word instead of member by member.
 */
public final class Members {

    public static final Members NONE = new Members(new int[0], null, 0, 0);

    /** The members in order, when sparse (null when dense). */
    private final int[] sorted;
    /** When dense: bit b of words[k] is member (firstWord + k) * 64 + b (null when sparse). */
    private final long[] words;
    private final int firstWord;
    private final int size;

    private Members(int[] sorted, long[] words, int firstWord, int size) {
        this.sorted = sorted;
        this.words = words;
        this.firstWord = firstWord;
        this.size = size;
    }

    /** The set of {@code members}: sorted, each once. */
    public static Members of(int[] members) {
        int n = members.length;
        if (n == 0) {
            return NONE;
        }
        int firstWord = members[0] >>> 6;
        int span = (members[n - 1] >>> 6) - firstWord + 1;
        // a bitmap when it has at least one member per word: it is then at most twice the array's size
        if (n < span) {
            return new Members(members, null, 0, n);
        }
        long[] words = new long[span];
        for (int member : members) {
            words[(member >>> 6) - firstWord] |= 1L << member;
        }
        return new Members(null, words, firstWord, n);
    }

    public int size() {
        return size;
    }

    /** Whether {@code member} is one of the set. */
    public boolean contains(int member) {
        if (sorted != null) {
            return Arrays.binarySearch(sorted, 0, size, member) >= 0;
        }
        int k = (member >>> 6) - firstWord;
        return member >= 0 && k >= 0 && k < words.length && (words[k] & (1L << member)) != 0;
    }

    /** One past the largest member (0 when empty): the capacity a {@link Union} needs for this set. */
    int end() {
        if (size == 0) {
            return 0;
        }
        if (sorted != null) {
            return sorted[size - 1] + 1;
        }
        return (firstWord + words.length) * 64;
    }

    /** The members in order. */
    public int[] toArray() {
        if (sorted != null) {
            return sorted;
        }
        int[] members = new int[size];
        int n = 0;
        for (int k = 0; k < words.length; k++) {
            long word = words[k];
            while (word != 0) {
                members[n++] = (firstWord + k) * 64 + Long.numberOfTrailingZeros(word);
                word &= word - 1;
            }
        }
        return members;
    }

    /** Adds the members to {@code into}, a bitmap with room for them. */
    void or(long[] into) {
        if (sorted != null) {
            for (int member : sorted) {
                into[member >>> 6] |= 1L << member;
            }
        } else {
            for (int k = 0; k < words.length; k++) {
                into[firstWord + k] |= words[k];
            }
        }
    }

    /**
     * Adds {@code values[i]} to {@code sums[m]} for the i-th member m in order (sums: one per ordinal);
     * FIGURE_OUT_OF_RANGE when a sum does not fit.
     */
    public void addEach(long[] values, long[] sums) {
        if (sorted != null) {
            for (int i = 0; i < size; i++) {
                sums[sorted[i]] = Sums.add(sums[sorted[i]], values[i]);
            }
            return;
        }
        int i = 0;
        for (int k = 0; k < words.length; k++) {
            long word = words[k];
            while (word != 0) {
                int member = (firstWord + k) * 64 + Long.numberOfTrailingZeros(word);
                sums[member] = Sums.add(sums[member], values[i++]);
                word &= word - 1;
            }
        }
    }

    /** A rough size in bytes. */
    long weight() {
        return 32 + (sorted != null ? sorted.length * 4L : words.length * 8L);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Members that && Arrays.equals(toArray(), that.toArray());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(toArray());
    }

    @Override
    public String toString() {
        return Arrays.toString(toArray());
    }
}
