package io.usageanalytics.figures.spend;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;

@Description("Spend on one model.")
public record ModelSpend(
        @NonNull @Description("The model.") String model,
        @Description("Spend in USD micro-units.") long amountMicros) {
}
