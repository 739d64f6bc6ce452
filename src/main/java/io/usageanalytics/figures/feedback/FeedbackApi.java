package io.usageanalytics.figures.feedback;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Source;

import io.smallrye.mutiny.Uni;
import io.usageanalytics.company.Company;
import io.usageanalytics.figures.FiguresConfig;
import io.usageanalytics.figures.days.Day;
import io.usageanalytics.figures.days.DayStore;
import io.usageanalytics.figures.days.Sums;
import io.usageanalytics.time.DateRange;

@GraphQLApi
public class FeedbackApi {

    private static final Comparator<FeedbackCount> MOST_FEEDBACK = Comparator
            .comparingLong((FeedbackCount f) -> f.positive() + f.negative()).reversed()
            .thenComparing(FeedbackCount::assistantId, Comparator.nullsLast(Comparator.naturalOrder()));

    private final DayStore days;
    private final FiguresConfig config;

    public FeedbackApi(DayStore days, FiguresConfig config) {
        this.days = days;
        this.config = config;
    }

    @Name("feedback")
    @Description("Positive and negative feedback over a range of the company's local days, overall and per assistant.")
    public Uni<@NonNull FeedbackSummary> feedback(@Source Company company, @NonNull @Name("range") DateRange range) {
        DateRange asked = range.validated(config.maxRangeDays());
        return days.forRequest(company).map(all -> {
            Map<String, long[]> byAssistant = new HashMap<>();
            for (Day day : all.in(asked)) {
                day.assistants().forEach(a -> {
                    long[] sums = byAssistant.computeIfAbsent(a.assistantId(), k -> new long[2]);
                    sums[0] = Sums.add(sums[0], a.positiveFeedback());
                    sums[1] = Sums.add(sums[1], a.negativeFeedback());
                });
            }
            List<FeedbackCount> assistants = new ArrayList<>();
            byAssistant.forEach((assistant, sums) -> {
                if (sums[0] + sums[1] > 0) {
                    assistants.add(FeedbackCount.of(assistant, sums[0], sums[1]));
                }
            });
            assistants.sort(MOST_FEEDBACK);
            long positive = assistants.stream().mapToLong(FeedbackCount::positive).reduce(0, Sums::add);
            long negative = assistants.stream().mapToLong(FeedbackCount::negative).reduce(0, Sums::add);
            return new FeedbackSummary(asked, FeedbackCount.of(null, positive, negative), assistants,
                    all.freshness(asked));
        });
    }
}
