package io.usageanalytics.figures.adoption;

import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;

import io.usageanalytics.company.Company;
import io.usageanalytics.time.DateRange;
import io.usageanalytics.time.Granularity;
import io.usageanalytics.time.Period;

/** Feature adoption of one company over a range; each figure is computed only when asked for. */
@Description("How the company's users take up chats, projects, artifacts and connectors.")
public class FeatureAdoption {

    private final Company company;
    private final DateRange range;
    private final Granularity granularity;

    public FeatureAdoption(Company company, DateRange range, Granularity granularity) {
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

    List<Period> periods() {
        return Period.of(range, granularity);
    }
}
