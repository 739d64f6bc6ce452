package io.usageanalytics.figures.days;

import java.time.Instant;

import io.usageanalytics.rollup.table.DayParts;
import io.usageanalytics.rollup.table.Measure;

/**
 * A day built from rows of the rollup tables: their ids as the company's
 * ordinals, other values as shared texts. A part without the id it is about
 * is left out: the rollup tables cannot hold one (NOT NULL), and only events
 * stored around ingestion's checks, not rolled up, can give one.
 */
final class DayOfRows implements DayParts {

    private final DayBuilder day;
    private final CompanyIds ids;
    /** A team's day: its counts are the sums of its members' (it gets no rows of company totals). */
    private final boolean countsOfUsers;

    DayOfRows(DayBuilder day, CompanyIds ids) {
        this(day, ids, false);
    }

    DayOfRows(DayBuilder day, CompanyIds ids, boolean countsOfUsers) {
        this.day = day;
        this.ids = ids;
        this.countsOfUsers = countsOfUsers;
    }

    Day build() {
        return day.build();
    }

    @Override
    public void run(long run) {
        day.run(run);
    }

    @Override
    public void count(Measure measure, long value) {
        day.count(measure, value);
    }

    @Override
    public void received(Instant at) {
        day.received(at);
    }

    @Override
    public void countOfUser(String userId, Measure measure, long value) {
        if (userId != null && (countsOfUsers || value != 0 && Day.BY_USER.contains(measure))) {
            day.countOfUser(ids.users.of(userId), measure, value, countsOfUsers);
        }
    }

    @Override
    public void user(String userId, long projectsCreated, long artifactsCreated) {
        if (userId != null) {
            day.user(ids.users.of(userId), projectsCreated, artifactsCreated);
        }
    }

    @Override
    public void environment(String appVersion, String platform, String deployment, String userId) {
        if (userId != null) {
            day.environment(ids.text(appVersion), ids.text(platform), ids.text(deployment), ids.users.of(userId));
        }
    }

    @Override
    public void connector(String connector, String userId) {
        if (userId != null) {
            day.connector(ids.text(connector), ids.users.of(userId));
        }
    }

    @Override
    public void project(String projectId, String userId) {
        if (projectId != null && userId != null) {
            day.project(ids.projects.of(projectId), ids.users.of(userId));
        }
    }

    @Override
    public void chat(String chatId, long messages) {
        if (chatId != null) {
            day.chat(ids.chats.of(chatId), messages);
        }
    }

    @Override
    public void assistant(String assistantId, String module, long prompts, long assistantMessages,
            long positiveFeedback, long negativeFeedback) {
        day.assistant(ids.text(assistantId), ids.text(module), prompts, assistantMessages, positiveFeedback,
                negativeFeedback);
    }

    @Override
    public void spend(String userId, String model, long amountMicros) {
        if (userId != null) {
            day.spend(ids.users.of(userId), ids.text(model), amountMicros);
        }
    }

    @Override
    public void invite(String inviteId, boolean sent, boolean accepted, boolean revoked) {
        if (inviteId != null) {
            day.invite(ids.invites.of(inviteId), sent, accepted, revoked);
        }
    }
}
