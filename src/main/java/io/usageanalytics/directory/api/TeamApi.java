package io.usageanalytics.directory.api;

import java.util.List;

import org.eclipse.microprofile.graphql.DefaultValue;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Source;

import io.smallrye.mutiny.Uni;
import io.usageanalytics.company.Company;
import io.usageanalytics.directory.Team;
import io.usageanalytics.directory.TeamList;

/** The company's teams: its organisation, not usage, so every role that reads the company sees them. */
@GraphQLApi
public class TeamApi {

    private final TeamList queries;

    public TeamApi(TeamList queries) {
        this.queries = queries;
    }

    @Name("teams")
    @Description("The company's teams as its directory sync sent them, ordered by id.")
    public Uni<List<@NonNull Team>> teams(@Source Company company,
            @Name("withRemoved") @DefaultValue("false")
            @Description("Also the teams the directory no longer lists.") boolean withRemoved) {
        return queries.teams(company, withRemoved);
    }
}
