package io.usageanalytics.figures.activity.api;

import java.time.LocalDate;
import java.util.List;

import org.eclipse.microprofile.graphql.DefaultValue;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Source;

import io.smallrye.mutiny.Uni;
import io.usageanalytics.company.Company;
import io.usageanalytics.figures.FreshnessQuery;
import io.usageanalytics.figures.Point;
import io.usageanalytics.figures.Ranges;
import io.usageanalytics.figures.Rounding;
import io.usageanalytics.figures.Series;
import io.usageanalytics.figures.activity.ActivityQueries;
import io.usageanalytics.figures.activity.LatestActivity;
import io.usageanalytics.figures.activity.UserActivity;
import io.usageanalytics.figures.days.Freshness;
import io.usageanalytics.figures.days.KeyUsers;
import io.usageanalytics.time.DateRange;
import io.usageanalytics.time.Granularity;
import io.usageanalytics.time.Period;

@GraphQLApi
public class ActivityApi {

    static final int WEEK = 7;
    static final int MONTH = 30;

    private final ActivityQueries queries;
    private final FreshnessQuery freshness;
    private final Ranges ranges;

    public ActivityApi(ActivityQueries queries, FreshnessQuery freshness, Ranges ranges) {
        this.queries = queries;
        this.freshness = freshness;
        this.ranges = ranges;
    }

    @Name("activity")
    @Description("User activity over a range of the company's local days.")
    public @NonNull UserActivity activity(@Source Company company, @NonNull @Name("range") DateRange range,
            @Name("granularity") @DefaultValue("DAY") Granularity granularity) {
        return new UserActivity(company, ranges.checked(company, range), granularity);
    }

    @Name("activeUsers")
    @Description("Distinct users active in each period (for DAY the same as dau).")
    public Uni<@NonNull List<@NonNull Point>> activeUsers(@Source UserActivity activity) {
        List<Period> periods = activity.periods();
        return queries.activeUsers(activity.company(), periods).map(values -> Series.of(periods, values));
    }

    @Name("dau")
    @Description("Daily active users on the last day of each period.")
    public Uni<@NonNull List<@NonNull Point>> dau(@Source UserActivity activity) {
        return rolling(activity, 1);
    }

    @Name("wau")
    @Description("Weekly active users (the 7 days ending on the last day of each period).")
    public Uni<@NonNull List<@NonNull Point>> wau(@Source UserActivity activity) {
        return rolling(activity, WEEK);
    }

    @Name("mau")
    @Description("Monthly active users (the 30 days ending on the last day of each period).")
    public Uni<@NonNull List<@NonNull Point>> mau(@Source UserActivity activity) {
        return rolling(activity, MONTH);
    }

    @Name("latest")
    @Description("DAU, WAU, MAU and utilisation on the last day of the range.")
    public Uni<@NonNull LatestActivity> latest(@Source UserActivity activity) {
        Company company = activity.company();
        LocalDate day = activity.range().to();
        List<LocalDate> days = List.of(day);
        return Uni.combine().all()
                .unis(queries.activeInWindow(company, days, 1), queries.activeInWindow(company, days, WEEK),
                        queries.activeInWindow(company, days, MONTH))
                .with((dau, wau, mau) -> {
                    long weekly = wau.getOrDefault(day, 0L);
                    return new LatestActivity(day, dau.getOrDefault(day, 0L), weekly, mau.getOrDefault(day, 0L),
                            company.seats, Rounding.share(weekly, company.seats));
                });
    }

    @Name("pendingInvites")
    @Description("Invites sent and neither accepted nor revoked by the end of the range.")
    public Uni<Long> pendingInvites(@Source UserActivity activity) {
        return queries.pendingInvites(activity.company(), activity.range().to());
    }

    @Name("usersByAppVersion")
    @Description("Distinct active users per app version in the range, most users first.")
    public Uni<@NonNull List<@NonNull KeyUsers>> usersByAppVersion(@Source UserActivity activity) {
        return queries.usersBy(activity.company(), activity.range(), ActivityQueries.Breakdown.APP_VERSION);
    }

    @Name("usersByPlatform")
    @Description("Distinct active users per platform (web, desktop-macos, ios, ...) in the range, most users first.")
    public Uni<@NonNull List<@NonNull KeyUsers>> usersByPlatform(@Source UserActivity activity) {
        return queries.usersBy(activity.company(), activity.range(), ActivityQueries.Breakdown.PLATFORM);
    }

    @Name("usersByDeployment")
    @Description("Distinct active users per deployment (prod, staging, ...) in the range, most users first.")
    public Uni<@NonNull List<@NonNull KeyUsers>> usersByDeployment(@Source UserActivity activity) {
        return queries.usersBy(activity.company(), activity.range(), ActivityQueries.Breakdown.DEPLOYMENT);
    }

    @Name("freshness")
    @Description("How fresh these figures are.")
    public Uni<@NonNull Freshness> freshness(@Source UserActivity activity) {
        return freshness.of(activity.company(), activity.range());
    }

    private Uni<List<Point>> rolling(UserActivity activity, int window) {
        List<Period> periods = activity.periods();
        return queries.activeInWindow(activity.company(), Series.ends(periods), window)
                .map(values -> Series.atPeriodEnds(periods, values));
    }
}
