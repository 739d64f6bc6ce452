package io.usageanalytics.figures.feedback;

import org.eclipse.microprofile.graphql.Description;

import io.usageanalytics.figures.Rounding;

@Description("Positive and negative feedback, overall or for one assistant.")
public record FeedbackCount(
        @Description("The assistant; null overall, or for feedback given without one.") String assistantId,
        @Description("Positive feedback given.") long positive,
        @Description("Negative feedback given.") long negative,
        @Description("positive / (positive + negative), 0.8 is 80 %; null without feedback.") Double sharePositive) {

    public static FeedbackCount of(String assistantId, long positive, long negative) {
        long all = positive + negative;
        return new FeedbackCount(assistantId, positive, negative,
                Rounding.share(positive, all));
    }
}
