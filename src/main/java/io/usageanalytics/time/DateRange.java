package io.usageanalytics.time;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;

import io.usageanalytics.error.ApiException;
import io.usageanalytics.error.ErrorCode;

/**
 * An inclusive range of calendar days, read in the calendar of the company it
 * is asked about. The one way the API expresses a time range.
 */
@Description("An inclusive range of calendar days in the company's own time zone.")
public record DateRange(
        @NonNull @Description("First day of the range (inclusive), ISO-8601 date.") LocalDate from,
        @NonNull @Description("Last day of the range (inclusive), ISO-8601 date.") LocalDate to) {

    /** The first and last day a range may name: four-digit years, so that every date sum stays a date. */
    public static final LocalDate EARLIEST = LocalDate.of(1, 1, 1);
    public static final LocalDate LATEST = LocalDate.of(9999, 12, 31);

    /** Checks the range is well-formed and no longer than {@code maxDays}. */
    public DateRange validated(int maxDays) {
        if (from == null || to == null) {
            throw new ApiException(ErrorCode.BAD_USER_INPUT, "A date range needs both 'from' and 'to'");
        }
        if (from.isBefore(EARLIEST) || to.isAfter(LATEST) || from.isAfter(LATEST) || to.isBefore(EARLIEST)) {
            throw new ApiException(ErrorCode.BAD_USER_INPUT, "Dates lie between " + EARLIEST + " and " + LATEST);
        }
        if (to.isBefore(from)) {
            throw new ApiException(ErrorCode.BAD_USER_INPUT,
                    "The range ends (" + to + ") before it starts (" + from + ")");
        }
        if (days() > maxDays) {
            throw new ApiException(ErrorCode.BAD_USER_INPUT,
                    "The range covers " + days() + " days; at most " + maxDays + " are allowed");
        }
        return this;
    }

    /** Number of days in the range, both ends included. */
    public long days() {
        return ChronoUnit.DAYS.between(from, to) + 1;
    }

    /** The instant the first day begins in {@code zone}. */
    public Instant startIn(ZoneId zone) {
        return from.atStartOfDay(zone).toInstant();
    }

    /** The instant the day after the last one begins in {@code zone} (exclusive end). */
    public Instant endIn(ZoneId zone) {
        return to.plusDays(1).atStartOfDay(zone).toInstant();
    }
}
