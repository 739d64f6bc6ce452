package io.usageanalytics.billing;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.usageanalytics.figures.Cursor;
import io.usageanalytics.time.DateRange;
import io.usageanalytics.time.Granularity;
import io.usageanalytics.time.Period;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The vendor-wide billing report: per company and calendar month, in each
 * company's own calendar, from the rollups plus the events not rolled up yet
 * (at or above each company's effective watermark, see V6). Aggregates only:
 * no user id leaves this query.
 */
@ApplicationScoped
public class BillingQueries {

    /*
     * Sums are numeric in SQL, so one company's spend beyond bigint cannot fail the whole report: that line's
     * spend comes back null (and answers FIGURE_OUT_OF_RANGE), every other line as usual. Messages count
     * events and always fit.
     *
     * $1/$2 first and last days of the months, $3/$4 the whole range, $5/$6 keyset (month, company), $7 limit. */
    private static final String REPORT = """
            WITH state AS (SELECT watermark FROM rollup_state),
                 months AS (SELECT * FROM unnest($1::date[], $2::date[]) AS p(from_day, to_day)),
                 tail AS (SELECT m.* FROM event_measure m
                           CROSS JOIN state
                            LEFT JOIN rollup_held_company h ON h.company_id = m.company_id
                           WHERE m.ingest_txid >= coalesce(h.watermark, state.watermark)
                             AND m.ingest_txid >= rollup_watermark_at_planning()
                             AND m.day BETWEEN $3 AND $4),
                 users AS (SELECT company_id, day, user_id FROM rollup_user_day WHERE day BETWEEN $3 AND $4
                            UNION
                           SELECT company_id, day, user_id FROM tail WHERE user_id IS NOT NULL),
                 mau AS (SELECT u.company_id, p.from_day, count(DISTINCT u.user_id) AS mau
                           FROM months p JOIN users u ON u.day BETWEEN p.from_day AND p.to_day
                          GROUP BY u.company_id, p.from_day),
                 totals AS (SELECT x.company_id, p.from_day, sum(x.messages) AS messages, sum(x.spend) AS spend
                              FROM months p
                              JOIN (SELECT company_id, day, user_messages + assistant_messages AS messages,
                                           spend_micros AS spend
                                      FROM rollup_company_day WHERE day BETWEEN $3 AND $4
                                    UNION ALL
                                    SELECT company_id, day, user_messages + assistant_messages, spend_micros
                                      FROM tail) x ON x.day BETWEEN p.from_day AND p.to_day
                             GROUP BY x.company_id, p.from_day)
            SELECT c.id, c.name, c.seats, c.extra_usage_enabled, p.from_day, p.to_day,
                   coalesce(mau.mau, 0) AS mau, coalesce(t.messages, 0)::bigint AS messages,
                   CASE WHEN coalesce(t.spend, 0) <= 9223372036854775807 THEN coalesce(t.spend, 0)::bigint END AS spend
              FROM months p
             CROSS JOIN company c
              LEFT JOIN mau ON mau.company_id = c.id AND mau.from_day = p.from_day
              LEFT JOIN totals t ON t.company_id = c.id AND t.from_day = p.from_day
             WHERE $5::date IS NULL OR (p.from_day, c.id) > ($5, $6)
             ORDER BY p.from_day, c.id
             LIMIT $7
            """;

    private final Pool pool;

    public BillingQueries(Pool pool) {
        this.pool = pool;
    }

    private static LocalDate cursorMonth(String text) {
        LocalDate month = LocalDate.parse(text);
        if (month.isBefore(DateRange.EARLIEST) || month.isAfter(DateRange.LATEST)) {
            throw new IllegalArgumentException("outside the days a range may name");
        }
        return month;
    }

    /** Up to {@code limit} lines after {@code cursor} (null: from the first). */
    public Uni<List<BillingLine>> lines(DateRange range, String cursor, int limit) {
        List<Period> months = Period.of(range, Granularity.MONTH);
        months = months.subList(1, months.size());
        Cursor<LocalDate> after = Cursor.read(cursor, BillingQueries::cursorMonth);
        Tuple params = Tuple.of(months.stream().map(Period::from).toArray(LocalDate[]::new),
                months.stream().map(Period::to).toArray(LocalDate[]::new), range.from(), range.to())
                .addValue(after == null ? null : after.key()).addValue(after == null ? null : after.id())
                .addValue(limit);
        return pool.preparedQuery(REPORT).mapping(row -> {
            LocalDate from = row.getLocalDate("from_day");
            boolean enabled = row.getBoolean("extra_usage_enabled");
            Long spend = row.getLong("spend");
            return new BillingLine(row.getString("id"), row.getString("name"), from.toString().substring(0, 7), from,
                    row.getLocalDate("to_day"), row.getLong("mau"), row.getInteger("seats"), row.getLong("messages"),
                    enabled ? spend : null, enabled && spend == null);
        }).execute(params).map(rows -> {
            List<BillingLine> lines = new ArrayList<>(rows.size());
            rows.forEach(lines::add);
            return lines;
        });
    }

    /** An opaque cursor pointing after {@code line}. */
    public static String cursorAfterLine(BillingLine line) {
        return Cursor.after(line.from(), line.companyId());
    }
}
