package io.usageanalytics.figures.days;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import io.usageanalytics.rollup.table.RollupTable;
import io.usageanalytics.rollup.table.TailRows;
import io.vertx.sqlclient.Row;

/**
 * The SQL that loads a company's days: which rollup run built each rolled-up
 * day, the rollup rows of the days this process does not hold yet, and the
 * events not rolled up yet (both follow from {@link RollupTable}). Run in one REPEATABLE READ
 * transaction, so that every event is counted exactly once: in a rolled-up day
 * or in the tail.
 */
final class DaySql {

    private DaySql() {
    }

    /**
     * The watermark, the run that built each rolled-up day of company $1, and how many events the company has not
     * rolled up yet, counted up to $2 (one more than a load reads: {@link #TAIL} is only sent when there are some
     * and not too many; most loads find none, and this way they cost PostgreSQL one statement). The events not
     * rolled up are the ones of TAIL: at or above the company's effective watermark.
     */
    static final String RUNS = """
            SELECT s.watermark, s.rolled_up_at, t.tail_events, d.day, d.rollup_run
              FROM rollup_state s
             CROSS JOIN LATERAL (
                   -- a count, not EXISTS: planned for all the rows, it reads the few new events by ingest_txid
                   -- (V4) where EXISTS would scan the company's events for a first one; the limit is far above
                   -- the rows planned for, so it does not change the plan, and it bounds a backlog's count
                   SELECT count(*) AS tail_events
                     FROM (SELECT 1
                             FROM event e
                            WHERE e.company_id = $1
                              AND e.ingest_txid >= coalesce((SELECT h.watermark FROM rollup_held_company h
                                                              WHERE h.company_id = $1), s.watermark)
                              AND e.ingest_txid >= rollup_watermark_at_planning($1)
                            LIMIT $2) x) t
              LEFT JOIN rollup_company_day d ON d.company_id = $1""";

    /**
     * A statement of the load and where each column of a table's description is in its rows: {@code positions}
     * by the index of {@link RollupTable#columns()}, -1 for a column it does not return; {@code day}: the day's.
     */
    record Layout(RollupTable table, int[] positions, boolean packed) {

        int day() {
            return positions[table.indexOf("day")];
        }

        /** How many of the table's rows {@code row} holds: the elements of its arrays when packed, else one. */
        int rows(Row row) {
            return packed ? ((Object[]) row.getValue(positions[2])).length : 1;
        }
    }

    /**
     * Rows of each rollup table of company $1 on the days $2: every column of its description but company_id; as
     * stored, so that a packed table's company-day comes as one row of arrays (see {@link Layout#rows}).
     */
    static final Map<RollupTable, String> ROLLED = new EnumMap<>(RollupTable.class);
    static final Map<RollupTable, Layout> ROLLED_LAYOUT = new EnumMap<>(RollupTable.class);

    /**
     * Rows of each rollup table that names users, of company $1 on the days $2, as {@link #ROLLED} reads them: a
     * company-day's rows of every user. A team's rows are picked from them in Java (TeamMembers), which costs
     * less than filtering the views' rows by a list of users in PostgreSQL.
     */
    static final Map<RollupTable, String> OF_USERS = new EnumMap<>(RollupTable.class);

    static {
        for (RollupTable table : RollupTable.values()) {
            List<RollupTable.Column> columns = table.columns();
            int[] positions = new int[columns.size()];
            List<String> selected = new ArrayList<>();
            for (int i = 0; i < columns.size(); i++) {
                String name = columns.get(i).name();
                positions[i] = name.equals("company_id") ? -1 : selected.size();
                if (positions[i] >= 0) {
                    selected.add(name);
                }
            }
            String read = "SELECT " + String.join(", ", selected) + " FROM " + table.stored
                    + " WHERE company_id = $1 AND day = ANY($2::date[])";
            if (!table.forTeamsOnly) {
                ROLLED.put(table, read);
            }
            if (table.byUser) {
                OF_USERS.put(table, read);
            }
            ROLLED_LAYOUT.put(table, new Layout(table, positions, table.packed));
        }
    }

    /**
     * The events of company $1 not rolled up yet: the day and the columns of each ({@link TailRows#readColumns}), from
     * event_measure as the rollup job reads them, at or above the company's effective watermark (its own while
     * the rollup job holds it back, V6, else the global one). The second bound on ingest_txid is redundant; it
     * lets the planner read the few new events through event_ingest_txid_idx (see V4 and V6). Aggregated in
     * memory by the rollup tables' descriptions ({@link TailRows}).
     */
    static final String TAIL = """
            SELECT m.day, %s
              FROM event_measure m, rollup_state s
             WHERE m.company_id = $1
               AND m.ingest_txid >= coalesce((SELECT h.watermark FROM rollup_held_company h WHERE h.company_id = $1),
                                             s.watermark)
               AND m.ingest_txid >= rollup_watermark_at_planning($1)""".formatted(TailRows.readColumns("m"));
}
