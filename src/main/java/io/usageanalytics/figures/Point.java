package io.usageanalytics.figures;

import java.time.LocalDate;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;

@Description("One point of a series: the value over its days and the change against the point before. "
        + "The first point is compared with the whole period before the range.")
public record Point(
        @NonNull @Description("First day the point covers.") LocalDate from,
        @NonNull @Description("Last day the point covers. Points at the ends of the range may cover part of a week or month.") LocalDate to,
        @Description("The value.") double value,
        @Description("value minus the previous point's value.") double change,
        @Description("change as a percentage of the previous point's value; null when that value is 0.") Double changePercent) {
}
