package io.usageanalytics.figures;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.usageanalytics.company.Company;
import io.usageanalytics.time.DateRange;
import io.usageanalytics.time.Period;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * How every figure query reads its data: rollup rows of the range's days plus
 * the events not rolled up yet, in one statement, so that both halves come from
 * one snapshot and every event is in exactly one of them.
 *
 * Parameters: $1 company id, $2 and $3 the range as instants (start inclusive,
 * end exclusive), $4 and $5 the range as company-local days; figure-specific
 * parameters follow from $6.
 */
public final class FigureSql {

    /**
     * CTEs {@code state} (the rollup watermark) and {@code tail} (event_measure rows of the range not rolled up).
     * The second bound on ingest_txid is redundant; it tells the planner the watermark, so that the tail is read
     * through event_ingest_txid_idx (a few new rows) rather than every event of the range (see V4).
     */
    public static final String TAIL = """
            WITH state AS (SELECT watermark, rolled_up_at FROM rollup_state),
                 tail AS (SELECT m.* FROM event_measure m, state
                           WHERE m.company_id = $1 AND m.occurred_at >= $2 AND m.occurred_at < $3
                             AND m.ingest_txid >= state.watermark
                             AND m.ingest_txid >= rollup_watermark_at_planning())
            """;

    /**
     * The periods of a series, passed as $6 (first days) and $7 (last days), as one row per day
     * {@code p(from_day, day)}: rows join their period on {@code day =}, a hash join, where a join on
     * {@code day BETWEEN from_day AND to_day} compared every row with every period.
     */
    public static final String PERIODS = """
            (SELECT p.from_day, d::date AS day
               FROM unnest($6::date[], $7::date[]) AS p(from_day, to_day),
                    generate_series(p.from_day, p.to_day, interval '1 day') AS d) AS p""";

    /** Everything from the first event ever: for "cumulative" figures. */
    public static final LocalDate BEGINNING = LocalDate.of(1970, 1, 1);

    private FigureSql() {
    }

    public static Tuple params(Company company, DateRange range, Object... extra) {
        Tuple tuple = Tuple.of(company.id, utc(range.startIn(company.zone())), utc(range.endIn(company.zone())),
                range.from(), range.to());
        for (Object value : extra) {
            tuple.addValue(value);
        }
        return tuple;
    }

    /** Standard parameters over the periods' span, with the periods as $6 and $7. */
    public static Tuple params(Company company, List<Period> periods) {
        return params(company, Period.span(periods),
                periods.stream().map(Period::from).toArray(LocalDate[]::new),
                periods.stream().map(Period::to).toArray(LocalDate[]::new));
    }

    /** Rows keyed by their first column (a date), valued by {@code value}. */
    public static <T> Map<LocalDate, T> byDay(RowSet<Row> rows, Function<Row, T> value) {
        Map<LocalDate, T> result = new HashMap<>();
        rows.forEach(row -> result.put(row.getLocalDate(0), value.apply(row)));
        return result;
    }

    public static <T> List<T> list(RowSet<Row> rows, Function<Row, T> mapper) {
        List<T> result = new ArrayList<>();
        rows.forEach(row -> result.add(mapper.apply(row)));
        return result;
    }

    public static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    public static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
