package io.usageanalytics.figures.spend;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.usageanalytics.company.Company;
import io.usageanalytics.figures.Cursor;
import io.usageanalytics.figures.FigureSql;
import io.usageanalytics.time.DateRange;
import io.vertx.mutiny.sqlclient.Pool;

@ApplicationScoped
public class SpendQueries {

    private static final String TOTAL = FigureSql.TAIL + """
            SELECT coalesce(sum(spend_micros), 0)::bigint
              FROM (SELECT spend_micros FROM rollup_company_day WHERE company_id = $1 AND day BETWEEN $4 AND $5
                    UNION ALL
                    SELECT spend_micros FROM tail) x
            """;

    private static final String BY_MODEL = FigureSql.TAIL + """
            SELECT model, sum(amount_micros)::bigint AS amount
              FROM (SELECT model, amount_micros FROM rollup_spend_day WHERE company_id = $1 AND day BETWEEN $4 AND $5
                    UNION ALL
                    SELECT model, amount_micros FROM tail WHERE type = 'SPEND') x
             GROUP BY model
             ORDER BY amount DESC, model
            """;

    /* Keyset pagination: $6/$7 the last row of the previous page (amount, user id), $8 the page size. */
    private static final String BY_USER = FigureSql.TAIL + """
            SELECT user_id, amount
              FROM (SELECT user_id, sum(amount_micros)::bigint AS amount
                      FROM (SELECT user_id, amount_micros FROM rollup_spend_day
                             WHERE company_id = $1 AND day BETWEEN $4 AND $5
                            UNION ALL
                            SELECT user_id, amount_micros FROM tail WHERE type = 'SPEND') x
                     GROUP BY user_id) per_user
             WHERE $6::bigint IS NULL OR amount < $6 OR (amount = $6 AND user_id > $7)
             ORDER BY amount DESC, user_id
             LIMIT $8
            """;

    private final Pool pool;

    public SpendQueries(Pool pool) {
        this.pool = pool;
    }

    public Uni<Long> total(Company company, DateRange range) {
        return pool.preparedQuery(TOTAL).execute(FigureSql.params(company, range))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    public Uni<List<ModelSpend>> byModel(Company company, DateRange range) {
        return pool.preparedQuery(BY_MODEL).execute(FigureSql.params(company, range))
                .map(rows -> FigureSql.list(rows, row -> new ModelSpend(row.getString(0), row.getLong(1))));
    }

    /** Up to {@code limit} users after {@code cursor} (null: from the first). */
    public Uni<List<UserSpend>> byUser(Company company, DateRange range, String cursor, int limit) {
        Cursor<Long> after = Cursor.read(cursor, Long::valueOf);
        return pool.preparedQuery(BY_USER).execute(FigureSql.params(company, range,
                after == null ? null : after.key(), after == null ? null : after.id(), limit))
                .map(rows -> FigureSql.list(rows, row -> new UserSpend(row.getString(0), row.getLong(1))));
    }

    /** An opaque cursor pointing after {@code row}. */
    public static String cursorAfter(UserSpend row) {
        return Cursor.after(row.amountMicros(), row.userId());
    }
}
