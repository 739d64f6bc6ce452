package io.usageanalytics.figures.days;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LongSetTest {

    @Test
    void addsEachPairOnceAndGrows() {
        LongSet set = new LongSet();
        assertTrue(set.add(Day.pair(3, 7)));
        assertFalse(set.add(Day.pair(3, 7)));
        assertTrue(set.add(Day.pair(7, 3)));
        for (int user = 0; user < 1_000; user++) {
            set.add(Day.pair(1, user));
            set.add(Day.pair(1, user));
        }
        assertEquals(1_002, set.size());
        long[] sorted = set.toSortedArray();
        assertEquals(Day.pair(1, 0), sorted[0]);
        assertEquals(Day.pair(7, 3), sorted[sorted.length - 1]);
        assertEquals(7, (int) Day.pair(3, 7), "the user is the low half");
    }

    @Test
    void emptySetHasNoValues() {
        assertArrayEquals(new long[0], new LongSet().toSortedArray());
    }

    @Test
    void aSetSizedForFewTakesZeroAndGrowsPastItsSize() {
        LongSet set = new LongSet(2);
        for (long value = 0; value < 100; value++) {
            assertTrue(set.add(value));
        }
        assertFalse(set.add(0));
        assertEquals(100, set.size());
        assertEquals(0, set.toSortedArray()[0]);
        assertEquals(99, set.toSortedArray()[99]);
    }
}
