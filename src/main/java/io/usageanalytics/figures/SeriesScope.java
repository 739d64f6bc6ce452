package io.usageanalytics.figures;

import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;

import io.usageanalytics.company.Company;
import io.usageanalytics.time.DateRange;
import io.usageanalytics.time.Granularity;
import io.usageanalytics.time.Period;

/**
 * A group of figures of one company over a range, split into periods: its
 * fields are resolved one by one, so a query pays only for the figures it asks
 * for. The company was handed out by CompanyAccess.
 */
public abstract class SeriesScope {

    private final Company company;
    private final DateRange range;
    private final Granularity granularity;

    protected SeriesScope(Company company, DateRange range, Granularity granularity) {
        this.company = company;
        this.range = range;
        this.granularity = granularity == null ? Granularity.DAY : granularity;
    }

    @NonNull
    @Description("The days covered.")
    public DateRange getRange() {
        return range;
    }

    @NonNull
    @Description("The length of each point of the series.")
    public Granularity getGranularity() {
        return granularity;
    }

    public Company company() {
        return company;
    }

    public DateRange range() {
        return range;
    }

    /** The periods of the series, the baseline period first. */
    public List<Period> periods() {
        return Period.of(range, granularity);
    }
}
