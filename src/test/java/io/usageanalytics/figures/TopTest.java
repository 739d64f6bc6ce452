package io.usageanalytics.figures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Comparator;
import java.util.List;

import org.junit.jupiter.api.Test;

class TopTest {

    private static final Comparator<UserCount> MOST = Comparator.comparingLong(UserCount::count).reversed()
            .thenComparing(UserCount::userId);

    @Test
    void keepsTheFirstRowsInOrderWithTiesByTheSecondKey() {
        Top<UserCount> top = new Top<>(3, MOST);
        for (String row : List.of("e:1", "b:5", "a:2", "d:5", "c:2", "f:9", "g:2")) {
            String[] parts = row.split(":");
            top.offer(new UserCount(parts[0], Long.parseLong(parts[1])));
        }
        assertEquals(List.of(new UserCount("f", 9), new UserCount("b", 5), new UserCount("d", 5)), top.inOrder());
    }

    @Test
    void whetherARowWouldBeKeptIsToldWithoutTheRow() {
        Top<UserCount> top = new Top<>(2, MOST);
        assertTrue(top.keeps(last -> {
            throw new AssertionError("not full: nothing to compare with");
        }));
        top.offer(new UserCount("b", 5));
        top.offer(new UserCount("d", 5));
        UserCount tiedBefore = new UserCount("c", 5);
        UserCount tiedAfter = new UserCount("e", 5);
        UserCount higher = new UserCount("z", 6);
        UserCount lower = new UserCount("a", 4);
        assertTrue(top.keeps(last -> MOST.compare(tiedBefore, last)), "a tie with a smaller id than the last kept");
        assertFalse(top.keeps(last -> MOST.compare(tiedAfter, last)), "a tie with a larger id");
        assertFalse(top.keeps(last -> MOST.compare(new UserCount("d", 5), last)), "the last kept row itself");
        assertTrue(top.keeps(last -> MOST.compare(higher, last)));
        assertFalse(top.keeps(last -> MOST.compare(lower, last)));
        top.offer(tiedBefore);
        assertEquals(List.of(new UserCount("b", 5), tiedBefore), top.inOrder());
    }

    @Test
    void fewerRowsThanTheLimitComeBackAll() {
        Top<UserCount> top = new Top<>(10, MOST);
        top.offer(new UserCount("x", 1));
        top.offer(new UserCount("a", 1));
        assertEquals(List.of(new UserCount("a", 1), new UserCount("x", 1)), top.inOrder());
    }
}
