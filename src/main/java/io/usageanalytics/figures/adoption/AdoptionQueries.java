package io.usageanalytics.figures.adoption;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.usageanalytics.company.Company;
import io.usageanalytics.figures.Top;
import io.usageanalytics.figures.UserCount;
import io.usageanalytics.figures.days.CompanyDays;
import io.usageanalytics.figures.days.Day;
import io.usageanalytics.figures.days.DayStore;
import io.usageanalytics.figures.days.KeyUsers;
import io.usageanalytics.figures.days.LongSet;
import io.usageanalytics.figures.days.Members;
import io.usageanalytics.figures.days.Ordinals;
import io.usageanalytics.figures.days.Sums;
import io.usageanalytics.figures.days.Union;
import io.usageanalytics.figures.days.UsersByKey;
import io.usageanalytics.rollup.table.Measure;
import io.usageanalytics.time.DateRange;
import io.usageanalytics.time.Period;

@ApplicationScoped
public class AdoptionQueries {

    /** What was created per period. */
    public record Created(long chats, long projects, long artifacts) {
    }

    /** Messages and distinct chats with a message per period. */
    public record ChatMessages(long messages, long chats) {
    }

    private final DayStore days;

    public AdoptionQueries(DayStore days) {
        this.days = days;
    }

    public Uni<Map<LocalDate, Created>> created(Company company, List<Period> periods) {
        return days.forRequest(company).map(all -> {
            Map<LocalDate, Created> result = new HashMap<>();
            for (Period period : periods) {
                var of = all.between(period.from(), period.to());
                result.put(period.from(), new Created(all.sum(of, Measure.CHATS_CREATED),
                        all.sum(of, Measure.PROJECTS_CREATED), all.sum(of, Measure.ARTIFACTS_CREATED)));
            }
            return result;
        });
    }

    public Uni<Map<LocalDate, ChatMessages>> chatMessages(Company company, List<Period> periods) {
        return days.forRequest(company).map(all -> {
            Map<LocalDate, ChatMessages> result = new HashMap<>();
            for (Period period : periods) {
                var of = all.between(period.from(), period.to());
                long messages = 0;
                for (Day day : of) {
                    messages = Sums.add(messages, day.chatMessages());
                }
                result.put(period.from(),
                        new ChatMessages(messages, CompanyDays.distinct(of, Day::chats, all.chatCapacity())));
            }
            return result;
        });
    }

    /** What is folded over days here (see CompanyDays#fold). */
    private enum Fold {
        PROJECT_CREATORS, ARTIFACT_CREATORS, PROJECTS_USED, ARTIFACTS, CONNECTORS
    }

    /** Users who created at least one project ({@code projects}) or artifact, by each of {@code days}. */
    public Uni<Map<LocalDate, Long>> usersEver(Company company, boolean projects, List<LocalDate> ends) {
        return days.forRequest(company).map(all -> {
            List<LocalDate> sorted = ends.stream().sorted().toList();
            int capacity = all.userCapacity();
            Function<Day, Members> created = projects ? Day::projectCreators : Day::artifactCreators;
            // the creators before the first day asked about: most of the history, the same for every request
            Union creators = all.fold(projects ? Fold.PROJECT_CREATORS : Fold.ARTIFACT_CREATORS, CompanyDays.FIRST,
                    sorted.get(0).minusDays(1), () -> new Union(capacity), (union, day) -> union.add(created.apply(day)),
                    union -> union.copy(capacity), Union::weight).copy(capacity);
            Map<LocalDate, Long> result = new HashMap<>();
            int next = 0;
            for (Day day : all.between(sorted.get(0), sorted.get(sorted.size() - 1))) {
                while (next < sorted.size() && sorted.get(next).isBefore(day.date())) {
                    result.put(sorted.get(next++), (long) creators.size());
                }
                creators.add(created.apply(day));
            }
            while (next < sorted.size()) {
                result.put(sorted.get(next++), (long) creators.size());
            }
            return result;
        });
    }

