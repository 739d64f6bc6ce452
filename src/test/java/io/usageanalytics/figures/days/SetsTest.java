package io.usageanalytics.figures.days;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class SetsTest {

    @Test
    void unionKeepsEachMemberOnceInOrder() {
        assertArrayEquals(new int[] { 1, 2, 3, 5, 8, 9 }, Sets.union(new int[] { 1, 3, 5, 9 }, new int[] { 2, 3, 8, 9 }));
        assertArrayEquals(new int[] { 4, 7 }, Sets.union(new int[0], new int[] { 4, 7 }));
        assertArrayEquals(new int[] { 4, 7 }, Sets.union(new int[] { 4, 7 }, new int[0]));
        assertArrayEquals(new int[] { 4, 7 }, Sets.union(new int[] { 4, 7 }, new int[] { 4, 7 }));
    }
}
