package io.usageanalytics.figures.days;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class OrdinalsTest {

    /** Every pair of ordinals compares as their ids do. */
    private static void assertOrderOfIds(Ordinals ordinals, Ordinals.IdOrder byId) {
        for (int a = 0; a < ordinals.size(); a++) {
            for (int b = 0; b < ordinals.size(); b++) {
                assertEquals(Integer.signum(ordinals.id(a).compareTo(ordinals.id(b))), Integer.signum(byId.compare(a, b)),
                        ordinals.id(a) + " vs " + ordinals.id(b));
            }
        }
    }

    @Test
    void idsCompareAsStringsWhetherRankedOrNot() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            ids.add("user-" + i);
        }
        ids.addAll(List.of("Z", "a", "é", "user-1", "", "user-10a"));
        Collections.shuffle(ids, new Random(7));
        Ordinals ordinals = new Ordinals();
        ids.subList(0, 100).forEach(ordinals::of);
        Ordinals.IdOrder first = ordinals.byId();
        assertOrderOfIds(ordinals, first);

        // a few new ids: not ranked yet, compared by their ids, in the same order
        ids.subList(100, 110).forEach(ordinals::of);
        Ordinals.IdOrder some = ordinals.byId();
        assertEquals(first, some, "ranked again after fewer than an eighth more ids");
        assertOrderOfIds(ordinals, some);

        // many new ids: ranked again
        ids.subList(110, ids.size()).forEach(ordinals::of);
        Ordinals.IdOrder all = ordinals.byId();
        assertEquals(false, all == first, "not ranked again after doubling");
        assertOrderOfIds(ordinals, all);
    }

    @Test
    void noIdsNoOrderNeeded() {
        Ordinals ordinals = new Ordinals();
        ordinals.byId();
        ordinals.of("b");
        ordinals.of("a");
        assertEquals(1, Integer.signum(ordinals.byId().compare(0, 1)));
    }
}
