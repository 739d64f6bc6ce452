package io.usageanalytics.figures.report;

import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;

import io.usageanalytics.figures.days.Freshness;

@Description("One page of the per-user report: the users active in the range, in the order asked for.")
public record UserReportPage(
        @NonNull @Description("The users of this page.") List<@NonNull UserReportRow> users,
        @Description("Users on all pages together.") int totalUsers,
        @Description("Pass as 'after' to get the next page; null on the last page.") String nextCursor,
        @Description("Whether more users follow.") boolean hasNextPage,
        @NonNull @Description("How fresh the report is.") Freshness freshness) {
}
