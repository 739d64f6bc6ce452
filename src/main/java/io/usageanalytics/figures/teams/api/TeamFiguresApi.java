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
import io.usageanalytics.figures.teams.TeamQueries;

/**
 * A team's figures are the company's figures seen through the team: {@code company(id:) { team(id:) { ... } }}
 * answers every figure field of Company, counting what the team's members did on the days they belonged to it.
 */
@GraphQLApi
public class TeamFiguresApi {

    private final TeamQueries queries;

    public TeamFiguresApi(TeamQueries queries) {
        this.queries = queries;
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
            if (teams.directory().team(id) == null) {
                throw new ApiException(ErrorCode.NOT_FOUND,
                        "No team with id '" + ApiException.shorten(id) + "' in company '" + company.id + "'");
            }
            return teams.scope(company, id, withSubTeams);
        });
    }
}
