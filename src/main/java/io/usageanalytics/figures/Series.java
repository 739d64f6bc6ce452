package io.usageanalytics.figures;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.usageanalytics.time.Period;

/** Turns values per period into points with their change; the first period only serves as the baseline. */
public final class Series {

    private Series() {
    }

    /** @param values value per period start; a period without a value counts as 0 */
    public static List<Point> of(List<Period> periods, Map<LocalDate, ? extends Number> values) {
        List<Point> points = new ArrayList<>(periods.size() - 1);
        double previous = value(values, periods.get(0));
        for (Period period : periods.subList(1, periods.size())) {
            double value = value(values, period);
            points.add(point(period, value, previous));
            previous = value;
        }
        return points;
    }

    /** For figures taken on a day (rolling windows, cumulative counts): the value on each period's last day. */
    public static List<Point> atPeriodEnds(List<Period> periods, Map<LocalDate, ? extends Number> valuesByDay) {
        Map<LocalDate, Number> byPeriod = new java.util.HashMap<>();
        periods.forEach(period -> {
            Number value = valuesByDay.get(period.to());
            if (value != null) {
                byPeriod.put(period.from(), value);
            }
        });
        return of(periods, byPeriod);
    }

    /** The last day of each period: where {@link #atPeriodEnds} takes its values. */
    public static List<LocalDate> ends(List<Period> periods) {
        return periods.stream().map(Period::to).toList();
    }

    static Point point(Period period, double value, double previous) {
        double change = value - previous;
        Double percent = previous == 0 ? null : Rounding.fourDecimals(change / previous * 100);
        return new Point(period.from(), period.to(), Rounding.fourDecimals(value), Rounding.fourDecimals(change), percent);
    }

    private static double value(Map<LocalDate, ? extends Number> values, Period period) {
        Number value = values.get(period.from());
        return value == null ? 0 : value.doubleValue();
    }
}
