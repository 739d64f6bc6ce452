package io.usageanalytics.figures.days;

import java.time.Instant;
import java.time.OffsetDateTime;

import io.usageanalytics.rollup.table.RollupRow;
import io.usageanalytics.rollup.table.RollupTable;
import io.vertx.sqlclient.Row;

/** A row read from a rollup table, seen through its statement's {@link DaySql.Layout}. */
final class RowView implements RollupRow {

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

    @Override
    public long number(String column) {
        Long value = row.getLong(position(column));
        return value == null ? 0 : value;
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