    /** The project-user pairs seen, and the distinct projects of each user. */
    private record ProjectsOfUsers(LongSet seen, long[] projectsOfUser) {
    }

    /** Users by distinct projects used in the range. */
    public Uni<List<UserCount>> topProjectUsers(Company company, DateRange range, int limit) {
        return days.forRequest(company).map(all -> {
            int capacity = all.userCapacity();
            ProjectsOfUsers used = all.fold(Fold.PROJECTS_USED, range.from(), range.to(), () -> {
                // most pairs repeat on other days: room for a quarter of them, more only when needed
                int pairs = 0;
                for (Day day : all.in(range)) {
                    pairs += day.projectUsers().length;
                }
                return new ProjectsOfUsers(new LongSet(pairs / 4), new long[capacity]);
            }, (each, day) -> {
                // each project-user pair of the range counts once for its user
                for (long pair : day.projectUsers()) {
                    if (each.seen().add(pair)) {
                        each.projectsOfUser()[(int) pair]++;
                    }
                }
            }, each -> new ProjectsOfUsers(each.seen().copy(), grown(each.projectsOfUser(), capacity)),
                    each -> each.seen().weight() + each.projectsOfUser().length * 8L);
            return top(all, used.projectsOfUser(), limit);
        });
    }

    /** Users by artifacts created in the range. */
    public Uni<List<UserCount>> topArtifactUsers(Company company, DateRange range, int limit) {
        return days.forRequest(company).map(all -> {
            int capacity = all.userCapacity();
            long[] artifactsOfUser = all.fold(Fold.ARTIFACTS, range.from(), range.to(), () -> new long[capacity],
                    (counts, day) -> day.artifactCreators().addEach(day.artifactsCreated(), counts),
                    counts -> grown(counts, capacity), counts -> counts.length * 8L);
            return top(all, artifactsOfUser, limit);
        });
    }

    /** Connectors by distinct users in the range. */
    public Uni<List<KeyUsers>> topConnectors(Company company, DateRange range, int limit) {
        return days.forRequest(company).map(all -> {
            int capacity = all.userCapacity();
            UsersByKey usersByConnector = all.fold(Fold.CONNECTORS, range.from(), range.to(),
                    () -> new UsersByKey(capacity), (byKey, day) -> day.connectorUsers().forEach(byKey::add),
                    byKey -> byKey.copy(capacity), UsersByKey::weight);
            List<KeyUsers> result = usersByConnector.mostUsersFirst();
            return result.size() > limit ? List.copyOf(result.subList(0, limit)) : result;
        });
    }

    /** A copy of {@code counts} with room for {@code capacity} users. */
    private static long[] grown(long[] counts, int capacity) {
        return Arrays.copyOf(counts, Math.max(counts.length, capacity));
    }

    /** A user's count, by ordinal, while the top is found. */
    private record Counted(int user, long count) {
    }

    /** The users with the highest counts, ties by user id (compared by the ids' ranks: many users may tie). */
    private static List<UserCount> top(CompanyDays all, long[] countOfUser, int limit) {
        Ordinals.IdOrder byId = all.userIdOrder();
        Top<Counted> top = new Top<>(limit, (a, b) -> order(a.count(), a.user(), b, byId));
        for (int user = 0; user < countOfUser.length; user++) {
            long count = countOfUser[user];
            int candidate = user;
            // a user who would not be kept is not built into a row (many users tie at the last place)
            if (count > 0 && top.keeps(kept -> order(count, candidate, kept, byId))) {
                top.offer(new Counted(user, count));
            }
        }
        return top.inOrder().stream().map(counted -> new UserCount(all.userId(counted.user()), counted.count())).toList();
    }

    /** The tops' order: the higher count first, then the user id (by rank). */
    private static int order(long count, int user, Counted other, Ordinals.IdOrder byId) {
        return count != other.count() ? Long.compare(other.count(), count) : byId.compare(user, other.user());
    }
}
