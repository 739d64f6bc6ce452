package io.usageanalytics.figures.days;

import java.time.Instant;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;

@Description("How fresh an answer is.")
public record Freshness(
        @Description("When the newest event reflected in the answer was received; null when no event falls in the range.") Instant newestEventReceivedAt,
        @Description("How far the rollups have come: every event received before this instant is rolled up; later ones are added from the raw events. Null before the first rollup.") Instant rolledUpAt,
        @NonNull @Description("When the answer was computed. Every event acknowledged before this instant is reflected.") Instant computedAt) {
}
