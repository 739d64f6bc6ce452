package io.usageanalytics.figures.feedback;

import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;

import io.usageanalytics.figures.days.Freshness;
import io.usageanalytics.time.DateRange;

@Description("Feedback over a range of the company's local days.")
public record FeedbackSummary(
        @NonNull @Description("The days covered.") DateRange range,
        @NonNull @Description("All feedback of the range.") FeedbackCount overall,
        @NonNull @Description("Feedback per assistant, most feedback first (ties by assistant id).") List<@NonNull FeedbackCount> byAssistant,
        @NonNull @Description("How fresh these figures are.") Freshness freshness) {
}
