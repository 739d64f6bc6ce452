package io.usageanalytics.figures.telemetry.api;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Source;

import io.smallrye.mutiny.Uni;
import io.usageanalytics.company.Company;
import io.usageanalytics.figures.Ranges;
import io.usageanalytics.figures.telemetry.TelemetryCounts;
import io.usageanalytics.figures.telemetry.TelemetryQueries;
import io.usageanalytics.time.DateRange;

/**
 * Figures are fields of {@code Company}: the company was handed out by
 * {@code CompanyAccess}, so reaching a figure already passed the access check.
 */
@GraphQLApi
public class TelemetryApi {

    private final TelemetryQueries queries;
    private final Ranges ranges;

    public TelemetryApi(TelemetryQueries queries, Ranges ranges) {
        this.queries = queries;
        this.ranges = ranges;
    }

    @Name("telemetry")
    @Description("The telemetry counts over a range of the company's local days.")
    public Uni<@NonNull TelemetryCounts> telemetry(@Source Company company, @NonNull @Name("range") DateRange range) {
        return queries.counts(company, ranges.checked(company, range));
    }
}
