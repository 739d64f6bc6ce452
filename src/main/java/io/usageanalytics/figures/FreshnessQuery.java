package io.usageanalytics.figures;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.usageanalytics.company.Company;
import io.usageanalytics.figures.days.DayStore;
import io.usageanalytics.figures.days.Freshness;
import io.usageanalytics.time.DateRange;

/** How fresh the figures of a company's range are. */
@ApplicationScoped
public class FreshnessQuery {

    private final DayStore days;

    public FreshnessQuery(DayStore days) {
        this.days = days;
    }

    public Uni<Freshness> of(Company company, DateRange range) {
        return days.forRequest(company).map(all -> all.freshness(range));
    }
}
