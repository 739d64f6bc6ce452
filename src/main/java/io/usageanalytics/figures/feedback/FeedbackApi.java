package io.usageanalytics.figures.feedback;

import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Source;

import io.smallrye.mutiny.Uni;
import io.usageanalytics.company.Company;
import io.usageanalytics.figures.FigureSql;
import io.usageanalytics.figures.FiguresConfig;
import io.usageanalytics.figures.FreshnessQuery;
import io.usageanalytics.time.DateRange;
import io.vertx.mutiny.sqlclient.Pool;

@GraphQLApi
public class FeedbackApi {

    private static final String BY_ASSISTANT = FigureSql.TAIL + """
            SELECT assistant_id, sum(positive)::bigint AS positive, sum(negative)::bigint AS negative
              FROM (SELECT assistant_id, positive_feedback AS positive, negative_feedback AS negative
                      FROM rollup_assistant_day WHERE company_id = $1 AND day BETWEEN $4 AND $5
                    UNION ALL
                    SELECT assistant_id, positive_feedback, negative_feedback
                      FROM tail WHERE type = 'FEEDBACK') x
             GROUP BY assistant_id
            HAVING sum(positive) + sum(negative) > 0
             ORDER BY sum(positive) + sum(negative) DESC, assistant_id NULLS LAST
            """;

    private final Pool pool;
    private final FiguresConfig config;
    private final FreshnessQuery freshness;

    public FeedbackApi(Pool pool, FiguresConfig config, FreshnessQuery freshness) {
        this.pool = pool;
        this.config = config;
        this.freshness = freshness;
    }

    @Name("feedback")
    @Description("Positive and negative feedback over a range of the company's local days, overall and per assistant.")
    public Uni<@NonNull FeedbackSummary> feedback(@Source Company company, @NonNull @Name("range") DateRange range) {
        DateRange days = range.validated(config.maxRangeDays());
        Uni<List<FeedbackCount>> byAssistant = pool.preparedQuery(BY_ASSISTANT)
                .execute(FigureSql.params(company, days))
                .map(rows -> FigureSql.list(rows, row -> FeedbackCount.of(row.getString("assistant_id"),
                        row.getLong("positive"), row.getLong("negative"))));
        return Uni.combine().all().unis(byAssistant, freshness.of(company, days)).with((assistants, fresh) -> {
            long positive = assistants.stream().mapToLong(FeedbackCount::positive).sum();
            long negative = assistants.stream().mapToLong(FeedbackCount::negative).sum();
            return new FeedbackSummary(days, FeedbackCount.of(null, positive, negative), assistants, fresh);
        });
    }
}
