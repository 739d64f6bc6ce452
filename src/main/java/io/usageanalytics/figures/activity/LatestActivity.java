package io.usageanalytics.figures.activity;

import java.time.LocalDate;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;

@Description("Active users as of one day.")
public record LatestActivity(
        @NonNull @Description("The day: the last day of the range.") LocalDate day,
        @Description("Users active on that day.") long dau,
        @Description("Users active in the 7 days ending that day.") long wau,
        @Description("Users active in the 30 days ending that day.") long mau,
        @Description("Licensed seats of the company.") int seats,
        @Description("WAU / seats (0.25 is 25 %); null when the company has no seats.") Double utilisation) {
}
