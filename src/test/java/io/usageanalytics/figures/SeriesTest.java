package io.usageanalytics.figures;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.usageanalytics.time.DateRange;
import io.usageanalytics.time.Granularity;
import io.usageanalytics.time.Period;

class SeriesTest {

    @Test
    void eachPointCarriesItsChangeAgainstThePreviousOne() {
        LocalDate d = LocalDate.parse("2026-05-10");
        List<Period> periods = Period.of(new DateRange(d, d.plusDays(3)), Granularity.DAY);
        List<Point> points = Series.of(periods, Map.of(d.minusDays(1), 4, d, 6, d.plusDays(1), 0, d.plusDays(3), 1));
        assertEquals(List.of(
                new Point(d, d, 6, 2, 50.0),
                new Point(d.plusDays(1), d.plusDays(1), 0, -6, -100.0),
                new Point(d.plusDays(2), d.plusDays(2), 0, 0, null),
                new Point(d.plusDays(3), d.plusDays(3), 1, 1, null)), points);
    }

    @Test
    void ratiosAreRoundedToFourPlaces() {
        LocalDate d = LocalDate.parse("2026-05-10");
        List<Period> periods = Period.of(new DateRange(d, d), Granularity.DAY);
        assertEquals(List.of(new Point(d, d, 0.6667, -0.3333, -33.3333)),
                Series.of(periods, Map.of(d.minusDays(1), 1.0, d, 2.0 / 3)));
    }
}
