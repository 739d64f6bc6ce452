package io.usageanalytics.figures.feedback.api;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Source;

import io.smallrye.mutiny.Uni;
import io.usageanalytics.company.Company;
import io.usageanalytics.figures.Ranges;
import io.usageanalytics.figures.feedback.FeedbackQueries;
import io.usageanalytics.figures.feedback.FeedbackSummary;
import io.usageanalytics.time.DateRange;

/**
 * Figures are fields of {@code Company}: the company was handed out by
 * {@code CompanyAccess}, so reaching a figure already passed the access check.
 */
@GraphQLApi
public class FeedbackApi {

    private final FeedbackQueries queries;
    private final Ranges ranges;

    public FeedbackApi(FeedbackQueries queries, Ranges ranges) {
        this.queries = queries;
        this.ranges = ranges;
    }

    @Name("feedback")
    @Description("Positive and negative feedback over a range of the company's local days, overall and per assistant.")
    public Uni<@NonNull FeedbackSummary> feedback(@Source Company company, @NonNull @Name("range") DateRange range) {
        return queries.summary(company, ranges.checked(company, range));
    }
}
