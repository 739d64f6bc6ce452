package io.usageanalytics.figures.teams;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

@Type("TeamFigures")
@Description("The figures of one row of a team breakdown: what the row's users did on the days they belonged to it.")
public record TeamFigures(
        @Description("The team; null for \"other teams\" and for the users in no team.") String teamId,
        @Description("Its name, as the directory last sent it.") String name,
        @Description("True for the row of the parent itself: the members of the parent team, without its sub-teams.") boolean ownMembersOnly,
        @Description("Users who belonged to it on a day of the range (users in no team: active on a day they belonged to none).") long members,
        @Description("Distinct users active in the range on a day they belonged to it.") long activeUsers,
        @Description("Users active on the range's last day.") long dau,
        @Description("Distinct users active in the 7 days ending on the range's last day.") long wau,
        @Description("Distinct users active in the 30 days ending on the range's last day.") long mau,
        @Description("Messages sent by its users.") long userMessages,
        @Description("Chats created.") long chats,
        @Description("Distinct projects used.") long projects,
        @Description("Artifacts created.") long artifacts,
        @Description("Distinct connectors used.") long connectors,
        @Description("Spend in USD micro-units; null where extra usage is not enabled.") Long spendMicros) {
}
