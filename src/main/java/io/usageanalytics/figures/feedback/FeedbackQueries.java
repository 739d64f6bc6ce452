package io.usageanalytics.figures.feedback;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.usageanalytics.company.Company;
import io.usageanalytics.figures.days.Day;
import io.usageanalytics.figures.days.DayStore;
import io.usageanalytics.figures.days.Sums;
import io.usageanalytics.time.DateRange;

/** Feedback over a company's range, overall and per assistant: from its days. */
@ApplicationScoped
public class FeedbackQueries {

    private static final Comparator<FeedbackCount> MOST_FEEDBACK = Comparator
            .comparingLong((FeedbackCount f) -> f.positive() + f.negative()).reversed()
            .thenComparing(FeedbackCount::assistantId, Comparator.nullsLast(Comparator.naturalOrder()));

    private final DayStore days;

    public FeedbackQueries(DayStore days) {
        this.days = days;
    }

    public Uni<FeedbackSummary> summary(Company company, DateRange range) {
        return days.forRequest(company).map(all -> {
            Map<String, long[]> byAssistant = new HashMap<>();
            for (Day day : all.in(range)) {
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
            return new FeedbackSummary(range, FeedbackCount.of(null, positive, negative), assistants,
                    all.freshness(range));
        });
    }
}
