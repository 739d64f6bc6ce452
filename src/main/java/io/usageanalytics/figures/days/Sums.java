package io.usageanalytics.figures.days;

import io.usageanalytics.error.ApiException;
import io.usageanalytics.rollup.table.RollupRow;

/**
 * Adding counts and amounts without wrapping around. Every figure here is
 * non-negative, so a day's sum that does not fit is kept as {@link #OUT_OF_RANGE}
 * while the day is built (the other figures of that day stay usable), and any
 * figure that adds it, or overflows itself, fails with FIGURE_OUT_OF_RANGE.
 */
public final class Sums {

    /** A day's sum beyond Long.MAX_VALUE; never a real value (figures are never negative). */
    static final long OUT_OF_RANGE = RollupRow.OUT_OF_RANGE;

    private Sums() {
    }

    /** For building days: an overflow, or a part out of range, gives OUT_OF_RANGE. */
    static long saturated(long a, long b) {
        if (a < 0 || b < 0) {
            return OUT_OF_RANGE;
        }
        long sum = a + b;
        return sum < 0 ? OUT_OF_RANGE : sum;
    }

    /** For figures: the exact sum, or FIGURE_OUT_OF_RANGE. */
    public static long add(long a, long b) {
        if (a < 0 || b < 0) {
            throw ApiException.figureOutOfRange();
        }
        try {
            return Math.addExact(a, b);
        } catch (ArithmeticException e) {
            throw ApiException.figureOutOfRange();
        }
    }
}
