package io.usageanalytics.rollup.table;

import java.time.Instant;

/**
 * What the rows of the rollup tables add to a company-day being built. Each
 * part adds to what is there (counts add up, sets unite, flags are or-ed), so
 * rows of one day from the rollups and from the events not rolled up yet add
 * up to what one rollup of all of them would give.
 */
public interface DayParts {

    /** The rollup run that built the rolled-up rows (0 for events not rolled up). */
    void run(long run);

    void count(Measure measure, long value);

    void received(Instant at);

    /**
     * What one user's events add to a measure. A company's day takes its counts from the company's totals and
     * leaves these out; a team's day, which has no company totals, adds up those of its members.
     */
    void countOfUser(String userId, Measure measure, long value);

    /** A user active on the day, with the projects and artifacts they created. */
    void user(String userId, long projectsCreated, long artifactsCreated);

    /** A user active on the day with this app version, platform and deployment (each may be null). */
    void environment(String appVersion, String platform, String deployment, String userId);

    void connector(String connector, String userId);

    void project(String projectId, String userId);

    /** Messages in a chat. */
    void chat(String chatId, long messages);

    void assistant(String assistantId, String module, long prompts, long assistantMessages, long positiveFeedback,
            long negativeFeedback);

    void spend(String userId, String model, long amountMicros);

    void invite(String inviteId, boolean sent, boolean accepted, boolean revoked);
}
