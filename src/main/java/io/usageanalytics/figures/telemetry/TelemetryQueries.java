package io.usageanalytics.figures.telemetry;

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
import io.usageanalytics.rollup.table.Measure;
import io.usageanalytics.time.DateRange;

/** The telemetry counts of a company's range: rolled-up days plus the events not rolled up yet. */
@ApplicationScoped
public class TelemetryQueries {

    private record AssistantModule(String assistantId, String module) {
    }

    private static final Comparator<AssistantPrompts> MOST_PROMPTS = Comparator
            .comparingLong(AssistantPrompts::prompts).reversed()
            .thenComparing(AssistantPrompts::assistantId, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(AssistantPrompts::module, Comparator.nullsLast(Comparator.naturalOrder()));

    private final DayStore days;

    public TelemetryQueries(DayStore days) {
        this.days = days;
    }

    public Uni<TelemetryCounts> counts(Company company, DateRange range) {
        return days.forRequest(company).map(all -> {
            var of = all.in(range);
            Map<AssistantModule, long[]> prompts = new HashMap<>();
            for (Day day : of) {
                for (Day.Assistant a : day.assistants()) {
                    long[] sum = prompts.computeIfAbsent(new AssistantModule(a.assistantId(), a.module()),
                            k -> new long[1]);
                    sum[0] = Sums.add(sum[0], a.prompts());
                }
            }
            List<AssistantPrompts> byAssistant = new ArrayList<>();
            prompts.forEach((key, count) -> {
                if (count[0] > 0) {
                    byAssistant.add(new AssistantPrompts(key.assistantId(), key.module(), count[0]));
                }
            });
            byAssistant.sort(MOST_PROMPTS);
            return new TelemetryCounts(range,
                    all.distinctUsers(of),
                    all.sum(of, Measure.FILE_FOLDERS),
                    all.sum(of, Measure.GROUPS_CREATED),
                    all.sum(of, Measure.CHATS_CREATED),
                    all.sum(of, Measure.SPACES_CREATED),
                    all.sum(of, Measure.USER_MESSAGES),
                    all.sum(of, Measure.ASSISTANT_MESSAGES),
                    all.sum(of, Measure.POSITIVE_FEEDBACK),
                    all.sum(of, Measure.NEGATIVE_FEEDBACK),
                    byAssistant,
                    all.freshness(range));
        });
    }
}
