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
    void containsAnswersForBothRepresentationsAndOutsideTheirSpan() {
        Members sparse = Members.of(new int[] { 3, 700, 100_000 });
        assertTrue(sparse.contains(700));
        assertFalse(sparse.contains(701));
        assertFalse(sparse.contains(0));
        Members dense = Members.of(java.util.stream.IntStream.range(0, 200).map(i -> 128 + 2 * (i / 2)).distinct()
                .toArray());
        assertTrue(dense.contains(128));
        assertFalse(dense.contains(129));
        assertTrue(dense.contains(326));
        assertFalse(dense.contains(127));
        assertFalse(dense.contains(64 * 1_000));
        assertFalse(Members.NONE.contains(0));
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

    @Test
    void valuesGoToTheirMembersInOrder() {
        long[] sums = new long[300];
        Members.of(new int[] { 5, 299 }).addEach(new long[] { 10, 20 }, sums);
        int[] dense = java.util.stream.IntStream.range(100, 200).toArray();
        Members.of(dense).addEach(java.util.stream.IntStream.range(0, 100).mapToLong(i -> i + 1).toArray(), sums);
        assertEquals(10, sums[5]);
        assertEquals(20, sums[299]);
        assertEquals(1, sums[100]);
        assertEquals(100, sums[199]);
        assertEquals(10 + 20 + 5050, java.util.Arrays.stream(sums).sum());
    }

    @Test
    void aUnionHandsOutItsMembersInOrder() {
        Union union = new Union(1_000).add(Members.of(new int[] { 3, 64, 65, 999 })).add(500);
        java.util.List<Integer> members = new java.util.ArrayList<>();
        for (int member = union.next(0); member >= 0; member = union.next(member + 1)) {
            members.add(member);
        }
        assertEquals(java.util.List.of(3, 64, 65, 500, 999), members);
        assertEquals(-1, union.next(1_000));
    }
}
