package io.usageanalytics.figures.report;

import java.time.LocalDate;
import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;

@Description("What one user did over a range of the company's local days. The figures count all the user's activity "
        + "in the range (with a team filter too, not only while in the team).")
public record UserReportRow(
        @NonNull @Description("The user's pseudonymous id, as the client app sends it.") String userId,
        @NonNull @Description("The first company-local day the user was ever active (it may lie before the range).") LocalDate firstActiveDay,
        @NonNull @Description("The last day the user was active, up to the range's end.") LocalDate lastActiveDay,
        @Description("Days of the range on which the user was active.") int activeDays,
        @Description("Chats the user created.") long chatsCreated,
        @Description("Messages the user sent.") long userMessages,
        @Description("Assistant messages that name the user.") long assistantMessages,
        @Description("Distinct projects the user used.") int projectsUsed,
        @Description("Artifacts the user created.") long artifactsCreated,
        @Description("Distinct connectors the user used.") int connectorsUsed,
        @Description("Positive feedback the user gave.") long positiveFeedback,
        @Description("Negative feedback the user gave.") long negativeFeedback,
        @Description("The user's spend in USD micro-units; null where the company does not have extra usage enabled.") Long spendMicros,
        @NonNull @Description("The directory teams the user belonged to on the range's last day (directly, not through a "
                + "sub-team), ordered by id; empty for none.") List<@NonNull String> teamIds) {
}
