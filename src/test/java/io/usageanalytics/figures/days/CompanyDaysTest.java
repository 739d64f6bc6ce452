package io.usageanalytics.figures.days;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CompanyDaysTest {

    private static final LocalDate START = LocalDate.of(2026, 1, 1);

    /**
     * Days of a company with {@code users} users: some days without any event, some with a handful of users
     * (held as arrays), most with many (held as bitmaps).
     */
    private static CompanyDays company(long seed, int users) {
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

    @ParameterizedTest(name = "window {0} days, an end every {1} days from day {2}, {3} users")
    @CsvSource({ "7, 1, 6, 3000", "30, 1, 29, 3000", "30, 1, 40, 50", "7, 7, 13, 3000", "30, 30, 100, 3000",
            "28, 3, 30, 700", "30, 1, 29, 64" })
    void eachWindowCountsItsDistinctUsers(int window, int every, int firstEnd, int users) {
        CompanyDays company = company(window * 1_000L + every, users);
        List<LocalDate> ends = new ArrayList<>();
        for (int d = firstEnd; d < 195; d += every) {
            ends.add(START.plusDays(d));
        }
        Map<LocalDate, Long> windows = company.usersInWindows(ends, window);
        assertEquals(ends.size(), windows.size());
        long nonZero = 0;
        for (LocalDate end : ends) {
            long expected = distinctTheLongWay(company, end.minusDays(window - 1L), end);
            assertEquals(expected, windows.get(end), "window ending " + end);
            nonZero += expected > 0 ? 1 : 0;
        }
        assertEquals(ends.size(), nonZero, "the windows are not empty");
    }

    /** Distinct users of the days from {@code from} to {@code to}, by a plain set. */
    private static long distinctTheLongWay(CompanyDays company, LocalDate from, LocalDate to) {
        java.util.Set<Integer> users = new java.util.HashSet<>();
        for (LocalDate date = from; !date.isAfter(to); date = date.plusDays(1)) {
            Day day = company.on(date);
            if (day != null) {
                for (int user : day.users().toArray()) {
                    users.add(user);
                }
            }
        }
        return users.size();
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
}
