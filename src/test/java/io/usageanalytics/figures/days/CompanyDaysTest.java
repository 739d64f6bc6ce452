package io.usageanalytics.figures.days;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
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
}
