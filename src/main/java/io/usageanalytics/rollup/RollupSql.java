package io.usageanalytics.rollup;

import io.usageanalytics.rollup.table.RollupTable;
import io.usageanalytics.rollup.table.TailRows;

/**
 * The SQL of a rollup run. Each rollup table ({@link RollupTable}) is rebuilt
 * for the touched company-days from every event of those days that is below
 * the new watermark, read here a chunk of days at a time and aggregated in the
 * service; days not touched are left alone.
 */
final class RollupSql {

    private RollupSql() {
    }

    /**
     * A run reads and aggregates the events of one chunk of touched company-days while it stores the one before,
     * so that what it holds in memory is bounded: a week of the largest company's events, or about
     * {@link #CHUNK_EVENTS}. A company's first chunk has this many days (as has a chunk that begins with the last
     * days of one company and goes on with the next), and no chunk has fewer.
     */
    static final int CHUNK_DAYS = 7;

    /**
     * The events a chunk is sized for: about seven days of the benchmark's 5,000-user company. The chunk after one
     * of a single company has as many of its days as make this many events at that chunk's rate, from
     * {@link #CHUNK_DAYS} to {@link #CHUNK_DAYS_MOST}, and at most twice as many days as it: the days of a small
     * company are read four weeks at a time, where a chunk each week cost a plan, a read and eleven inserts
     * for a few thousand events (a full rollup of M took a tenth longer); a large company's stay a week.
     */
    static final long CHUNK_EVENTS = 100_000;

    /** The most days of a chunk. */
    static final int CHUNK_DAYS_MOST = 28;

    /**
     * The run's snapshot, for the connection that reads the chunks' events ({@link #readerSnapshot}): it sees
     * exactly the events the run sees while the run's own connection stores the chunk before.
     */
    static final String EXPORT_SNAPSHOT = "SELECT pg_export_snapshot() AS snapshot";

    /** The first statement of the reader's transaction (REPEATABLE READ): the run's snapshot. */
    static String readerSnapshot(String snapshot) {
        if (!snapshot.matches("[0-9A-Fa-f-]+")) {
            throw new IllegalArgumentException("Not a snapshot id: " + snapshot);
        }
        return "SET TRANSACTION SNAPSHOT '" + snapshot + "'";
    }

    /**
     * For the reader's transaction, which runs only {@link #chunkEvents}. Each touched company-day's events are
     * read once, so a Memoize cache of them (which PostgreSQL plans for the LATERAL read) never hits, and copying
     * every event into it doubled the time of the read.
     */
    static final String NO_MEMOIZE = "SET LOCAL enable_memoize = off";

    /**
     * For the reader's transaction too. A touched company-day's events are spread over the heap pages of their
     * time among every other company's: read through a bitmap of the index, each page is read once and in order;
     * read one index entry at a time, the same read took half as long again (measured on M).
     */
    static final String BITMAP_READS = "SET LOCAL enable_indexscan = off";

    /** Taken before the snapshot: one run at a time over all replicas; a second one gives up at once. */
    static final String LOCK = "LOCK TABLE rollup_state IN EXCLUSIVE MODE NOWAIT";

    static final String STATE = """
            SELECT watermark, runs + 1 AS run, pg_snapshot_xmin(pg_current_snapshot())::text::bigint AS new_watermark,
                   now() AS snapshot_at
              FROM rollup_state""";

