package io.usageanalytics.time;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;

import org.eclipse.microprofile.graphql.Description;

@Description("The length of one point of a series: a day, an ISO week (Monday to Sunday) or a calendar month.")
public enum Granularity {
    DAY, WEEK, MONTH;

    /** First day of the period that contains {@code day}. */
    public LocalDate periodStart(LocalDate day) {
        return switch (this) {
            case DAY -> day;
            case WEEK -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case MONTH -> day.withDayOfMonth(1);
        };
    }

    /** First day of the period after the one starting at {@code periodStart}. */
    public LocalDate next(LocalDate periodStart) {
        return switch (this) {
            case DAY -> periodStart.plusDays(1);
            case WEEK -> periodStart.plusWeeks(1);
            case MONTH -> periodStart.plusMonths(1);
        };
    }

    /** First day of the period before the one starting at {@code periodStart}. */
    public LocalDate previous(LocalDate periodStart) {
        return switch (this) {
            case DAY -> periodStart.minusDays(1);
            case WEEK -> periodStart.minusWeeks(1);
            case MONTH -> periodStart.minusMonths(1);
        };
    }
}
