package io.usageanalytics.figures.days;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CompanyDaysTest {

    private static final LocalDate START = LocalDate.of(2026, 1, 1);

    /**
     * Days of a company with {@code users} users: some days without any event, some with a handful of users
     * (held as arrays), most with many (held as bitmaps).
     */
    static CompanyDays company(long seed, int users) {
        Random random = new Random(seed);
        Ordinals ordinals = new Ordinals();
        for (int user = 0; user < users; user++) {
            ordinals.of("user-" + user);
        }
        TreeMap<LocalDate, Day> days = new TreeMap<>();
        for (int d = 0; d < 200; d++) {
            if (random.nextInt(10) == 0) {
                continue;
            }
            LocalDate date = START.plusDays(d);
            DayBuilder day = new DayBuilder(date);
            int active = random.nextInt(4) == 0 ? random.nextInt(5) : random.nextInt(users);
            for (int i = 0; i < active; i++) {
                day.user(random.nextInt(users), 0, 0);
            }
            days.put(date, day.build());
        }
        return new CompanyDays(days, ordinals, new Ordinals(), new Ordinals(), Instant.EPOCH, Instant.EPOCH);
    }

    @ParameterizedTest(name = "from day {0} to day {1}")
    @CsvSource({ "0, 199", "10, 10", "-5, 3", "150, 260", "5, 4" })
    void daysBetweenTwoDatesAreThoseWithEventsInOrder(int from, int to) {
        CompanyDays company = company(7, 100);
        List<Day> between = company.between(START.plusDays(from), START.plusDays(to));
        List<LocalDate> expected = new ArrayList<>();
        for (int d = from; d <= to; d++) {
            if (company.on(START.plusDays(d)) != null) {
                expected.add(START.plusDays(d));
            }
        }
        assertEquals(expected, between.stream().map(Day::date).toList());
    }

    @Test
    void foldsShareTheRolledUpDaysPartAndAddTheFreshDaysToACopy() {
        CompanyDays rolled = company(11, 300);
        TreeMap<LocalDate, Day> held = new TreeMap<>();
        for (int d = 0; d < 200; d++) {
            Day day = rolled.on(START.plusDays(d));
            if (day != null) {
                held.put(day.date(), day);
            }
        }
        Computed computed = new Computed(1 << 20, new Computed.Budget(1 << 20));
        Ordinals ordinals = new Ordinals();
        for (int user = 0; user < 300; user++) {
            ordinals.of("user-" + user);
        }
        LocalDate from = START.plusDays(20);
        LocalDate to = START.plusDays(120);
        long expected = rolled.distinctUsers(rolled.between(from, to));

        CompanyDays first = new CompanyDays(held, ordinals, new Ordinals(), new Ordinals(), Instant.EPOCH,
                Instant.EPOCH, computed, java.util.Set.of());
        Union once = users(first, from, to);
        assertEquals(expected, once.size());
        assertSame(once, users(first, from, to), "computed once for the days held");
        assertEquals(1, computed.size());

        // a day with events not rolled up yet, and a user the held days never had: added to a copy
        LocalDate today = held.ceilingKey(START.plusDays(100));
        ordinals.of("user-300");
        TreeMap<LocalDate, Day> withTail = new TreeMap<>(held);
        DayBuilder merged = new DayBuilder(today).add(held.get(today));
        merged.user(300, 0, 0);
        withTail.put(today, merged.build());
        CompanyDays fresh = new CompanyDays(withTail, ordinals, new Ordinals(), new Ordinals(), Instant.EPOCH,
                Instant.EPOCH, computed, java.util.Set.of(today));
        Union withFresh = users(fresh, from, to);
        assertEquals(expected + 1, withFresh.size());
        assertTrue(withFresh.contains(300));
        assertNotSame(once, withFresh);
        assertEquals(expected, once.size(), "what is kept is not changed");
        assertEquals(withFresh.size(), users(fresh, from, to).size());
        assertEquals(2, computed.size(), "the held days but the fresh one: kept apart");
        // a range without the fresh day shares what the held days gave
        assertSame(users(first, from, today.minusDays(1)), users(fresh, from, today.minusDays(1)));
    }

    private static Union users(CompanyDays days, LocalDate from, LocalDate to) {
        int capacity = days.userCapacity();
        return days.fold("users", from, to, () -> new Union(capacity), (union, day) -> union.add(day.users()),
                union -> union.copy(capacity), Union::weight);
    }
}
