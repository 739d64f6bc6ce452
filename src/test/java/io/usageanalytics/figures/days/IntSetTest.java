package io.usageanalytics.figures.days;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class IntSetTest {

    @Test
    void handsOutEachValueOnceInOrderWhateverTheRepeats() {
        IntSet set = new IntSet();
        for (int round = 0; round < 1_000; round++) {
            set.add(7);
            set.add(round % 5);
        }
        set.addAll(new int[] { 42, 3, 42 });
        assertArrayEquals(new int[] { 0, 1, 2, 3, 4, 7, 42 }, set.toSortedArray());
    }

    @Test
    void keepsManyDistinctValues() {
        IntSet set = new IntSet();
        for (int value = 9_999; value >= 0; value--) {
            set.add(value);
            set.add(value);
        }
        int[] values = set.toSortedArray();
        assertArrayEquals(java.util.stream.IntStream.range(0, 10_000).toArray(), values);
    }
}
