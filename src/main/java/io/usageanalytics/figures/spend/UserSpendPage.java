package io.usageanalytics.figures.spend;

import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;

@Description("One page of spend per user, highest spend first (ties by user id).")
public record UserSpendPage(
        @NonNull @Description("The users of this page.") List<@NonNull UserSpend> users,
        @Description("Pass as 'after' to get the next page; null on the last page.") String nextCursor,
        @Description("Whether more users follow.") boolean hasNextPage) {
}
