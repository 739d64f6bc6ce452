package io.usageanalytics.figures;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.usageanalytics.company.Company;
import io.usageanalytics.time.DateRange;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** The SQL behind the telemetry counts: one pass over the company's events of the range. */
@ApplicationScoped
public class TelemetryQueries {

    private static final String COUNTS = """
            SELECT count(DISTINCT user_id)                                          AS users,
                   count(*) FILTER (WHERE type = 'FOLDER_CREATED')                  AS file_folders,
                   count(*) FILTER (WHERE type = 'GROUP_CREATED')                   AS groups,
                   count(*) FILTER (WHERE type = 'CHAT_CREATED')                    AS chats,
                   count(*) FILTER (WHERE type = 'SPACE_CREATED')                   AS spaces,
                   count(*) FILTER (WHERE type = 'USER_MESSAGE')                    AS user_messages,
                   count(*) FILTER (WHERE type = 'ASSISTANT_MESSAGE')               AS assistant_messages,
                   count(*) FILTER (WHERE type = 'FEEDBACK' AND rating = 'POSITIVE') AS positive_feedback,
                   count(*) FILTER (WHERE type = 'FEEDBACK' AND rating = 'NEGATIVE') AS negative_feedback,
                   max(received_at)                                                 AS newest_received_at
              FROM event
             WHERE company_id = $1 AND occurred_at >= $2 AND occurred_at < $3
            """;

    private static final String PROMPTS = """
            SELECT assistant_id, module, count(*) AS prompts
              FROM event
             WHERE company_id = $1 AND occurred_at >= $2 AND occurred_at < $3 AND type = 'USER_MESSAGE'
             GROUP BY assistant_id, module
             ORDER BY prompts DESC, assistant_id NULLS LAST, module NULLS LAST
            """;

    private final Pool pool;

    public TelemetryQueries(Pool pool) {
        this.pool = pool;
    }

    public Uni<TelemetryCounts> counts(Company company, DateRange range) {
        Tuple params = Tuple.of(company.id, utc(range.startIn(company.zone())), utc(range.endIn(company.zone())));
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
                    new Freshness(newest == null ? null : newest.toInstant(), computedAt));
        });
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
