package io.usageanalytics.figures.days;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MembersTest {

    @Test
    void sparseMembersComeBackAsGiven() {
        int[] few = { 3, 700, 100_000 };
        Members members = Members.of(few);
        assertEquals(3, members.size());
        assertArrayEquals(few, members.toArray());
        assertEquals(100_001, members.end());
    }

    @Test
    void denseMembersComeBackAsGivenFromAnyOffset() {
        // 200 members within 4 words starting at word 2: a bitmap
        int[] many = java.util.stream.IntStream.range(0, 200).map(i -> 128 + i).toArray();
        Members members = Members.of(many);
        assertEquals(200, members.size());
        assertArrayEquals(many, members.toArray());
        assertEquals(128 + 4 * 64, members.end());
    }

    @Test
    void unionCountsEachMemberOnceWhateverTheRepresentation() {
        Members dense = Members.of(java.util.stream.IntStream.range(64, 192).toArray());
        Members sparse = Members.of(new int[] { 0, 100, 191, 5_000 });
        Union union = new Union(5_001).add(dense).add(sparse).add(7);
        // 128 dense, plus 0, 5000 and 7 (100 and 191 are in the dense range)
        assertEquals(131, union.size());
        assertTrue(union.contains(5_000));
        assertFalse(union.contains(63));
        Union other = new Union(5_001).add(63).add(64);
        assertEquals(132, union.sizeWith(other));
        assertEquals(131, union.size());
        assertEquals(129, union.copy().remove(new Union(5_001).add(0).add(7)).size());
        assertEquals(131, union.size());
    }

    @Test
    void theEmptySetIsEmpty() {
        assertEquals(0, Members.of(new int[0]).size());
        assertEquals(0, new Union(10).add(Members.NONE).size());
        assertEquals(Members.of(new int[] { 1, 2 }), Members.of(new int[] { 1, 2 }));
    }
}
