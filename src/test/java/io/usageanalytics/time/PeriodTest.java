package io.usageanalytics.time;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

class PeriodTest {

    private static Period p(String from, String to) {
        return new Period(LocalDate.parse(from), LocalDate.parse(to));
    }

    @Test
    void weeksAreIsoWeeksCutToTheRangeAfterAWholeBaselineWeek() {
        // 2026-11-04 is a Wednesday
        DateRange range = new DateRange(LocalDate.parse("2026-11-04"), LocalDate.parse("2026-11-17"));
        assertEquals(List.of(
                p("2026-10-26", "2026-11-01"),
                p("2026-11-04", "2026-11-08"),
                p("2026-11-09", "2026-11-15"),
                p("2026-11-16", "2026-11-17")), Period.of(range, Granularity.WEEK));
    }

    @Test
    void monthsAreCalendarMonths() {
        DateRange range = new DateRange(LocalDate.parse("2026-01-15"), LocalDate.parse("2026-03-31"));
        assertEquals(List.of(
                p("2025-12-01", "2025-12-31"),
                p("2026-01-15", "2026-01-31"),
                p("2026-02-01", "2026-02-28"),
                p("2026-03-01", "2026-03-31")), Period.of(range, Granularity.MONTH));
    }

    @Test
    void daysAreDaysWithTheDayBeforeAsBaseline() {
        DateRange range = new DateRange(LocalDate.parse("2026-02-28"), LocalDate.parse("2026-03-01"));
        assertEquals(List.of(p("2026-02-27", "2026-02-27"), p("2026-02-28", "2026-02-28"), p("2026-03-01", "2026-03-01")),
                Period.of(range, Granularity.DAY));
    }
}
