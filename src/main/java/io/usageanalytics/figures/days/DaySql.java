package io.usageanalytics.figures.days;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The SQL that loads a company's days: which rollup run built each rolled-up
 * day, the rollup rows of the days this process does not hold yet, and the
 * events not rolled up yet. Run in one REPEATABLE READ transaction, so that
 * every event is counted exactly once: in a rolled-up day or in the tail.
 */
final class DaySql {

    private DaySql() {
    }

    static final String BEGIN = "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY";
    static final String COMMIT = "COMMIT";
    static final String ROLLBACK = "ROLLBACK";

    /** The watermark, and the run that built each rolled-up day of company $1. */
    static final String RUNS = """
            SELECT s.watermark, s.rolled_up_at, d.day, d.rollup_run
              FROM rollup_state s
              LEFT JOIN rollup_company_day d ON d.company_id = $1""";

    private static final String DAYS = " WHERE company_id = $1 AND day = ANY($2::date[])";

    /** Rollup rows of company $1 on the days $2, one statement per table; the first column is always the day. */
    static final String COMPANY_DAY = "SELECT day, rollup_run, "
            + Arrays.stream(Measure.values()).map(Measure::rollupColumn).collect(Collectors.joining(", "))
            + ", newest_received_at FROM rollup_company_day" + DAYS;
    static final String USERS = "SELECT day, user_id, projects_created, artifacts_created FROM rollup_user_day" + DAYS;
    static final String ENVIRONMENTS = "SELECT day, app_version, platform, deployment, user_id FROM rollup_environment_user_day" + DAYS;
    static final String CONNECTORS = "SELECT day, connector, user_id FROM rollup_connector_user_day" + DAYS;
    static final String PROJECTS = "SELECT day, project_id, user_id FROM rollup_user_project_day" + DAYS;
    static final String CHATS = "SELECT day, chat_id, messages FROM rollup_chat_day" + DAYS;
    static final String ASSISTANTS = """
            SELECT day, assistant_id, module, prompts, assistant_messages, positive_feedback, negative_feedback
              FROM rollup_assistant_day""" + DAYS;
    static final String SPEND = "SELECT day, user_id, model, amount_micros FROM rollup_spend_day" + DAYS;
    static final String INVITES = "SELECT day, invite_id, sent, accepted, revoked FROM rollup_invite_day" + DAYS;

    /**
     * The events of company $1 not rolled up yet, with their day and measures
     * (event_measure: the same definitions the rollup job uses): at or above
     * the company's effective watermark, its own while the rollup job holds it
     * back (V6), else the global one. The second bound on ingest_txid is
     * redundant; it lets the planner read the few new events through
     * event_ingest_txid_idx (see V4 and V6).
     */
    static final String TAIL = """
            SELECT m.day, m.type, m.user_id, m.chat_id, m.assistant_id, m.module, m.project_id, m.connector,
                   m.invite_id, m.model, m.amount_micros, m.app_version, m.platform, m.deployment, m.received_at, """
            + Arrays.stream(Measure.values()).map(m -> m == Measure.EVENTS ? "1" : "m." + m.eventColumn).collect(Collectors.joining(", ")) + """

              FROM event_measure m, rollup_state s
             WHERE m.company_id = $1
               AND m.ingest_txid >= coalesce((SELECT h.watermark FROM rollup_held_company h WHERE h.company_id = $1),
                                             s.watermark)
               AND m.ingest_txid >= rollup_watermark_at_planning($1)""";

    /** Index of the first measure column in {@link #TAIL}. */
    static final int TAIL_MEASURES = 15;

    static final List<String> ROLLED = List.of(COMPANY_DAY, USERS, ENVIRONMENTS, CONNECTORS, PROJECTS, CHATS,
            ASSISTANTS, SPEND, INVITES);
}
