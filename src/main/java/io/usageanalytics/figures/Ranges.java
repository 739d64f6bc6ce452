package io.usageanalytics.figures;

import jakarta.enterprise.context.ApplicationScoped;

import io.usageanalytics.time.DateRange;

/** The one check of a range a caller asks for: well-formed and at most analytics.figures.max-range-days long. */
@ApplicationScoped
public class Ranges {

    private final int maxDays;

    public Ranges(FiguresConfig config) {
        this.maxDays = config.maxRangeDays();
    }

    /** The range, or BAD_USER_INPUT saying what is wrong with it. */
    public DateRange checked(DateRange range) {
        return range.validated(maxDays);
    }
}
