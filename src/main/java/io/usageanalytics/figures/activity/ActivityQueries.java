package io.usageanalytics.figures.activity;

import java.time.LocalDate;
import java.util.BitSet;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.usageanalytics.company.Company;
import io.usageanalytics.figures.KeyUsers;
import io.usageanalytics.figures.days.CompanyDays;
import io.usageanalytics.figures.days.Day;
import io.usageanalytics.figures.days.DayStore;
import io.usageanalytics.figures.days.UsersByKey;
import io.usageanalytics.time.DateRange;
import io.usageanalytics.time.Period;

/** Active users: distinct per period, and over rolling windows (DAU, WAU, MAU); pending invites. */
@ApplicationScoped
public class ActivityQueries {

    /** The environment values users are broken down by. */
    public enum Breakdown {
        APP_VERSION(Day.Environment::appVersion), PLATFORM(Day.Environment::platform),
        DEPLOYMENT(Day.Environment::deployment);

        final Function<Day.Environment, String> value;

        Breakdown(Function<Day.Environment, String> value) {
            this.value = value;
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

    /**
     * Users active in the {@code window} days ending on each of {@code days}: one pass over the days, keeping
     * for each user the number of their active days inside the window.
     */
    public Uni<Map<LocalDate, Long>> activeInWindow(Company company, List<LocalDate> ends, int window) {
        return days.forRequest(company).map(all -> {
            Map<LocalDate, Long> result = new HashMap<>();
            if (window == 1 || ends.size() == 1) {
                // one day, or one window: its users, no pass over the days between
                ends.forEach(end -> result.put(end, all.distinctUsers(all.between(end.minusDays(window - 1L), end))));
                return result;
            }
            TreeSet<LocalDate> wanted = new TreeSet<>(ends);
            int[] daysInWindow = new int[all.userCapacity()];
            long active = 0;
            LocalDate first = wanted.first().minusDays(window - 1L);
            for (LocalDate date = first; !date.isAfter(wanted.last()); date = date.plusDays(1)) {
                Day entering = all.on(date);
                if (entering != null) {
                    for (int user : entering.users()) {
                        if (daysInWindow[user]++ == 0) {
                            active++;
                        }
                    }
                }
                Day leaving = all.on(date.minusDays(window));
                if (leaving != null && !date.minusDays(window).isBefore(first)) {
                    for (int user : leaving.users()) {
                        if (--daysInWindow[user] == 0) {
                            active--;
                        }
                    }
                }
                if (wanted.contains(date)) {
                    result.put(date, active);
                }
            }
            return result;
        });
    }

    /** Distinct users per value of one environment attribute over the range, most users first. */
    public Uni<List<KeyUsers>> usersBy(Company company, DateRange range, Breakdown breakdown) {
        return days.forRequest(company).map(all -> all.<Map<Breakdown, List<KeyUsers>>> shared(
                new BreakdownsOf(range), () -> breakdowns(all, range)).get(breakdown));
    }

    private record BreakdownsOf(DateRange range) {
    }

    /** Every breakdown of the range in one pass over its days: a dashboard asks for all three. */
    private static Map<Breakdown, List<KeyUsers>> breakdowns(CompanyDays all, DateRange range) {
        Map<Breakdown, UsersByKey> users = new EnumMap<>(Breakdown.class);
        for (Breakdown breakdown : Breakdown.values()) {
            users.put(breakdown, new UsersByKey(all.userCapacity()));
        }
        for (Day day : all.in(range)) {
            for (Day.Environment environment : day.environments()) {
                users.forEach((breakdown, byKey) -> byKey.add(breakdown.value.apply(environment), environment.users()));
            }
        }
        Map<Breakdown, List<KeyUsers>> result = new EnumMap<>(Breakdown.class);
        users.forEach((breakdown, byKey) -> result.put(breakdown, byKey.mostUsersFirst()));
        return result;
    }

    /** Invites sent and neither accepted nor revoked by the end of {@code day}, over all history. */
    public Uni<Long> pendingInvites(Company company, LocalDate day) {
        return days.forRequest(company).map(all -> {
            BitSet sent = new BitSet(all.inviteCapacity());
            BitSet closed = new BitSet(all.inviteCapacity());
            for (Day each : all.until(day)) {
                for (Day.Invite invite : each.invites()) {
                    if (invite.sent()) {
                        sent.set(invite.invite());
                    }
                    if (invite.accepted() || invite.revoked()) {
                        closed.set(invite.invite());
                    }
                }
            }
            sent.andNot(closed);
            return (long) sent.cardinality();
        });
    }
}
