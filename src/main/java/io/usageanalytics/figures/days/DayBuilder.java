package io.usageanalytics.figures.days;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.usageanalytics.rollup.table.Measure;

/**
 * Builds a {@link Day} from rollup rows, from single events, or from other
 * days: each part adds to what is there (counts add up, sets unite), because
 * every event is either rolled up or not, never both. A sum that does not fit
 * is kept as out of range ({@link Sums}): only the figures that add it fail.
 */
final class DayBuilder {

    private record AssistantKey(String assistantId, String module) {
    }

    private final LocalDate date;
    private long run;
    private final long[] counts = new long[Measure.values().length];
    private Instant newestReceivedAt;
    private final IntSet users = new IntSet();
    private final IntSet projectCreators = new IntSet();
    private final Map<Integer, Long> artifacts = new HashMap<>();
    private final Map<String, IntSet> appVersions = new HashMap<>();
    private final Map<String, IntSet> platforms = new HashMap<>();
    private final Map<String, IntSet> deployments = new HashMap<>();
    private final Map<String, IntSet> connectors = new HashMap<>();
    private final LongSet projectUsers = new LongSet();
    private final IntSet chats = new IntSet();
    private long chatMessages;
    private final Map<AssistantKey, long[]> assistants = new HashMap<>();
    private final Map<Integer, Long> spendByUser = new HashMap<>();
    private final Map<String, Long> spendByModel = new HashMap<>();
    private final IntSet invitesSent = new IntSet();
    private final IntSet invitesClosed = new IntSet();
    private final Map<Measure, Map<Integer, Long>> countsOfUsers = new EnumMap<>(Measure.class);

    DayBuilder(LocalDate date) {
        this.date = date;
    }

    void run(long run) {
        this.run = run;
    }

    void count(Measure measure, long value) {
        counts[measure.ordinal()] = Sums.saturated(counts[measure.ordinal()], value);
    }

    void received(Instant at) {
        if (at != null && (newestReceivedAt == null || at.isAfter(newestReceivedAt))) {
            newestReceivedAt = at;
        }
    }

    /**
     * What one user added to a measure: kept per user for the measures of {@link Day#BY_USER}, and added to the
     * day's count when {@code toCount} (a team's day, which has no company totals).
     */
    void countOfUser(int user, Measure measure, long value, boolean toCount) {
        if (toCount) {
            count(measure, value);
        }
        if (value != 0 && Day.BY_USER.contains(measure)) {
            countsOfUsers.computeIfAbsent(measure, k -> new HashMap<>()).merge(user, value, Sums::saturated);
        }
    }

    /** A user active on the day, with the projects and artifacts they created. */
    void user(int user, long projectsCreated, long artifactsCreated) {
        users.add(user);
        if (projectsCreated > 0) {
            projectCreators.add(user);
        }
        if (artifactsCreated > 0) {
            artifacts.merge(user, artifactsCreated, Sums::saturated);
        }
    }

    void environment(String appVersion, String platform, String deployment, int user) {
        appVersions.computeIfAbsent(appVersion, k -> new IntSet()).add(user);
        platforms.computeIfAbsent(platform, k -> new IntSet()).add(user);
        deployments.computeIfAbsent(deployment, k -> new IntSet()).add(user);
    }

    void connector(String connector, int user) {
        connectors.computeIfAbsent(connector, k -> new IntSet()).add(user);
    }

    void project(int project, int user) {
        projectUsers.add(Day.pair(project, user));
    }

    void chat(int chat, long messages) {
        chats.add(chat);
        chatMessages = Sums.saturated(chatMessages, messages);
    }

    void assistant(String assistantId, String module, long prompts, long assistantMessages, long positive,
            long negative) {
        long[] sums = assistants.computeIfAbsent(new AssistantKey(assistantId, module), k -> new long[4]);
        sums[0] = Sums.saturated(sums[0], prompts);
        sums[1] = Sums.saturated(sums[1], assistantMessages);
        sums[2] = Sums.saturated(sums[2], positive);
        sums[3] = Sums.saturated(sums[3], negative);
    }

    void spend(int user, String model, long amountMicros) {
        spendByUser.merge(user, amountMicros, Sums::saturated);
        spendByModel.merge(model, amountMicros, Sums::saturated);
    }

