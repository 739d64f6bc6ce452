package io.usageanalytics.figures.telemetry;

import org.eclipse.microprofile.graphql.Description;

@Description("User prompts (user messages) sent to one assistant in one module.")
public record AssistantPrompts(
        @Description("The assistant; null for prompts sent without one.") String assistantId,
        @Description("The module; null for prompts sent without one.") String module,
        @Description("Number of user messages.") long prompts) {
}
