package io.usageanalytics.rollup.table;

import java.time.Instant;

/**
 * One row of a rollup table, or of its SELECT over events not rolled up yet,
 * read by column name (a column of {@link RollupTable#columns()}).
 */
public interface RollupRow {

    /** What {@link #number} gives for a sum beyond a long; never a real value, every figure is non-negative. */
    long OUT_OF_RANGE = -1;

    String text(String column);

    /** The number, 0 for null, {@link #OUT_OF_RANGE} for a sum beyond a long. */
    long number(String column);

    boolean flag(String column);

    Instant instant(String column);
}
