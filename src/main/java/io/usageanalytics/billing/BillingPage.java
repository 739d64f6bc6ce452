package io.usageanalytics.billing;

import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;

@Description("One page of the billing report, by month, then company id.")
public record BillingPage(
        @NonNull @Description("The lines of this page.") List<@NonNull BillingLine> lines,
        @Description("Pass as 'after' to get the next page; null on the last page.") String nextCursor,
        @Description("Whether more lines follow.") boolean hasNextPage) {
}