    void invite(int invite, boolean sent, boolean accepted, boolean revoked) {
        if (sent) {
            invitesSent.add(invite);
        }
        if (accepted || revoked) {
            invitesClosed.add(invite);
        }
    }

    /** Adds everything of another day (the rolled-up part and the tail of the same date). */
    DayBuilder add(Day day) {
        run = Math.max(run, day.run());
        for (Measure measure : Measure.values()) {
            count(measure, day.count(measure));
        }
        received(day.newestReceivedAt());
        users.addAll(day.users().toArray());
        projectCreators.addAll(day.projectCreators().toArray());
        int[] artifactCreators = day.artifactCreators().toArray();
        for (int i = 0; i < artifactCreators.length; i++) {
            artifacts.merge(artifactCreators[i], day.artifactsCreated()[i], Sums::saturated);
        }
        addAll(appVersions, day.usersByAppVersion());
        addAll(platforms, day.usersByPlatform());
        addAll(deployments, day.usersByDeployment());
        addAll(connectors, day.connectorUsers());
        for (long pair : day.projectUsers()) {
            projectUsers.add(pair);
        }
        chats.addAll(day.chats().toArray());
        chatMessages = Sums.saturated(chatMessages, day.chatMessages());
        day.assistants().forEach(a -> assistant(a.assistantId(), a.module(), a.prompts(), a.assistantMessages(),
                a.positiveFeedback(), a.negativeFeedback()));
        int[] spenders = day.spenders().toArray();
        for (int i = 0; i < spenders.length; i++) {
            spendByUser.merge(spenders[i], day.spendOfSpender()[i], Sums::saturated);
        }
        day.spendByModel().forEach((model, amount) -> spendByModel.merge(model, amount, Sums::saturated));
        invitesSent.addAll(day.invitesSent().toArray());
        invitesClosed.addAll(day.invitesClosed().toArray());
        day.countsOfUsers().forEach((measure, counts) -> {
            int[] users = counts.users().toArray();
            for (int i = 0; i < users.length; i++) {
                countOfUser(users[i], measure, counts.values()[i], false);
            }
        });
        return this;
    }

    Day build() {
        int[] artifactCreators = artifacts.keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
        long[] artifactsCreated = Arrays.stream(artifactCreators).mapToLong(artifacts::get).toArray();
        List<Day.Assistant> assistantRows = new ArrayList<>(assistants.size());
        assistants.forEach((key, sums) -> assistantRows.add(
                new Day.Assistant(key.assistantId(), key.module(), sums[0], sums[1], sums[2], sums[3])));
        int[] spenders = spendByUser.keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
        long[] spendOfSpender = Arrays.stream(spenders).mapToLong(spendByUser::get).toArray();
        return new Day(date, run, counts.clone(), newestReceivedAt, Members.of(users.toSortedArray()),
                Members.of(projectCreators.toSortedArray()), Members.of(artifactCreators), artifactsCreated, sets(appVersions),
                sets(platforms), sets(deployments), sets(connectors), projectUsers.toSortedArray(),
                Members.of(chats.toSortedArray()), chatMessages, List.copyOf(assistantRows), Members.of(spenders),
                spendOfSpender, Map.copyOf(spendByModel), Members.of(invitesSent.toSortedArray()),
                Members.of(invitesClosed.toSortedArray()), countsOfUsers());
    }

    private Map<Measure, Day.UserCounts> countsOfUsers() {
        Map<Measure, Day.UserCounts> all = new EnumMap<>(Measure.class);
        countsOfUsers.forEach((measure, byUser) -> {
            int[] users = byUser.keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
            all.put(measure, new Day.UserCounts(Members.of(users), Arrays.stream(users).mapToLong(byUser::get).toArray()));
        });
        return Collections.unmodifiableMap(all);
    }

    private static void addAll(Map<String, IntSet> into, Map<String, Members> sets) {
        sets.forEach((key, set) -> into.computeIfAbsent(key, k -> new IntSet()).addAll(set.toArray()));
    }

    /** The sets by key; the key may be null (no value given), so not Map.copyOf. */
    private static Map<String, Members> sets(Map<String, IntSet> sets) {
        Map<String, Members> result = new HashMap<>(sets.size() * 2);
        sets.forEach((key, set) -> result.put(key, Members.of(set.toSortedArray())));
        return Collections.unmodifiableMap(result);
    }
}
