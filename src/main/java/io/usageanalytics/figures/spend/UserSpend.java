package io.usageanalytics.figures.spend;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;

@Description("Spend of one user.")
public record UserSpend(
        @NonNull @Description("The user's pseudonymous id.") String userId,
        @Description("Spend in USD micro-units.") long amountMicros) {
}
