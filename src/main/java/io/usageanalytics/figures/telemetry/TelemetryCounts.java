package io.usageanalytics.figures.telemetry;

import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;

import io.usageanalytics.figures.days.Freshness;
import io.usageanalytics.time.DateRange;

@Description("The telemetry counts of one company over a range of its local days.")
public record TelemetryCounts(
        @NonNull @Description("The days counted, in the company's time zone.") DateRange range,
        @Description("Distinct users active in the range (exact, not a sum of daily counts).") long users,
        @Description("File folders created (projects, domains and other kinds).") long fileFolders,
        @Description("User groups created.") long groups,
        @Description("Chats created.") long chats,
        @Description("Spaces created.") long spaces,
        @Description("Messages sent by users.") long userMessages,
        @Description("Messages sent by assistants.") long assistantMessages,
        @Description("Positive feedback given.") long positiveFeedback,
        @Description("Negative feedback given.") long negativeFeedback,
        @NonNull @Description("User prompts per assistant and module, most prompts first.") List<@NonNull AssistantPrompts> promptsByAssistant,
        @NonNull @Description("How fresh these counts are.") Freshness freshness) {
}
