package io.usageanalytics.rollup.table;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
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
    public record Rows(List<Object[]> values, long rows) {
    }

    private StoredRows() {
    }

    /** The insert of one stored row of {@code table}: every column of {@link RollupTable#columns()}, in order. */
    public static String insert(RollupTable table) {
        int columns = table.columns().size();
        return "INSERT INTO " + table.stored + " (" + table.columnList() + ") VALUES ("
                + IntStream.rangeClosed(1, columns).mapToObj(i -> "$" + i).collect(Collectors.joining(", ")) + ")";
    }

    /**
     * The stored rows of {@code rows}, the rows of company {@code companyId}'s events, by table; {@code run} for
     * rollup_run.
     *
     * @throws OutOfRange when a sum is beyond bigint
     */
    public static Map<RollupTable, Rows> of(String companyId, TailRows rows, long run) {
        Map<RollupTable, Map<LocalDate, List<RollupRow>>> byDay = new EnumMap<>(RollupTable.class);
        rows.forEach((table, day, row) -> byDay.computeIfAbsent(table, t -> new LinkedHashMap<>())
                .computeIfAbsent(day, d -> new ArrayList<>()).add(row));
        Map<RollupTable, Rows> stored = new EnumMap<>(RollupTable.class);
        byDay.forEach((table, days) -> {
            List<Object[]> values = new ArrayList<>(days.size());
            long count = 0;
            for (Map.Entry<LocalDate, List<RollupRow>> day : days.entrySet()) {
                values.add(stored(table, companyId, day.getKey(), day.getValue(), run));
                count += day.getValue().size();
            }
            stored.put(table, new Rows(values, count));
        });
        return stored;
    }

    /** One stored row: company_id, day, then each column's value, or its values as an array when packed. */
    private static Object[] stored(RollupTable table, String companyId, LocalDate day, List<RollupRow> rows,
            long run) {
        List<RollupTable.Column> columns = table.columns();
        Object[] values = new Object[columns.size()];
        values[0] = companyId;
        values[1] = day;
        int keys = table.keys.size();
        for (int c = 2; c < values.length; c++) {
            String column = columns.get(c).name();
            RollupTable.Aggregate.Kind kind = c - 2 < keys ? null : table.aggregates.get(c - 2 - keys).kind();
            Object[] elements = kind == null ? new String[rows.size()] : switch (kind) {
                case COUNT, SUM, RUN -> new Long[rows.size()];
                case NEWEST -> new OffsetDateTime[rows.size()];
                case ANY_OF_TYPE -> new Boolean[rows.size()];
            };
            for (int r = 0; r < rows.size(); r++) {
                elements[r] = value(table, kind, column, rows.get(r), run);
            }
            values[c] = table.packed ? elements : elements[0];
        }
        return values;
    }

    private static Object value(RollupTable table, RollupTable.Aggregate.Kind kind, String column, RollupRow row,
            long run) {
        if (kind == null) {
            return row.text(column);
        }
        return switch (kind) {
            case COUNT, SUM -> {
                long number = row.number(column);
                if (number == RollupRow.OUT_OF_RANGE) {
                    throw new OutOfRange(table, column);
                }
                yield number;
            }
            case RUN -> run;
            case NEWEST -> {
                var at = row.instant(column);
                yield at == null ? null : at.atOffset(ZoneOffset.UTC);
            }
            case ANY_OF_TYPE -> row.flag(column);
        };
    }
}
