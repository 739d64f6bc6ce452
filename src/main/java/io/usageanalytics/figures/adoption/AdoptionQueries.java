package io.usageanalytics.figures.adoption;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.usageanalytics.company.Company;
import io.usageanalytics.figures.FigureSql;
import io.usageanalytics.figures.KeyUsers;
import io.usageanalytics.figures.UserCount;
import io.usageanalytics.time.DateRange;
import io.usageanalytics.time.Period;
import io.vertx.mutiny.sqlclient.Pool;

@ApplicationScoped
public class AdoptionQueries {

    /** What was created per period. */
    public record Created(long chats, long projects, long artifacts) {
    }

    /** Messages and distinct chats with a message per period. */
    public record ChatMessages(long messages, long chats) {
    }

    private static final String CREATED = FigureSql.TAIL + """
            SELECT p.from_day, sum(x.chats_created), sum(x.projects_created), sum(x.artifacts_created)
              FROM %s
              JOIN (SELECT day, chats_created, projects_created, artifacts_created
                      FROM rollup_company_day WHERE company_id = $1 AND day BETWEEN $4 AND $5
                    UNION ALL
                    SELECT day, chats_created, projects_created, artifacts_created FROM tail) x
                ON x.day = p.day
             GROUP BY p.from_day
            """.formatted(FigureSql.PERIODS);

    private static final String CHAT_MESSAGES = FigureSql.TAIL + """
            SELECT p.from_day, sum(x.messages), count(DISTINCT x.chat_id)
              FROM %s
              JOIN (SELECT day, chat_id, messages
                      FROM rollup_chat_day WHERE company_id = $1 AND day BETWEEN $4 AND $5
                    UNION ALL
                    SELECT day, chat_id, 1 FROM tail WHERE type IN ('USER_MESSAGE', 'ASSISTANT_MESSAGE')) x
                ON x.day = p.day
             GROUP BY p.from_day
            """.formatted(FigureSql.PERIODS);

    /* Users whose first creation (projects_created or artifacts_created, %1$s) is on or before each of $6. */
    private static final String USERS_EVER = FigureSql.TAIL + """
            , firsts AS (SELECT user_id, min(day) AS first_day
                           FROM (SELECT user_id, day FROM rollup_user_day
                                  WHERE company_id = $1 AND day <= $5 AND %1$s > 0
                                 UNION ALL
                                 SELECT user_id, day FROM tail WHERE %1$s > 0) x
                          GROUP BY user_id)
            SELECT d.day, count(f.user_id)
              FROM unnest($6::date[]) AS d(day)
              LEFT JOIN firsts f ON f.first_day <= d.day
             GROUP BY d.day
            """;

    private static final String TOP_PROJECT_USERS = FigureSql.TAIL + """
            SELECT user_id, count(DISTINCT project_id) AS projects
              FROM (SELECT user_id, project_id FROM rollup_user_project_day
                     WHERE company_id = $1 AND day BETWEEN $4 AND $5
                    UNION ALL
                    SELECT user_id, project_id FROM tail WHERE type = 'PROJECT_USED') x
             GROUP BY user_id
             ORDER BY projects DESC, user_id
             LIMIT $6
            """;

    private static final String TOP_ARTIFACT_USERS = FigureSql.TAIL + """
            SELECT user_id, sum(artifacts_created)::bigint AS artifacts
              FROM (SELECT user_id, artifacts_created FROM rollup_user_day
                     WHERE company_id = $1 AND day BETWEEN $4 AND $5 AND artifacts_created > 0
                    UNION ALL
                    SELECT user_id, 1 FROM tail WHERE type = 'ARTIFACT_CREATED') x
             GROUP BY user_id
             ORDER BY artifacts DESC, user_id
             LIMIT $6
            """;

    private static final String TOP_CONNECTORS = FigureSql.TAIL + """
            SELECT connector, count(DISTINCT user_id) AS users
              FROM (SELECT connector, user_id FROM rollup_connector_user_day
                     WHERE company_id = $1 AND day BETWEEN $4 AND $5
                    UNION ALL
                    SELECT connector, user_id FROM tail WHERE type = 'CONNECTOR_USED') x
             GROUP BY connector
             ORDER BY users DESC, connector
             LIMIT $6
            """;

    private final Pool pool;

    public AdoptionQueries(Pool pool) {
        this.pool = pool;
    }

    public Uni<Map<LocalDate, Created>> created(Company company, List<Period> periods) {
        return pool.preparedQuery(CREATED).execute(FigureSql.params(company, periods))
                .map(rows -> FigureSql.byDay(rows, row -> new Created(row.getLong(1), row.getLong(2), row.getLong(3))));
    }

    public Uni<Map<LocalDate, ChatMessages>> chatMessages(Company company, List<Period> periods) {
        return pool.preparedQuery(CHAT_MESSAGES).execute(FigureSql.params(company, periods))
                .map(rows -> FigureSql.byDay(rows, row -> new ChatMessages(row.getLong(1), row.getLong(2))));
    }

    /** Users who created at least one project ({@code projects}) or artifact, by each of {@code days}. */
    public Uni<Map<LocalDate, Long>> usersEver(Company company, boolean projects, List<LocalDate> days) {
        LocalDate last = days.stream().max(LocalDate::compareTo).orElseThrow();
        String sql = USERS_EVER.formatted(projects ? "projects_created" : "artifacts_created");
        return pool.preparedQuery(sql)
                .execute(FigureSql.params(company, new DateRange(FigureSql.BEGINNING, last),
                        (Object) days.toArray(LocalDate[]::new)))
                .map(rows -> FigureSql.byDay(rows, row -> row.getLong(1)));
    }

    public Uni<List<UserCount>> topProjectUsers(Company company, DateRange range, int limit) {
        return pool.preparedQuery(TOP_PROJECT_USERS).execute(FigureSql.params(company, range, limit))
                .map(rows -> FigureSql.list(rows, row -> new UserCount(row.getString(0), row.getLong(1))));
    }

    public Uni<List<UserCount>> topArtifactUsers(Company company, DateRange range, int limit) {
        return pool.preparedQuery(TOP_ARTIFACT_USERS).execute(FigureSql.params(company, range, limit))
                .map(rows -> FigureSql.list(rows, row -> new UserCount(row.getString(0), row.getLong(1))));
    }

    public Uni<List<KeyUsers>> topConnectors(Company company, DateRange range, int limit) {
        return pool.preparedQuery(TOP_CONNECTORS).execute(FigureSql.params(company, range, limit))
                .map(rows -> FigureSql.list(rows, row -> new KeyUsers(row.getString(0), row.getLong(1))));
    }
}
