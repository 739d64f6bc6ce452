package io.usageanalytics.figures.activity;

import java.time.LocalDate;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.usageanalytics.company.Company;
import io.usageanalytics.figures.days.CompanyDays;
import io.usageanalytics.figures.days.Day;
import io.usageanalytics.figures.days.DayStore;
import io.usageanalytics.figures.days.KeyUsers;
import io.usageanalytics.figures.days.Members;
import io.usageanalytics.figures.days.RollingWindows;
import io.usageanalytics.figures.days.Union;
import io.usageanalytics.figures.days.UsersByKey;
import io.usageanalytics.time.DateRange;
import io.usageanalytics.time.Period;

/** Active users: distinct per period, and over rolling windows (DAU, WAU, MAU); pending invites. */
@ApplicationScoped
public class ActivityQueries {

    /** The environment values users are broken down by. */
    public enum Breakdown {
        APP_VERSION(Day::usersByAppVersion), PLATFORM(Day::usersByPlatform), DEPLOYMENT(Day::usersByDeployment);

        final Function<Day, Map<String, Members>> usersByValue;

        Breakdown(Function<Day, Map<String, Members>> usersByValue) {
            this.usersByValue = usersByValue;
        }
    }

    private final DayStore days;

    public ActivityQueries(DayStore days) {
        this.days = days;
    }

    /** Distinct active users per period, keyed by the period's first day. */
    public Uni<Map<LocalDate, Long>> activeUsers(Company company, List<Period> periods) {
        return days.forRequest(company).map(all -> {
            Map<LocalDate, Long> users = new HashMap<>();
            periods.forEach(period -> users.put(period.from(),
                    all.distinctUsers(all.between(period.from(), period.to()))));
            return users;
        });
    }

    /** Users active in the {@code window} days ending on each of {@code ends}. */
    public Uni<Map<LocalDate, Long>> activeInWindow(Company company, List<LocalDate> ends, int window) {
        return days.forRequest(company).map(all -> RollingWindows.users(all, ends, window));
    }

    /** Distinct users per value of one environment attribute over the range, most users first. */
    public Uni<List<KeyUsers>> usersBy(Company company, DateRange range, Breakdown breakdown) {
        return days.forRequest(company).map(all -> all.<Map<Breakdown, List<KeyUsers>>> shared(
                new BreakdownsOf(range), () -> breakdowns(all, range)).get(breakdown));
    }

    private record BreakdownsOf(DateRange range) {
    }

    /** What is folded over days here (see CompanyDays#fold). */
    private enum Fold {
        BREAKDOWNS, INVITES
    }

    /** Every breakdown of the range in one pass over its days: a dashboard asks for all three. */
    private static Map<Breakdown, List<KeyUsers>> breakdowns(CompanyDays all, DateRange range) {
        int capacity = all.userCapacity();
        Map<Breakdown, UsersByKey> users = all.fold(Fold.BREAKDOWNS, range.from(), range.to(), () -> {
            Map<Breakdown, UsersByKey> empty = new EnumMap<>(Breakdown.class);
            for (Breakdown breakdown : Breakdown.values()) {
                empty.put(breakdown, new UsersByKey(capacity));
            }
            return empty;
        }, (byBreakdown, day) -> byBreakdown.forEach((breakdown, byKey) -> breakdown.usersByValue.apply(day)
                .forEach(byKey::add)), byBreakdown -> {
                    Map<Breakdown, UsersByKey> copy = new EnumMap<>(Breakdown.class);
                    byBreakdown.forEach((breakdown, byKey) -> copy.put(breakdown, byKey.copy(capacity)));
                    return copy;
                }, byBreakdown -> byBreakdown.values().stream().mapToLong(UsersByKey::weight).sum());
        Map<Breakdown, List<KeyUsers>> result = new EnumMap<>(Breakdown.class);
        users.forEach((breakdown, byKey) -> result.put(breakdown, byKey.mostUsersFirst()));
        return result;
    }

    /** Invites sent, and invites accepted or revoked. */
    private record Invites(Union sent, Union closed) {
    }

    /** Invites sent and neither accepted nor revoked by the end of {@code day}, over all history. */
    public Uni<Long> pendingInvites(Company company, LocalDate day) {
        return days.forRequest(company).map(all -> {
            int capacity = all.inviteCapacity();
            Invites invites = all.fold(Fold.INVITES, CompanyDays.FIRST, day,
                    () -> new Invites(new Union(capacity), new Union(capacity)), (both, each) -> {
                        both.sent().add(each.invitesSent());
                        both.closed().add(each.invitesClosed());
                    }, both -> new Invites(both.sent().copy(capacity), both.closed().copy(capacity)),
                    both -> both.sent().weight() + both.closed().weight());
            return (long) invites.sent().sizeWithout(invites.closed());
        });
    }
}
