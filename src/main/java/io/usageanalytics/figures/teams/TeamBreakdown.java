package io.usageanalytics.figures.teams;

import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

import io.usageanalytics.time.DateRange;

@Type("TeamBreakdown")
@Description("The figures of the teams of one level of the company's directory over a range, with the company's "
        + "minimum team size applied (docs/teams.md).")
public record TeamBreakdown(
        @NonNull @Description("The days counted, in the company's time zone.") DateRange range,
        @Description("The parent whose teams these are; null for the top level.") String parentId,
        @Description("The company's minimum team size k.") int minTeamSize,
        @NonNull @Description("The rows shown on their own, ordered by team id: each team with its sub-teams, and the parent's own members.") List<@NonNull TeamFigures> teams,
        @Description("The users in no team (top level only); null when they are too few to be shown on their own (then in otherTeams) or none.") TeamFigures noTeam,
        @Description("The rows not shown on their own, together; null when there are none, or when together they are still fewer than k.") TeamFigures otherTeams,
        @NonNull @Description("The ids of the teams in otherTeams (\"\" for the users in no team).") List<@NonNull String> mergedTeams) {
}
