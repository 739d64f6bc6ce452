package io.usageanalytics.rollup.table;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The rollup tables, each described once: its name and columns (as its
 * migration creates them), the SELECT that aggregates events into its rows,
 * and what one of its rows adds to a company-day.
 *
 * The rollup job inserts that SELECT over the events of the days it rebuilds;
 * the figures read the table's rows and run the same SELECT over the events
 * not rolled up yet (the tail), and both kinds of rows go through the same
 * decoder. A day's rolled-up rows and tail rows add up to what one rollup of
 * all its events would give: the decoders only ever add (see {@link DayParts}).
 *
 * In the SELECTs, {@code {events}} stands for the events aggregated: company_id, day (company-local) and the
 * columns of {@link #EVENT_COLUMNS}, from event_measure; {@code {run}} for the number of the rollup run.
 * A new rollup table is a new constant here and its migration; RollupTableTest compares both.
 */
public enum RollupTable {

    /** Company totals per day; the run that built the day tells readers when to read it again. */
    COMPANY_DAY("rollup_company_day",
            "company_id text, day date, "
                    + Arrays.stream(Measure.values()).map(m -> m.column + " bigint").collect(Collectors.joining(", "))
                    + ", newest_received_at timestamp with time zone, rollup_run bigint",
            "SELECT company_id, day, "
                    + Arrays.stream(Measure.values()).map(m -> m.aggregate).collect(Collectors.joining(", "))
                    + """
                    , max(received_at), {run}
                      FROM {events}
                     GROUP BY company_id, day""",
            (row, day) -> {
                day.run(row.number("rollup_run"));
                for (Measure measure : Measure.values()) {
                    day.count(measure, row.number(measure.column));
                }
                day.received(row.instant("newest_received_at"));
            }),

    /** Each user active on a day, with what they did: distinct users over any range, first project and artifact. */
    USER_DAY("rollup_user_day", """
            company_id text, day date, user_id text, events bigint, user_messages bigint, projects_created bigint,
            artifacts_created bigint, spend_micros bigint""", """
            SELECT company_id, day, user_id, count(*), sum(user_messages), sum(projects_created),
                   sum(artifacts_created), sum(spend_micros)
              FROM {events}
             WHERE user_id IS NOT NULL
             GROUP BY company_id, day, user_id""",
            (row, day) -> day.user(row.text("user_id"), row.number("projects_created"),
                    row.number("artifacts_created"))),

    /** Prompts, answers and feedback per assistant and module (null: none given). */
    ASSISTANT_DAY("rollup_assistant_day", """
            company_id text, day date, assistant_id text, module text, prompts bigint, assistant_messages bigint,
            positive_feedback bigint, negative_feedback bigint""", """
            SELECT company_id, day, assistant_id, module, sum(user_messages), sum(assistant_messages),
                   sum(positive_feedback), sum(negative_feedback)
              FROM {events}
             WHERE type IN ('USER_MESSAGE', 'ASSISTANT_MESSAGE', 'FEEDBACK')
             GROUP BY company_id, day, assistant_id, module""",
            (row, day) -> day.assistant(row.text("assistant_id"), row.text("module"), row.number("prompts"),
                    row.number("assistant_messages"), row.number("positive_feedback"),
                    row.number("negative_feedback"))),

    /** Messages per chat per day: chats and average messages per chat over any period. */
    CHAT_DAY("rollup_chat_day", "company_id text, day date, chat_id text, messages bigint", """
            SELECT company_id, day, chat_id, count(*)
              FROM {events}
             WHERE type IN ('USER_MESSAGE', 'ASSISTANT_MESSAGE')
             GROUP BY company_id, day, chat_id""",
            (row, day) -> day.chat(row.text("chat_id"), row.number("messages"))),

    /** Projects each user used per day: distinct projects per user over any range. */
    USER_PROJECT_DAY("rollup_user_project_day", "company_id text, day date, user_id text, project_id text", """
            SELECT DISTINCT company_id, day, user_id, project_id
              FROM {events}
             WHERE type = 'PROJECT_USED'""",
            (row, day) -> day.project(row.text("project_id"), row.text("user_id"))),

    /** Users of each connector per day: distinct users per connector over any range. */
    CONNECTOR_USER_DAY("rollup_connector_user_day", "company_id text, day date, connector text, user_id text", """
            SELECT DISTINCT company_id, day, connector, user_id
              FROM {events}
             WHERE type = 'CONNECTOR_USED'""",
            (row, day) -> day.connector(row.text("connector"), row.text("user_id"))),

    /** Users per app version and environment per day. */
    ENVIRONMENT_USER_DAY("rollup_environment_user_day", """
            company_id text, day date, app_version text, platform text, deployment text, user_id text""", """
            SELECT DISTINCT company_id, day, app_version, platform, deployment, user_id
              FROM {events}
             WHERE user_id IS NOT NULL""",
            (row, day) -> day.environment(row.text("app_version"), row.text("platform"), row.text("deployment"),
                    row.text("user_id"))),

    /** Spend per user and model per day. */
    SPEND_DAY("rollup_spend_day", """
            company_id text, day date, user_id text, model text, amount_micros bigint, events bigint""", """
            SELECT company_id, day, user_id, model, sum(amount_micros), count(*)
              FROM {events}
             WHERE type = 'SPEND'
             GROUP BY company_id, day, user_id, model""",
            (row, day) -> day.spend(row.text("user_id"), row.text("model"), row.number("amount_micros"))),

    /** What happened to each invite per day: pending invites on any day. */
    INVITE_DAY("rollup_invite_day", """
            company_id text, day date, invite_id text, sent boolean, accepted boolean, revoked boolean""", """
            SELECT company_id, day, invite_id, bool_or(type = 'INVITE_SENT'), bool_or(type = 'INVITE_ACCEPTED'),
                   bool_or(type = 'INVITE_REVOKED')
              FROM {events}
             WHERE type IN ('INVITE_SENT', 'INVITE_ACCEPTED', 'INVITE_REVOKED')
             GROUP BY company_id, day, invite_id""",
            (row, day) -> day.invite(row.text("invite_id"), row.flag("sent"), row.flag("accepted"),
                    row.flag("revoked")));

    /** The columns of event_measure the SELECTs read, besides company_id and day. */
    public static final List<String> EVENT_COLUMNS = Stream.concat(
            Stream.of("type", "user_id", "chat_id", "assistant_id", "module", "project_id", "connector", "invite_id",
                    "model", "amount_micros", "app_version", "platform", "deployment", "received_at"),
            Arrays.stream(Measure.values()).filter(m -> m != Measure.EVENTS).map(m -> m.column))
            .toList();

    /** A column as the table's migration creates it; {@code type} as PostgreSQL's format_type names it. */
    public record Column(String name, String type) {
    }

    /** What one row adds to a day. */
    @FunctionalInterface
    public interface Decoder {
        void add(RollupRow row, DayParts day);
    }

    /** The table's name. */
    public final String table;
    private final List<Column> columns;
    private final String[] names;
    private final String select;
    private final Decoder decoder;

    RollupTable(String table, String columns, String select, Decoder decoder) {
        this.table = table;
        List<Column> parsed = new ArrayList<>();
        for (String column : columns.split(",")) {
            String[] nameAndType = column.strip().split("\\s+", 2);
            // interned: the decoders name columns by literals, so a lookup is mostly a comparison of references
            parsed.add(new Column(nameAndType[0].intern(), nameAndType[1].replaceAll("\\s+", " ")));
        }
        this.columns = List.copyOf(parsed);
        this.names = parsed.stream().map(Column::name).toArray(String[]::new);
        this.select = select;
        this.decoder = decoder;
    }

    /** Every column, in the order of {@link #select}: company_id, day, then the table's own. */
    public List<Column> columns() {
        return columns;
    }

    /** The position of {@code column} in {@link #columns()}. */
    public int indexOf(String column) {
        for (int i = 0; i < names.length; i++) {
            if (names[i] == column || names[i].equals(column)) {
                return i;
            }
        }
        throw new IllegalArgumentException(table + " has no column " + column);
    }

    /** The column names, comma-separated, in the order of {@link #select}. */
    public String columnList() {
        return String.join(", ", names);
    }

    /**
     * The rows of this table aggregated from {@code events}: a relation with company_id, day and
     * {@link #EVENT_COLUMNS} (a table, or a subquery with its alias); {@code run} for rollup_run.
     */
    public String select(String events, long run) {
        return select.replace("{events}", events).replace("{run}", Long.toString(run));
    }

    /** Adds one row of this table (or of its SELECT) to a day. */
    public void decode(RollupRow row, DayParts day) {
        decoder.add(row, day);
    }
}
