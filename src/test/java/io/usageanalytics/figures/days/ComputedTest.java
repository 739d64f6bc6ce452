package io.usageanalytics.figures.days;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class ComputedTest {

    @Test
    void keptWithinItsOwnBoundAndTheBudgetOfAllHeldDaysAndGivenBackWhenTheDaysGo() {
        Computed.Budget budget = new Computed.Budget(10_000);
        Computed first = new Computed(6_000, budget);
        Computed second = new Computed(7_000, budget);
        Object a = new Object();
        first.keep("a", a, 4_000);
        assertSame(a, first.get("a"));
        first.keep("b", new Object(), 4_000);
        assertNull(first.get("b"), "beyond its own bound");
        second.keep("c", new Object(), 4_000);
        assertEquals(8_256, budget.used().get());
        second.keep("d", new Object(), 1_800);
        assertNull(second.get("d"), "beyond the budget of all days held");
        first.close();
        assertEquals(4_128, budget.used().get());
        first.keep("e", new Object(), 10);
        assertNull(first.get("e"), "nothing kept once its days are gone");
        second.keep("d", new Object(), 1_800);
        assertEquals(2, second.size());
        assertEquals(6_056, second.bytes());
        assertEquals(6_056, budget.used().get());
    }
}
