package io.usageanalytics.figures.activity;

import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;

import io.usageanalytics.company.Company;
import io.usageanalytics.time.DateRange;
import io.usageanalytics.time.Granularity;
import io.usageanalytics.time.Period;

/** The user activity of one company over a range; each figure is computed only when asked for. */
@Description("Who used the product and how many invites are open, over a range of the company's local days.")
public class UserActivity {

    private final Company company;
    private final DateRange range;
    private final Granularity granularity;

    public UserActivity(Company company, DateRange range, Granularity granularity) {
        this.company = company;
        this.range = range;
        this.granularity = granularity;
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

    Company company() {
        return company;
    }

    DateRange range() {
        return range;
    }

    /** The periods of the series, the baseline period first. */
    List<Period> periods() {
        return Period.of(range, granularity);
    }
}
