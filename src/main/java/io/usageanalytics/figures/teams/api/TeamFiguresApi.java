package io.usageanalytics.figures.teams.api;

import org.eclipse.microprofile.graphql.DefaultValue;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Source;

import io.smallrye.mutiny.Uni;
import io.usageanalytics.company.Company;
import io.usageanalytics.error.ApiException;
import io.usageanalytics.error.ErrorCode;
import io.usageanalytics.figures.Ranges;
import io.usageanalytics.figures.teams.BreakdownQueries;
import io.usageanalytics.figures.teams.TeamBreakdown;
import io.usageanalytics.figures.teams.TeamQueries;
import io.usageanalytics.time.DateRange;

/**
 * A team's figures are the company's figures seen through the team: {@code company(id:) { team(id:) { ... } }}
 * answers every figure field of Company, counting what the team's members did on the days they belonged to it.
 */
@GraphQLApi
public class TeamFiguresApi {

    private final TeamQueries queries;
    private final BreakdownQueries breakdowns;
    private final Ranges ranges;

    public TeamFiguresApi(TeamQueries queries, BreakdownQueries breakdowns, Ranges ranges) {
        this.queries = queries;
        this.breakdowns = breakdowns;
        this.ranges = ranges;
    }

    @Name("teamBreakdown")
    @Description("The figures of the teams of one level of the company's directory over a range: the top-level "
            + "teams (with their sub-teams) and the users in no team, or the teams below parentId and the parent's "
            + "own members. A row with fewer members than the company's minimum team size is part of otherTeams, "
            + "and so are the smallest rows when otherTeams would otherwise be that small (docs/teams.md).")
    public Uni<@NonNull TeamBreakdown> teamBreakdown(@Source Company company, @NonNull @Name("range") DateRange range,
            @Name("parentId") @Description("The team whose sub-teams to break down; null: the top level.") String parentId) {
        if (company.scope != null) {
            throw new ApiException(ErrorCode.BAD_USER_INPUT, "teamBreakdown is a field of a company, not of a team");
        }
        return breakdowns.breakdown(company, ranges.checked(company, range), parentId);
    }

    @Name("team")
    @Description("The company's figures for one team of its directory (and its sub-teams when asked): every figure "
            + "field of Company counts what the team's members did on the days they belonged to it. A figure over a "
            + "range in which the team is not shown on its own (the company's minimum team size) answers "
            + "BELOW_MINIMUM_GROUP_SIZE. Seats are the team's members today. NOT_FOUND for a team the directory never "
            + "listed.")
    public Uni<Company> team(@Source Company company, @NonNull @Name("id") String id,
            @Name("withSubTeams") @DefaultValue("false") @Description("Also count the teams below it.") boolean withSubTeams) {
        if (company.scope != null) {
            throw new ApiException(ErrorCode.BAD_USER_INPUT, "team(...) is a field of a company, not of a team");
        }
        return queries.teams(company).map(teams -> {
            teams.requireTeam(id);
            return teams.scope(company, id, withSubTeams);
        });
    }
}
