package io.usageanalytics.figures.days;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.usageanalytics.rollup.table.RollupTable;

/**
 * The SQL that loads a company's days: which rollup run built each rolled-up
 * day, the rollup rows of the days this process does not hold yet, and the
 * events not rolled up yet aggregated the way the rollup job aggregates them
 * (both follow from {@link RollupTable}). Run in one REPEATABLE READ
 * transaction, so that every event is counted exactly once: in a rolled-up day
 * or in the tail.
 */
final class DaySql {

    private DaySql() {
    }

    static final String BEGIN = "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY";
    static final String COMMIT = "COMMIT";
    static final String ROLLBACK = "ROLLBACK";

    /**
     * The watermark, the run that built each rolled-up day of company $1, and whether the company has events not
     * rolled up yet ({@link #TAIL} is only sent when it has: it costs PostgreSQL more to plan than to run on few
     * events). The events not rolled up are the ones of TAIL: at or above the company's effective watermark.
     */
    static final String RUNS = """
            SELECT s.watermark, s.rolled_up_at, t.tail, d.day, d.rollup_run
              FROM rollup_state s
             CROSS JOIN LATERAL (
                   -- a count, not EXISTS: planned for all the rows, it reads the few new events by ingest_txid
                   -- (V4) where EXISTS would scan the company's events for a first one
                   SELECT count(*) > 0 AS tail
                     FROM event e
                    WHERE e.company_id = $1
                      AND e.ingest_txid >= coalesce((SELECT h.watermark FROM rollup_held_company h
                                                      WHERE h.company_id = $1), s.watermark)
                      AND e.ingest_txid >= rollup_watermark_at_planning($1)) t
              LEFT JOIN rollup_company_day d ON d.company_id = $1""";

    /**
     * A statement of the load and where each column of a table's description is in its rows: {@code positions}
     * by the index of {@link RollupTable#columns()}, -1 for a column it does not return; {@code day}: the day's.
     */
    record Layout(RollupTable table, int[] positions) {

        int day() {
            return positions[table.indexOf("day")];
        }
    }

    /** Rows of each rollup table of company $1 on the days $2: every column of its description but company_id. */
    static final Map<RollupTable, String> ROLLED = new EnumMap<>(RollupTable.class);
    static final Map<RollupTable, Layout> ROLLED_LAYOUT = new EnumMap<>(RollupTable.class);

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
            ROLLED.put(table, "SELECT " + String.join(", ", selected) + " FROM " + table.table
                    + " WHERE company_id = $1 AND day = ANY($2::date[])");
            ROLLED_LAYOUT.put(table, new Layout(table, positions));
        }
    }

    /** The kinds of columns the tail's rows have slots for, with the type the slots are given. */
    private enum Slot {
        TEXT("text"), NUMBER("bigint"), FLAG("boolean"), INSTANT("timestamp with time zone");

        final String type;

        Slot(String type) {
            this.type = type;
        }

        static Slot of(RollupTable.Column column) {
            return switch (column.type()) {
                case "text" -> TEXT;
                case "bigint" -> NUMBER;
                case "boolean" -> FLAG;
                case "timestamp with time zone" -> INSTANT;
                default -> throw new IllegalStateException("no slot for " + column);
            };
        }
    }

    /**
     * The events of company $1 not rolled up yet, with their day and measures (event_measure, as the rollup job
     * reads them): at or above the company's effective watermark, its own while the rollup job holds it back (V6),
     * else the global one. The second bound on ingest_txid is redundant; it lets the planner read the few new
     * events through event_ingest_txid_idx (see V4 and V6). Read once, aggregated by every table's SELECT.
     */
    private static final String TAIL_EVENTS = """
            WITH events AS MATERIALIZED (
                SELECT m.company_id, m.day, %s
                  FROM event_measure m, rollup_state s
                 WHERE m.company_id = $1
                   AND m.ingest_txid >= coalesce((SELECT h.watermark FROM rollup_held_company h WHERE h.company_id = $1),
                                                 s.watermark)
                   AND m.ingest_txid >= rollup_watermark_at_planning($1))
            """.formatted(RollupTable.EVENT_COLUMNS.stream().map(column -> "m." + column)
            .collect(Collectors.joining(", ")));

    /**
     * The tail: every rollup table's rows aggregated from the events not rolled up yet, by the table's own SELECT,
     * in one statement. Each row names its table (rollup_table) and has the day; the table's other columns are in
     * slots by their kind (text_1, number_1, ...), the slots a table does not use are null.
     */
    static final String TAIL;
    /** The column of the day in {@link #TAIL}; the first is rollup_table. */
    static final int TAIL_DAY = 1;
    /** By the value of rollup_table in a row of {@link #TAIL}. */
    static final Map<String, Layout> TAIL_LAYOUT = new HashMap<>();

    static {
        Map<Slot, Integer> slots = new EnumMap<>(Slot.class);
        for (RollupTable table : RollupTable.values()) {
            Map<Slot, Integer> used = new EnumMap<>(Slot.class);
            ownColumns(table).forEach(column -> used.merge(Slot.of(column), 1, Integer::sum));
            used.forEach((slot, count) -> slots.merge(slot, count, Math::max));
        }
        // the first column of each kind: after rollup_table and day
        Map<Slot, Integer> first = new EnumMap<>(Slot.class);
        int next = 2;
        for (Slot slot : Slot.values()) {
            first.put(slot, next);
            next += slots.getOrDefault(slot, 0);
        }
        List<String> branches = new ArrayList<>();
        for (RollupTable table : RollupTable.values()) {
            List<RollupTable.Column> columns = table.columns();
            int[] positions = new int[columns.size()];
            Arrays.fill(positions, -1);
            String[] select = new String[next];
            select[0] = "'" + table.table + "' AS rollup_table";
            select[TAIL_DAY] = "r.day";
            Map<Slot, Integer> taken = new EnumMap<>(Slot.class);
            for (int i = 0; i < columns.size(); i++) {
                RollupTable.Column column = columns.get(i);
                if (column.name().equals("day")) {
                    positions[i] = TAIL_DAY;
                } else if (!column.name().equals("company_id")) {
                    Slot slot = Slot.of(column);
                    int n = taken.merge(slot, 1, Integer::sum);
                    positions[i] = first.get(slot) + n - 1;
                    select[positions[i]] = "r." + column.name() + " AS " + slot.name().toLowerCase() + "_" + n;
                }
            }
            for (Slot slot : Slot.values()) {
                for (int n = taken.getOrDefault(slot, 0) + 1; n <= slots.getOrDefault(slot, 0); n++) {
                    select[first.get(slot) + n - 1] = "NULL::" + slot.type + " AS " + slot.name().toLowerCase() + "_" + n;
                }
            }
            branches.add("SELECT " + String.join(", ", select) + "\n  FROM (" + table.select("events", 0)
                    + ") r (" + table.columnList() + ")");
            TAIL_LAYOUT.put(table.table, new Layout(table, positions));
        }
        TAIL = TAIL_EVENTS + String.join("\nUNION ALL\n", branches);
    }

    private static List<RollupTable.Column> ownColumns(RollupTable table) {
        return table.columns().stream()
                .filter(column -> !column.name().equals("company_id") && !column.name().equals("day"))
                .toList();
    }
}
