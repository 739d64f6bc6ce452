package io.usageanalytics.figures.days;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RollingWindowsTest {

    private static final LocalDate START = LocalDate.of(2026, 1, 1);

    @ParameterizedTest(name = "window {0} days, an end every {1} days from day {2}, {3} users")
    @CsvSource({ "7, 1, 6, 3000", "30, 1, 29, 3000", "30, 1, 40, 50", "7, 7, 13, 3000", "30, 30, 100, 3000",
            "28, 3, 30, 700", "30, 1, 29, 64" })
    void eachWindowCountsItsDistinctUsers(int window, int every, int firstEnd, int users) {
        CompanyDays company = CompanyDaysTest.company(window * 1_000L + every, users);
        List<LocalDate> ends = new ArrayList<>();
        for (int d = firstEnd; d < 195; d += every) {
            ends.add(START.plusDays(d));
        }
        Map<LocalDate, Long> windows = RollingWindows.users(company, ends, window);
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
}
