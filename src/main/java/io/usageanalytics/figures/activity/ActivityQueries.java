package io.usageanalytics.figures.activity;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.usageanalytics.company.Company;
import io.usageanalytics.figures.FigureSql;
import io.usageanalytics.figures.KeyUsers;
import io.usageanalytics.time.DateRange;
import io.usageanalytics.time.Period;
import io.vertx.mutiny.sqlclient.Pool;

/** Active users: distinct per period, and over rolling windows (DAU, WAU, MAU); pending invites. */
@ApplicationScoped
public class ActivityQueries {

    private static final String ACTIVE_USER_DAYS = """
            , active AS (SELECT user_id, day FROM rollup_user_day WHERE company_id = $1 AND day BETWEEN $4 AND $5
                          UNION
                         SELECT user_id, day FROM tail WHERE user_id IS NOT NULL)
            """;

    private static final String PER_PERIOD = FigureSql.TAIL + ACTIVE_USER_DAYS + """
            SELECT p.from_day, count(DISTINCT a.user_id) AS users
              FROM %s
              JOIN active a ON a.day = p.day
             GROUP BY p.from_day
            """.formatted(FigureSql.PERIODS);

    /*
     * Users active in the window of W days ending on each day, in one pass over
     * the user-days: each active day covers the W days from it on; a user's
     * overlapping covers merge into spans; +1/-1 at each span's ends, summed in
     * day order, gives the number of users covering each day. $6: W, $7: days.
     */
    private static final String ROLLING = FigureSql.TAIL + ACTIVE_USER_DAYS + """
            , covers AS (SELECT user_id, day, day + $6::int - 1 AS until,
                                CASE WHEN lag(day) OVER (PARTITION BY user_id ORDER BY day) >= day - $6::int
                                     THEN 0 ELSE 1 END AS starts_span
                           FROM active),
              numbered AS (SELECT user_id, day, until,
                                  sum(starts_span) OVER (PARTITION BY user_id ORDER BY day) AS span
                             FROM covers),
              spans AS (SELECT min(day) AS first_day, max(until) AS last_day FROM numbered GROUP BY user_id, span),
              steps AS (SELECT first_day AS day, count(*) AS delta FROM spans GROUP BY first_day
                         UNION ALL
                        SELECT last_day + 1, -count(*) FROM spans GROUP BY last_day),
              running AS (SELECT day, sum(sum(delta)) OVER (ORDER BY day) AS users FROM steps GROUP BY day)
            SELECT d.day, coalesce((SELECT r.users FROM running r WHERE r.day <= d.day ORDER BY r.day DESC LIMIT 1), 0)
              FROM unnest($7::date[]) AS d(day)
            """;

    /* Invites sent and neither accepted nor revoked by the end of day $6, over all history. */
    private static final String PENDING_INVITES = FigureSql.TAIL + """
            SELECT count(*) FROM (
                SELECT invite_id
                  FROM (SELECT invite_id, sent, accepted OR revoked AS closed
                          FROM rollup_invite_day WHERE company_id = $1 AND day <= $6
                        UNION ALL
                        SELECT invite_id, type = 'INVITE_SENT', type IN ('INVITE_ACCEPTED', 'INVITE_REVOKED')
                          FROM tail WHERE invite_id IS NOT NULL AND day <= $6) states
                 GROUP BY invite_id
                HAVING bool_or(sent) AND NOT bool_or(closed)) pending
            """;

    /** Distinct users per value of one environment column (app_version, platform or deployment, %1$s). */
    private static final String USERS_BY = FigureSql.TAIL + """
            SELECT %1$s AS key, count(DISTINCT user_id) AS users
              FROM (SELECT app_version, platform, deployment, user_id FROM rollup_environment_user_day
                     WHERE company_id = $1 AND day BETWEEN $4 AND $5
                    UNION ALL
                    SELECT app_version, platform, deployment, user_id FROM tail WHERE user_id IS NOT NULL) x
             GROUP BY %1$s
             ORDER BY users DESC, key NULLS LAST
            """;

    /** The environment columns users are broken down by. */
    public enum Breakdown {
        APP_VERSION("app_version"), PLATFORM("platform"), DEPLOYMENT("deployment");

        final String column;

        Breakdown(String column) {
            this.column = column;
        }
    }

    private final Pool pool;

    public ActivityQueries(Pool pool) {
        this.pool = pool;
    }

    /** Distinct active users per period, keyed by the period's first day. */
    public Uni<Map<LocalDate, Long>> activeUsers(Company company, List<Period> periods) {
        return pool.preparedQuery(PER_PERIOD).execute(FigureSql.params(company, periods))
                .map(rows -> FigureSql.byDay(rows, row -> row.getLong(1)));
    }

    /** Users active in the {@code window} days ending on each of {@code days}. */
    public Uni<Map<LocalDate, Long>> activeInWindow(Company company, List<LocalDate> days, int window) {
        LocalDate first = days.stream().min(Comparator.naturalOrder()).orElseThrow();
        LocalDate last = days.stream().max(Comparator.naturalOrder()).orElseThrow();
        DateRange span = new DateRange(first.minusDays(window - 1), last);
        return pool.preparedQuery(ROLLING)
                .execute(FigureSql.params(company, span, window, days.toArray(LocalDate[]::new)))
                .map(rows -> FigureSql.byDay(rows, row -> row.getLong(1)));
    }

    public Uni<List<KeyUsers>> usersBy(Company company, DateRange range, Breakdown breakdown) {
        return pool.preparedQuery(USERS_BY.formatted(breakdown.column)).execute(FigureSql.params(company, range))
                .map(rows -> FigureSql.list(rows, row -> new KeyUsers(row.getString(0), row.getLong(1))));
    }

    /** Invites pending at the end of {@code day}. */
    public Uni<Long> pendingInvites(Company company, LocalDate day) {
        DateRange history = new DateRange(FigureSql.BEGINNING, day);
        return pool.preparedQuery(PENDING_INVITES).execute(FigureSql.params(company, history, day))
                .map(rows -> rows.iterator().next().getLong(0));
    }
}