    /**
     * The company-days that received events in [from, to) of ingest_txid, the days a held company due for a
     * retry received events on since its own watermark, and every day with raw events of a company whose time
     * zone changed. Held companies not due yet are left out, except in a full rebuild ({@code full}, from 0),
     * which takes every company. Each company-day appears once. The held companies' events are read per held
     * company (LATERAL): with none held, no event is read for them (a join let the planner scan every event).
     * A full rebuild and a recut take an earlier day than {@link #RAW_SINCE} only for an event not rolled up yet
     * (at or above {@code watermark}, the watermark before this run, or its held company's): the raw events of
     * such a day may be gone in part, and its rollups are kept.
     */
    static String touched(long from, long to, long watermark, boolean full) {
        return ("""
                CREATE TEMP TABLE rollup_touched ON COMMIT DROP AS
                SELECT company_id, day,
                       day::timestamp AT TIME ZONE time_zone       AS starts,
                       (day + 1)::timestamp AT TIME ZONE time_zone AS ends
                  FROM (SELECT DISTINCT company_id, time_zone, day
                          FROM event_measure
                         WHERE ingest_txid >= %1$d AND ingest_txid < %2$d%3$s%6$s
                        UNION
                        SELECT DISTINCT m.company_id, m.time_zone, m.day
                          FROM rollup_held_company h
                          CROSS JOIN LATERAL (SELECT company_id, time_zone, day
                                                FROM event_measure e
                                               WHERE e.company_id = h.company_id
                                                 AND e.ingest_txid >= h.watermark AND e.ingest_txid < %2$d) m
                         WHERE h.retry_at <= now()
                        UNION
                        -- driven by the (mostly empty) recut table, company by company (OFFSET 0 keeps the
                        -- subquery apart): a join PostgreSQL could plan as a scan of every event instead
                        SELECT DISTINCT m.company_id, m.time_zone, m.day
                          FROM rollup_recut_company r
                          CROSS JOIN LATERAL (SELECT company_id, time_zone, day, ingest_txid
                                                FROM event_measure e
                                               WHERE e.company_id = r.company_id AND e.ingest_txid < %2$d
                                              OFFSET 0) m
                         WHERE %5$s%4$s) d""")
                .formatted(from, to,
                        full ? "" : "\n                           AND company_id NOT IN (SELECT company_id FROM rollup_held_company)",
                        full ? "" : "\n                           AND r.company_id NOT IN (SELECT company_id FROM rollup_held_company WHERE retry_at > now())",
                        wholeOrNew("m.", watermark),
                        full ? "\n                           AND " + wholeOrNew("", watermark) : "");
    }

    /** An event ({@code alias} its table's, with the dot) whose day begins at or after RAW_SINCE, or not rolled up yet. */
    private static String wholeOrNew(String alias, long watermark) {
        return """
                (%1$sday::timestamp AT TIME ZONE %1$stime_zone >= (%2$s)
                                  OR %1$singest_txid >= coalesce((SELECT h.watermark FROM rollup_held_company h
                                                                   WHERE h.company_id = %1$scompany_id), %3$d))"""
                .formatted(alias, RAW_SINCE, watermark);
    }

    /**
     * Since when the raw events are complete: the start of the partitions of event (V11) that follow each other
     * without a gap up to the newest. Retention drops whole monthly partitions (RetentionJob), so a
     * company-local day that began before it lost the events of its first hours, or lies before a partition
     * dropped: such a day is not rebuilt from raw events by a full rebuild or a recut. -infinity while the first
     * partition, event_before_partitions, is there without a gap after it: retention deletes whole
     * company-local days from it.
     */
    static final String RAW_SINCE = """
            SELECT coalesce(max(p.starts), '-infinity') FROM event_partition p
             WHERE NOT EXISTS (SELECT 1 FROM event_partition q WHERE q.ends = p.starts)""";

    /**
     * Rows of companies whose time zone changed (rollup_recut_company, recorded by a trigger on company, see V7),
     * from the first old-cut day the raw events still hold whole, and not before the first whole day of the new
     * cut (retention drops whole days, or whole months, see {@link #RAW_SINCE}): they are rebuilt from the raw
     * events in the new time zone; the days before keep their old cut.
     */
    static String deleteRecut(RollupTable table, boolean oneCompany) {
        return """
                DELETE FROM %s r
                 USING (SELECT c.company_id,
                               -- null (no row deleted) without raw events: greatest would skip the null
                               CASE WHEN e.first_at IS NOT NULL
                                    THEN greatest((e.first_at AT TIME ZONE c.from_time_zone)::date, %s, %s) END AS first_day
                          FROM rollup_recut_company c
                          JOIN company co ON co.id = c.company_id
                          CROSS JOIN (%s) AS raw(since)
                          CROSS JOIN LATERAL (SELECT min(occurred_at) AS first_at FROM event
                                               WHERE company_id = c.company_id) e) c
                 WHERE r.company_id = c.company_id AND r.day >= c.first_day
                   AND c.company_id IN (SELECT company_id FROM rollup_touched)%s""".formatted(table.stored,
                firstWholeDay("c.from_time_zone"), firstWholeDay("co.time_zone"), RAW_SINCE, only(oneCompany, "r"));
    }

