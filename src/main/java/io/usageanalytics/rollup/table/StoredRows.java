package io.usageanalytics.rollup.table;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The rows of {@link TailRows} as the rollup tables store them (V12), for the rollup job to insert: per table and
 * company-day one stored row, the values of {@link #insert}. A table without a key stores its row as it is; a
 * packed table stores every column but company_id and day as an array, one element per row of the day, at the
 * same position in every array.
 */
public final class StoredRows {

    /** A sum beyond bigint: the company's rows cannot be stored, as PostgreSQL refuses such a sum. */
    public static final class OutOfRange extends RuntimeException {

        OutOfRange(RollupTable table, String column) {
            super("bigint out of range (" + table.table + "." + column + ")", null, false, false);
        }
    }

    /** The rows to store of one table: each {@link #insert}'s values, and how many of the table's rows they hold. */
    public record Batch(List<Object[]> values, long rows) {
    }

    private static final Map<RollupTable, String> INSERTS = new EnumMap<>(RollupTable.class);

    static {
        for (RollupTable table : RollupTable.values()) {
            INSERTS.put(table, "INSERT INTO " + table.stored + " (" + table.columnList() + ") VALUES ("
                    + IntStream.rangeClosed(1, table.columns().size()).mapToObj(i -> "$" + i)
                            .collect(Collectors.joining(", ")) + ")");
        }
    }

    private StoredRows() {
    }

    /** The insert of one stored row of {@code table}: every column of {@link RollupTable#columns()}, in order. */
    public static String insert(RollupTable table) {
        return INSERTS.get(table);
    }

    /**
     * The stored rows of {@code rows}, the rows of company {@code companyId}'s events, by table; {@code run} for
     * rollup_run.
     *
     * @throws OutOfRange when a sum is beyond bigint
     */
    public static Map<RollupTable, Batch> of(String companyId, TailRows rows, long run) {
        Map<RollupTable, Batch> stored = new EnumMap<>(RollupTable.class);
        for (RollupTable table : RollupTable.values()) {
            Map<LocalDate, List<TailRows.Group>> days = new HashMap<>();
            for (TailRows.Group group : rows.rows(table)) {
                days.computeIfAbsent(group.day(), d -> new ArrayList<>()).add(group);
            }
            if (days.isEmpty()) {
                continue;
            }
            List<Object[]> values = new ArrayList<>(days.size());
            long count = 0;
            for (Map.Entry<LocalDate, List<TailRows.Group>> day : days.entrySet()) {
                values.add(stored(table, companyId, day.getKey(), day.getValue(), run));
                count += day.getValue().size();
            }
            stored.put(table, new Batch(values, count));
        }
        return stored;
    }

    /** One stored row: company_id, day, then each column's value, or its values as an array when packed. */
    private static Object[] stored(RollupTable table, String companyId, LocalDate day, List<TailRows.Group> rows,
            long run) {
        int keys = table.keys.size();
        Object[] values = new Object[2 + keys + table.aggregates.size()];
        values[0] = companyId;
        values[1] = day;
        int n = rows.size();
        for (int k = 0; k < keys; k++) {
            String[] elements = new String[n];
            for (int r = 0; r < n; r++) {
                elements[r] = rows.get(r).key(k);
            }
            values[2 + k] = table.packed ? elements : elements[0];
        }
        for (int a = 0; a < table.aggregates.size(); a++) {
            Object[] elements = switch (table.aggregates.get(a).kind()) {
                case COUNT, SUM, RUN -> new Long[n];
                case NEWEST -> new OffsetDateTime[n];
                case ANY_OF_TYPE -> new Boolean[n];
            };
            for (int r = 0; r < n; r++) {
                elements[r] = value(table, a, rows.get(r), run);
            }
            values[2 + keys + a] = table.packed ? elements : elements[0];
        }
        return values;
    }

    private static Object value(RollupTable table, int aggregate, TailRows.Group row, long run) {
        return switch (table.aggregates.get(aggregate).kind()) {
            case COUNT, SUM -> {
                long number = row.number(aggregate);
                if (number == RollupRow.OUT_OF_RANGE) {
                    throw new OutOfRange(table, table.aggregates.get(aggregate).column());
                }
                yield number;
            }
            case RUN -> run;
            case NEWEST -> {
                Instant at = row.instant(aggregate);
                yield at == null ? null : at.atOffset(ZoneOffset.UTC);
            }
            case ANY_OF_TYPE -> row.number(aggregate) != 0;
        };
    }
}
