package io.usageanalytics.figures.adoption.api;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.eclipse.microprofile.graphql.DefaultValue;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Source;

import io.smallrye.mutiny.Uni;
import io.usageanalytics.access.CompanyAccess;
import io.usageanalytics.company.Company;
import io.usageanalytics.error.ApiException;
import io.usageanalytics.error.ErrorCode;
import io.usageanalytics.figures.FreshnessQuery;
import io.usageanalytics.figures.Point;
import io.usageanalytics.figures.Ranges;
import io.usageanalytics.figures.Series;
import io.usageanalytics.figures.UserCount;
import io.usageanalytics.figures.adoption.AdoptionQueries;
import io.usageanalytics.figures.adoption.FeatureAdoption;
import io.usageanalytics.figures.days.Freshness;
import io.usageanalytics.figures.days.KeyUsers;
import io.usageanalytics.time.DateRange;
import io.usageanalytics.time.Granularity;
import io.usageanalytics.time.Period;

@GraphQLApi
public class AdoptionApi {

    static final int TOP_USERS = 10;
    static final int MAX_LIMIT = 100;

    private final AdoptionQueries queries;
    private final FreshnessQuery freshness;
    private final CompanyAccess access;
    private final Ranges ranges;

    public AdoptionApi(AdoptionQueries queries, FreshnessQuery freshness, CompanyAccess access, Ranges ranges) {
        this.queries = queries;
        this.freshness = freshness;
        this.access = access;
        this.ranges = ranges;
    }

    @Name("adoption")
    @Description("Feature adoption over a range of the company's local days.")
    public @NonNull FeatureAdoption adoption(@Source Company company, @NonNull @Name("range") DateRange range,
            @Name("granularity") @DefaultValue("DAY") Granularity granularity) {
        return new FeatureAdoption(company, ranges.checked(company, range), granularity);
    }

    @Name("chatsCreated")
    @Description("Chats created per period.")
    public Uni<@NonNull List<@NonNull Point>> chatsCreated(@Source FeatureAdoption adoption) {
        return created(adoption, AdoptionQueries.Created::chats);
    }

    @Name("projectsCreated")
    @Description("Projects (folders of kind PROJECT) created per period.")
    public Uni<@NonNull List<@NonNull Point>> projectsCreated(@Source FeatureAdoption adoption) {
        return created(adoption, AdoptionQueries.Created::projects);
    }

    @Name("artifactsCreated")
    @Description("Artifacts created per period.")
    public Uni<@NonNull List<@NonNull Point>> artifactsCreated(@Source FeatureAdoption adoption) {
        return created(adoption, AdoptionQueries.Created::artifacts);
    }

    @Name("averageMessagesPerChat")
    @Description("(User + assistant messages) / distinct chats with at least one message, per period; 0 without chats.")
    public Uni<@NonNull List<@NonNull Point>> averageMessagesPerChat(@Source FeatureAdoption adoption) {
        List<Period> periods = adoption.periods();
        return queries.chatMessages(adoption.company(), periods).map(values -> Series.of(periods,
                values.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                        e -> e.getValue().chats() == 0 ? 0.0 : (double) e.getValue().messages() / e.getValue().chats()))));
    }

    @Name("usersWithProject")
    @Description("Users who have created at least one project, ever, by the last day of each period.")
    public Uni<@NonNull List<@NonNull Point>> usersWithProject(@Source FeatureAdoption adoption) {
        return usersEver(adoption, true);
    }

    @Name("usersWithArtifact")
    @Description("Users who have created at least one artifact, ever, by the last day of each period.")
    public Uni<@NonNull List<@NonNull Point>> usersWithArtifact(@Source FeatureAdoption adoption) {
        return usersEver(adoption, false);
    }

    @Name("topUsersByProjectsUsed")
    @Description("The 10 users who used the most distinct projects in the range (ties by user id). Owners and partners only, and not in works-council mode (PER_PERSON_VIEWS_OFF).")
    public Uni<@NonNull List<@NonNull UserCount>> topUsersByProjectsUsed(@Source FeatureAdoption adoption) {
        access.requireUserRows(adoption.company());
        return queries.topProjectUsers(adoption.company(), adoption.range(), TOP_USERS);
    }

    @Name("topUsersByArtifacts")
    @Description("The 10 users who created the most artifacts in the range (ties by user id). Owners and partners only, and not in works-council mode (PER_PERSON_VIEWS_OFF).")
    public Uni<@NonNull List<@NonNull UserCount>> topUsersByArtifacts(@Source FeatureAdoption adoption) {
        access.requireUserRows(adoption.company());
        return queries.topArtifactUsers(adoption.company(), adoption.range(), TOP_USERS);
    }

    @Name("topConnectors")
    @Description("Connectors by distinct users in the range, most used first (ties by name).")
    public Uni<@NonNull List<@NonNull KeyUsers>> topConnectors(@Source FeatureAdoption adoption,
            @Name("limit") @DefaultValue("10") @Description("At most this many connectors, 1-100.") Integer limit) {
        // an explicit null (GraphQL passes it instead of the default) asks for the default
        int top = limit == null ? 10 : limit;
        if (top < 1 || top > MAX_LIMIT) {
            throw new ApiException(ErrorCode.BAD_USER_INPUT,
                    "limit must be between 1 and " + MAX_LIMIT + ", not " + top);
        }
        return queries.topConnectors(adoption.company(), adoption.range(), top);
    }

    @Name("freshness")
    @Description("How fresh these figures are.")
    public Uni<@NonNull Freshness> freshness(@Source FeatureAdoption adoption) {
        return freshness.of(adoption.company(), adoption.range());
    }

    private Uni<List<Point>> created(FeatureAdoption adoption,
            java.util.function.Function<AdoptionQueries.Created, Long> figure) {
        List<Period> periods = adoption.periods();
        return queries.created(adoption.company(), periods).map(values -> Series.of(periods,
                values.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> figure.apply(e.getValue())))));
    }

    private Uni<List<Point>> usersEver(FeatureAdoption adoption, boolean projects) {
        List<Period> periods = adoption.periods();
        return queries.usersEver(adoption.company(), projects, Series.ends(periods))
                .map(values -> Series.atPeriodEnds(periods, values));
    }
}
