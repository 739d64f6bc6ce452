package io.usageanalytics.figures.days;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.usageanalytics.rollup.table.Measure;

/**
 * What the figures need to know about one company-local day: its counts and
 * who did what. Users and chats are {@link Ordinals}, kept as {@link Members};
 * every int array is sorted and free of duplicates. Immutable.
 *
 * @param run the rollup run that built the rolled-up part (0: events not rolled up only)
 * @param projectUsers who used which project: {@link #pair} of project and user ordinals, sorted, each once
 * @param usersByAppVersion users per app version (the key null: users whose events named none); likewise per
 *        platform and per deployment
 * @param artifactsCreated the artifacts each of {@code artifactCreators} created, in the order of the members
 * @param spenders users with spend on the day; {@code spendOfSpender} their spend, in the order of the members
 * @param invitesSent invites sent on the day; {@code invitesClosed} those accepted or revoked
 * @param countsOfUsers for each measure of {@link #BY_USER}, what each user added to it (users with 0 left out)
 */
public record Day(
        LocalDate date,
        long run,
        long[] counts,
        Instant newestReceivedAt,
        Members users,
        Members projectCreators,
        Members artifactCreators,
        long[] artifactsCreated,
        Map<String, Members> usersByAppVersion,
        Map<String, Members> usersByPlatform,
        Map<String, Members> usersByDeployment,
        Map<String, Members> connectorUsers,
        long[] projectUsers,
        Members chats,
        long chatMessages,
        List<Assistant> assistants,
        Members spenders,
        long[] spendOfSpender,
        Map<String, Long> spendByModel,
        Members invitesSent,
        Members invitesClosed,
        Map<Measure, UserCounts> countsOfUsers) {

    /** The measures kept per user: the team breakdown and the per-user report add them up by user. */
    public static final Set<Measure> BY_USER = Collections.unmodifiableSet(EnumSet.of(Measure.USER_MESSAGES,
            Measure.ASSISTANT_MESSAGES, Measure.CHATS_CREATED, Measure.POSITIVE_FEEDBACK, Measure.NEGATIVE_FEEDBACK));

    /** What each of {@code users} added to a measure, in the order of the members. */
    public record UserCounts(Members users, long[] values) {

        static final UserCounts NONE = new UserCounts(Members.NONE, new long[0]);

        long weight() {
            return users.weight() + values.length * 8L + 16;
        }
    }

    /** What each user added to a measure of {@link #BY_USER} on the day. */
    public UserCounts countsOfUsers(Measure measure) {
        return countsOfUsers.getOrDefault(measure, UserCounts.NONE);
    }

    /** A project and a user in one number; the user is the low half. */
    public static long pair(int project, int user) {
        return ((long) project << 32) | user;
    }

    public long count(Measure measure) {
        return counts[measure.ordinal()];
    }

    /** Prompts, answers and feedback of one assistant and module (each null when not given). */
    public record Assistant(String assistantId, String module, long prompts, long assistantMessages,
            long positiveFeedback, long negativeFeedback) {
    }

    /**
     * Whether nothing happened on the day: a team's day on which no member did anything is held (read at its run)
     * but is no day with events.
     */
    boolean isEmpty() {
        for (long count : counts) {
            if (count != 0) {
                return false;
            }
        }
        return newestReceivedAt == null && users.size() == 0 && projectCreators.size() == 0
                && artifactCreators.size() == 0 && usersByAppVersion.isEmpty() && usersByPlatform.isEmpty()
                && usersByDeployment.isEmpty() && connectorUsers.isEmpty() && projectUsers.length == 0
                && chats.size() == 0 && chatMessages == 0 && assistants.isEmpty() && spenders.size() == 0
                && spendByModel.isEmpty() && invitesSent.size() == 0 && invitesClosed.size() == 0
                && countsOfUsers.isEmpty();
    }

    /** A rough size in bytes, to bound the memory the days take. */
    long weight() {
        long bytes = 256 + users.weight() + projectCreators.weight() + chats.weight() + artifactCreators.weight()
                + spenders.weight() + invitesSent.weight() + invitesClosed.weight()
                + (artifactsCreated.length + spendOfSpender.length + projectUsers.length) * 8L
                + (assistants.size() + spendByModel.size()) * 64L;
        for (UserCounts counts : countsOfUsers.values()) {
            bytes += counts.weight();
        }
        for (Map<String, Members> sets : List.of(usersByAppVersion, usersByPlatform, usersByDeployment, connectorUsers)) {
            for (Members set : sets.values()) {
                bytes += set.weight() + 32;
            }
        }
        return bytes;
    }
}
