package io.usageanalytics.figures.days;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;

import io.usageanalytics.rollup.table.RollupRow;
import io.usageanalytics.rollup.table.RollupTable;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.data.Numeric;

/** A row of a load's statement seen as a row of a rollup table, through the statement's {@link DaySql.Layout}. */
final class RowView implements RollupRow {

    private static final BigDecimal MAX = BigDecimal.valueOf(Long.MAX_VALUE);

    private Row row;
    private RollupTable table;
    private int[] positions;

    /** This view on another row; one view serves every row of a statement, one after the other. */
    RowView of(Row row, DaySql.Layout layout) {
        this.row = row;
        this.table = layout.table();
        this.positions = layout.positions();
        return this;
    }

    private int position(String column) {
        return positions[table.indexOf(column)];
    }

    @Override
    public String text(String column) {
        return row.getString(position(column));
    }

    /** Sums of bigint columns over the events not rolled up are numeric: one beyond a long is out of range. */
    @Override
    public long number(String column) {
        Object value = row.getValue(position(column));
        if (value == null) {
            return 0;
        }
        if (value instanceof Long number) {
            return number;
        }
        if (value instanceof Numeric numeric) {
            BigDecimal decimal = numeric.bigDecimalValue();
            return decimal.compareTo(MAX) > 0 ? OUT_OF_RANGE : decimal.longValueExact();
        }
        return ((Number) value).longValue();
    }

    @Override
    public boolean flag(String column) {
        return Boolean.TRUE.equals(row.getBoolean(position(column)));
    }

    @Override
    public Instant instant(String column) {
        OffsetDateTime at = row.getOffsetDateTime(position(column));
        return at == null ? null : at.toInstant();
    }
}
