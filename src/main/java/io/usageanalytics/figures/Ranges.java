package io.usageanalytics.figures;

import jakarta.enterprise.context.ApplicationScoped;

import io.usageanalytics.company.Company;
import io.usageanalytics.time.DateRange;

/**
 * The one check of a range a caller asks for: well-formed, at most analytics.figures.max-range-days long, and,
 * for a part of a company, one it may be shown over.
 */
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

    /**
     * The range of a figure of the company (or of a part of it, such as a team): well-formed, and one over which
     * the figure may be shown (a team too small in it answers BELOW_MINIMUM_GROUP_SIZE).
     */
    public DateRange checked(Company company, DateRange range) {
        return company.shown(checked(range));
    }
}
