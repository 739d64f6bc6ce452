package io.usageanalytics.figures.days;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * What the figures need to know about one company-local day: its counts and
 * who did what. Users and chats are {@link Ordinals}; every int array is sorted
 * and free of duplicates. Immutable.
 *
 * @param run the rollup run that built the rolled-up part (0: events not rolled up only)
 * @param projectUsers who used which project: {@link #pair} of project and user ordinals, sorted, each once
 * @param spenders users with spend on the day; {@code spendOfSpender} their spend, in the same order
 */
public record Day(
        LocalDate date,
        long run,
        long[] counts,
        Instant newestReceivedAt,
        int[] users,
        int[] projectCreators,
        int[] artifactCreators,
        long[] artifactsCreated,
        List<Environment> environments,
        Map<String, int[]> connectorUsers,
        long[] projectUsers,
        int[] chats,
        long chatMessages,
        List<Assistant> assistants,
        int[] spenders,
        long[] spendOfSpender,
        Map<String, Long> spendByModel,
        List<Invite> invites) {

    /** A project and a user in one number; the user is the low half. */
    public static long pair(int project, int user) {
        return ((long) project << 32) | user;
    }

    public long count(Measure measure) {
        return counts[measure.ordinal()];
    }

    /** Users of one app version, platform and deployment (each null when not given). */
    public record Environment(String appVersion, String platform, String deployment, int[] users) {
    }

    /** Prompts, answers and feedback of one assistant and module (each null when not given). */
    public record Assistant(String assistantId, String module, long prompts, long assistantMessages,
            long positiveFeedback, long negativeFeedback) {
    }

    /** What happened to one invite on the day. */
    public record Invite(int invite, boolean sent, boolean accepted, boolean revoked) {
    }

    /** A rough size in bytes, to bound the memory the days take. */
    long weight() {
        long ints = users.length + projectCreators.length + (artifactCreators.length + spenders.length) * 3L + chats.length;
        for (Environment environment : environments) {
            ints += environment.users().length + 16;
        }
        for (int[] set : connectorUsers.values()) {
            ints += set.length + 16;
        }
        ints += projectUsers.length * 2L;
        return 256 + ints * 4 + (assistants.size() + spendByModel.size() + invites.size()) * 64L;
    }
}