    /** The first day in {@code zone} that begins at or after raw.since. */
    private static String firstWholeDay(String zone) {
        return "(raw.since AT TIME ZONE %1$s)::date + (((raw.since AT TIME ZONE %1$s)::date::timestamp AT TIME ZONE %1$s) < raw.since)::int"
                .formatted(zone);
    }

    /** Companies held now keep their recut: their days are cut anew when their rollup succeeds. */
    static final String RECUT_DONE = """
            DELETE FROM rollup_recut_company
             WHERE company_id NOT IN (SELECT company_id FROM rollup_held_company)""";

    static final String TOUCHED_COMPANIES = "SELECT DISTINCT company_id FROM rollup_touched ORDER BY company_id";

    /** Held companies that were due and did not fail again ($1: the ones that failed); full: every held company. */
    static String release(boolean full) {
        return "DELETE FROM rollup_held_company WHERE " + (full ? "" : "retry_at <= now() AND ")
                + "NOT (company_id = ANY($1::text[])) RETURNING company_id";
    }

    /**
     * Holds company $1 at watermark $2 (its watermark before this run) with error $3, or counts one more failure
     * of a company held already (which keeps its watermark). The pause before the next try doubles with each
     * failure, from $4 up to $5 seconds.
     */
    static final String HOLD = """
            INSERT INTO rollup_held_company AS h (company_id, watermark, failures, last_error, held_since, retry_at)
            VALUES ($1, $2, 1, $3, now(), now() + make_interval(secs => least($4::float8, $5::float8)))
            ON CONFLICT (company_id) DO UPDATE
               SET failures = h.failures + 1,
                   last_error = excluded.last_error,
                   retry_at = now() + make_interval(secs => least($4::float8 * power(2, h.failures), $5::float8))
            RETURNING failures""";

    /** " AND alias.company_id = $1" when one company is rebuilt, else nothing. */
    private static String only(boolean oneCompany, String alias) {
        return oneCompany ? " AND " + alias + ".company_id = $1" : "";
    }

    static final String COUNT_TOUCHED = "SELECT count(*) FROM rollup_touched";

    static String delete(RollupTable table, boolean oneCompany) {
        return "DELETE FROM " + table.stored + " r USING rollup_touched t WHERE r.company_id = t.company_id AND r.day = t.day"
                + only(oneCompany, "t");
    }

    /**
     * The touched company-days (of company $1 only, with {@code oneCompany}) in the order of company and day: a
     * run reads them a chunk at a time ({@link #CHUNK_EVENTS}).
     */
    static String touchedDays(boolean oneCompany) {
        return "SELECT company_id, day, starts, ends FROM rollup_touched t WHERE true" + only(oneCompany, "t")
                + " ORDER BY company_id, day";
    }

    /**
     * The company-days of the chunk {@link #chunkEvents} reads next, as settings of the reader's transaction
     * (COPY takes no parameters): their companies, days and bounds (see {@link #touchedDays}), each an array of
     * texts (JDBC parameters).
     */
    static final String SET_CHUNK = """
            SELECT set_config('analytics.chunk_companies', ?::text, true), set_config('analytics.chunk_days', ?::text, true),
                   set_config('analytics.chunk_starts', ?::text, true), set_config('analytics.chunk_ends', ?::text, true)""";

    /**
     * The events below {@code watermark} of the company-days of one chunk, given as arrays of their company, day
     * and bounds ({@link #SET_CHUNK}): the position of each event's company-day in the arrays, from 1, and its
     * columns as the tables' descriptions read them ({@link TailRows#readColumns}). The days are given rather
     * than read from rollup_touched, which only the run's own connection sees.
     *
     * An event belongs to its day in the company's time zone, as event_measure gives it (RollupTest compares the
     * rollups with figures computed from the view). The bounds, three hours wider than the day (more than any
     * clock change), let PostgreSQL read each touched day through the index on (company_id, occurred_at): one
     * touched day after the other (LATERAL; OFFSET 0 keeps the subquery apart, where a join could be planned as
     * a scan of every event). An event more than three hours inside the day's bounds is of that day for the same
     * reason, so the day is computed only near the bounds: the time zone conversion per event was a third of the
     * read. The events are read from event itself, with the bounds computed once per day (the OFFSET 0 of t):
     * through the view, the join with company and the view's columns per event were a tenth of the read.
     */
    static String chunkEvents(long watermark) {
        return """
                SELECT t.n, %s
                  FROM (SELECT u.company_id, u.day, u.n,
                               u.starts - interval '3 hours' AS read_from, u.ends + interval '3 hours' AS read_to,
                               u.starts + interval '3 hours' AS inside_from, u.ends - interval '3 hours' AS inside_to
                          FROM unnest(current_setting('analytics.chunk_companies')::text[],
                                      current_setting('analytics.chunk_days')::date[],
                                      current_setting('analytics.chunk_starts')::timestamptz[],
                                      current_setting('analytics.chunk_ends')::timestamptz[])
                               WITH ORDINALITY AS u(company_id, day, starts, ends, n)
                        OFFSET 0) t
                  JOIN company c ON c.id = t.company_id
                 CROSS JOIN LATERAL (SELECT * FROM event e
                                      WHERE e.company_id = t.company_id
                                        AND e.occurred_at >= t.read_from AND e.occurred_at < t.read_to
                                        AND (e.occurred_at >= t.inside_from AND e.occurred_at < t.inside_to
                                             OR (e.occurred_at AT TIME ZONE c.time_zone)::date = t.day)
                                        AND e.ingest_txid < %d
                                     OFFSET 0) e""".formatted(TailRows.readColumns("e"), watermark);
    }

