package io.usageanalytics.figures;

/** Figures that are not whole numbers (averages, changes, shares) are given to four decimals. */
public final class Rounding {

    private Rounding() {
    }

    public static double fourDecimals(double value) {
        return Math.round(value * 10_000) / 10_000.0;
    }

    /** {@code part / whole} to four decimals; null when {@code whole} is 0. */
    public static Double share(long part, long whole) {
        return whole == 0 ? null : Math.round(part * 10_000.0 / whole) / 10_000.0;
    }
}
