package io.usageanalytics.time;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** The days one point of a series covers, both ends included. */
public record Period(LocalDate from, LocalDate to) {

    /**
     * The periods of a series over {@code range}: the calendar periods that
     * touch it, cut to the range, so that the points together cover exactly the
     * range's days. The first element is the whole period before the range; it
     * is only there to give the first point its change.
     */
    public static List<Period> of(DateRange range, Granularity granularity) {
        List<Period> periods = new ArrayList<>();
        LocalDate firstStart = granularity.periodStart(range.from());
        LocalDate before = granularity.previous(firstStart);
        periods.add(new Period(before, firstStart.minusDays(1)));
        for (LocalDate start = firstStart; !start.isAfter(range.to()); start = granularity.next(start)) {
            LocalDate end = granularity.next(start).minusDays(1);
            periods.add(new Period(start.isBefore(range.from()) ? range.from() : start,
                    end.isAfter(range.to()) ? range.to() : end));
        }
        return periods;
    }

    /** The range from the first period's start to the last period's end. */
    public static DateRange span(List<Period> periods) {
        return new DateRange(periods.get(0).from(), periods.get(periods.size() - 1).to());
    }
}