    /**
     * A run that rebuilds the day of every event: the first run (watermark 0, after a restore, say) or a full
     * rebuild, while no company is held and no raw event is missing (see {@link #RAW_SINCE}). Then the touched
     * company-days need not be found in the events, which would read every one of them once more: they are every
     * day from the first event of each company to its last.
     */
    static final class Every {

        private Every() {
        }

        /** Whether the run of {@code full}, from watermark 0, is one. */
        static String applies(boolean full) {
            return "SELECT NOT EXISTS (SELECT 1 FROM rollup_held_company)"
                    + (full ? " AND (" + RAW_SINCE + ") = '-infinity'" : "") + " AS every";
        }

        /**
         * The touched company-days, as {@link #touched} makes them: every day of each company from the day before
         * its first event below {@code watermark} to the day after its last (an event's day follows its time, but
         * a clock set back at midnight can give an event an earlier day than the one before it). The first and
         * the last event are found through the index on (company_id, occurred_at). A day without events has no
         * rows to build.
         */
        static String touched(long watermark) {
            return """
                    CREATE TEMP TABLE rollup_touched ON COMMIT DROP AS
                    SELECT company_id, day, starts, ends
                      FROM (SELECT c.id AS company_id, d.day,
                                   d.day::timestamp AT TIME ZONE c.time_zone       AS starts,
                                   (d.day + 1)::timestamp AT TIME ZONE c.time_zone AS ends
                              FROM company c
                             CROSS JOIN LATERAL (SELECT (min(occurred_at) AT TIME ZONE c.time_zone)::date AS first_day,
                                                        (max(occurred_at) AT TIME ZONE c.time_zone)::date AS last_day
                                                   FROM event e
                                                  WHERE e.company_id = c.id AND e.ingest_txid < %d) e
                             CROSS JOIN LATERAL (SELECT e.first_day - 1 + n AS day
                                                   FROM generate_series(0, e.last_day - e.first_day + 2) n) d) t"""
                    .formatted(watermark);
        }
    }

    static String advance(long watermark, long run) {
        return "UPDATE rollup_state SET watermark = " + watermark + ", runs = " + run + ", rolled_up_at = now()";
    }

    /**
     * Age of the oldest event not rolled up yet of any company, in seconds (0 when there is none): at or above
     * the global watermark, or at or above the own watermark of a held company. And how many companies are held.
     * The watermark at planning (V4) lets PostgreSQL read the few events above it through the index on
     * ingest_txid: with the watermark only in rollup_state, the query took 11-13 s after each run on L.
     */
    static final String LAG = """
            SELECT coalesce(extract(epoch FROM now() - least(
                     (SELECT min(e.received_at) FROM event e, rollup_state s
                       WHERE e.ingest_txid >= s.watermark AND e.ingest_txid >= rollup_watermark_at_planning()),
                     (SELECT min(m.received_at) FROM rollup_held_company h
                       CROSS JOIN LATERAL (SELECT min(e.received_at) AS received_at FROM event e
                                            WHERE e.company_id = h.company_id AND e.ingest_txid >= h.watermark) m)
                   )), 0)::float8 AS lag,
                   (SELECT count(*) FROM rollup_held_company) AS held""";
}
