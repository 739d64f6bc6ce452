package io.usageanalytics.figures;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.usageanalytics.company.Company;
import io.usageanalytics.time.DateRange;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** The SQL behind the telemetry counts: rollups of the range's days plus the events not rolled up yet. */
@ApplicationScoped
public class TelemetryQueries {

    private static final String COUNTS = FigureSql.TAIL + """
            SELECT (SELECT count(*) FROM (
                        SELECT user_id FROM rollup_user_day WHERE company_id = $1 AND day BETWEEN $4 AND $5
                        UNION
                        SELECT user_id FROM tail WHERE user_id IS NOT NULL) users) AS users,
                   coalesce(sum(file_folders), 0)       AS file_folders,
                   coalesce(sum(groups_created), 0)     AS groups,
                   coalesce(sum(chats_created), 0)      AS chats,
                   coalesce(sum(spaces_created), 0)     AS spaces,
                   coalesce(sum(user_messages), 0)      AS user_messages,
                   coalesce(sum(assistant_messages), 0) AS assistant_messages,
                   coalesce(sum(positive_feedback), 0)  AS positive_feedback,
                   coalesce(sum(negative_feedback), 0)  AS negative_feedback,
                   max(newest_received_at)              AS newest_received_at,
                   (SELECT rolled_up_at FROM state)     AS rolled_up_at
              FROM (SELECT file_folders, groups_created, chats_created, spaces_created, user_messages,
                           assistant_messages, positive_feedback, negative_feedback, newest_received_at
                      FROM rollup_company_day WHERE company_id = $1 AND day BETWEEN $4 AND $5
                    UNION ALL
                    SELECT sum(file_folders), sum(groups_created), sum(chats_created), sum(spaces_created),
                           sum(user_messages), sum(assistant_messages), sum(positive_feedback),
                           sum(negative_feedback), max(received_at)
                      FROM tail) parts
            """;

    private static final String PROMPTS = FigureSql.TAIL + """
            SELECT assistant_id, module, sum(prompts)::bigint AS prompts
              FROM (SELECT assistant_id, module, prompts
                      FROM rollup_assistant_day WHERE company_id = $1 AND day BETWEEN $4 AND $5
                    UNION ALL
                    SELECT assistant_id, module, user_messages FROM tail WHERE type = 'USER_MESSAGE') parts
             GROUP BY assistant_id, module
            HAVING sum(prompts) > 0
             ORDER BY prompts DESC, assistant_id NULLS LAST, module NULLS LAST
            """;

    private final Pool pool;

    public TelemetryQueries(Pool pool) {
        this.pool = pool;
    }

    public Uni<TelemetryCounts> counts(Company company, DateRange range) {
        Tuple params = FigureSql.params(company, range);
        Instant computedAt = Instant.now();
        Uni<Row> counts = pool.preparedQuery(COUNTS).execute(params).map(rows -> rows.iterator().next());
        Uni<List<AssistantPrompts>> prompts = pool.preparedQuery(PROMPTS).execute(params).map(rows -> {
            List<AssistantPrompts> result = new ArrayList<>();
            rows.forEach(row -> result.add(new AssistantPrompts(
                    row.getString("assistant_id"), row.getString("module"), row.getLong("prompts"))));
            return result;
        });
        return Uni.combine().all().unis(counts, prompts).with((row, byAssistant) -> {
            OffsetDateTime newest = row.getOffsetDateTime("newest_received_at");
            return new TelemetryCounts(range,
                    row.getLong("users"),
                    row.getLong("file_folders"),
                    row.getLong("groups"),
                    row.getLong("chats"),
                    row.getLong("spaces"),
                    row.getLong("user_messages"),
                    row.getLong("assistant_messages"),
                    row.getLong("positive_feedback"),
                    row.getLong("negative_feedback"),
                    byAssistant,
                    new Freshness(FigureSql.instant(newest), FigureSql.instant(row.getOffsetDateTime("rolled_up_at")),
                            computedAt));
        });
    }
}
