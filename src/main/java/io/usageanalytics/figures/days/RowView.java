package io.usageanalytics.figures.days;

import java.time.Instant;
import java.time.OffsetDateTime;

import io.usageanalytics.rollup.table.RollupRow;
import io.usageanalytics.rollup.table.RollupTable;
import io.vertx.sqlclient.Row;

/**
 * A row read from a rollup table, seen through its statement's {@link DaySql.Layout}: the row itself, or one
 * element of a packed row's arrays.
 */
final class RowView implements RollupRow {

    private Row row;
    private RollupTable table;
    private int[] positions;
    private boolean packed;
    private int day;
    private int element;

    /**
     * This view on another row, or on its {@code element}-th row when the layout is packed; one view serves every
     * row of a statement, one after the other.
     */
    RowView of(Row row, DaySql.Layout layout, int element) {
        this.row = row;
        this.table = layout.table();
        this.positions = layout.positions();
        this.packed = layout.packed();
        this.day = layout.day();
        this.element = element;
        return this;
    }

    private Object value(String column) {
        int position = positions[table.indexOf(column)];
        Object value = row.getValue(position);
        return packed && position != day ? ((Object[]) value)[element] : value;
    }

    @Override
    public String text(String column) {
        return (String) value(column);
    }

    @Override
    public long number(String column) {
        Object value = value(column);
        return value == null ? 0 : ((Number) value).longValue();
    }

    @Override
    public boolean flag(String column) {
        return Boolean.TRUE.equals(value(column));
    }

    @Override
    public Instant instant(String column) {
        OffsetDateTime at = (OffsetDateTime) value(column);
        return at == null ? null : at.toInstant();
    }
}
