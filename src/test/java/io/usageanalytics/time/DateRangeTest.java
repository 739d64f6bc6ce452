package io.usageanalytics.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;

import io.usageanalytics.error.ApiException;
import io.usageanalytics.error.ErrorCode;

class DateRangeTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Test
    void aRangeCoversWholeLocalDays() {
        DateRange range = new DateRange(LocalDate.of(2026, 1, 10), LocalDate.of(2026, 1, 11));
        assertEquals(Instant.parse("2026-01-09T23:00:00Z"), range.startIn(BERLIN));
        assertEquals(Instant.parse("2026-01-11T23:00:00Z"), range.endIn(BERLIN));
        assertEquals(2, range.days());
    }

    @Test
    void daylightSavingDaysHave23And25Hours() {
        DateRange spring = new DateRange(LocalDate.of(2026, 3, 29), LocalDate.of(2026, 3, 29));
        DateRange autumn = new DateRange(LocalDate.of(2026, 10, 25), LocalDate.of(2026, 10, 25));
        assertEquals(Duration.ofHours(23), Duration.between(spring.startIn(BERLIN), spring.endIn(BERLIN)));
        assertEquals(Duration.ofHours(25), Duration.between(autumn.startIn(BERLIN), autumn.endIn(BERLIN)));
    }

    @Test
    void invalidRangesAreBadUserInput() {
        LocalDate day = LocalDate.of(2026, 5, 1);
        ApiException backwards = assertThrows(ApiException.class,
                () -> new DateRange(day, day.minusDays(1)).validated(10));
        assertEquals(ErrorCode.BAD_USER_INPUT, backwards.code());
        assertEquals("The range ends (2026-04-30) before it starts (2026-05-01)", backwards.getMessage());
        ApiException tooLong = assertThrows(ApiException.class, () -> new DateRange(day, day.plusDays(10)).validated(10));
        assertEquals(ErrorCode.BAD_USER_INPUT, tooLong.code());
        assertEquals("The range covers 11 days; at most 10 are allowed", tooLong.getMessage());
        assertEquals(10, new DateRange(day, day.plusDays(9)).validated(10).days());
    }
}
