package io.usageanalytics.rollup.table;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The rollup tables, each described once: which events it takes, what it
 * groups them by (besides company and day), what it computes per group, and
 * what one of its rows adds to a company-day.
 *
 * From the description follow the table's columns (as its migration creates
 * them, packed by company-day when it has a key: {@link #stored}), its rows
 * computed from events in memory ({@link TailRows}), which the rollup job
 * stores ({@link StoredRows}) and reads add for the events not rolled up yet,
 * and the same rows as SQL ({@link #select}), the reference RollupTableTest
 * compares both with. Rolled-up rows and tail rows go through the same decoder; a day's
 * rows of both kinds add up to what one rollup of all its events would give,
 * since the decoders only ever add (see {@link DayParts}).
 *
 * Events are rows of the event_measure view: company_id, day (company-local)
 * and {@link #EVENT_COLUMNS}. A new rollup table is a new constant here and
 * its migration; RollupTableTest compares both, and the SQL and in-memory rows.
 */
public enum RollupTable {

    /** Company totals per day; the run that built the day tells readers when to read it again. */
    COMPANY_DAY("rollup_company_day", Take.ALL, List.of(), Stream.of(
            Stream.of(Aggregate.count(Measure.EVENTS.column)),
            Arrays.stream(Measure.values()).filter(m -> m != Measure.EVENTS).map(m -> Aggregate.sum(m.column, m.column)),
            Stream.of(Aggregate.newest("newest_received_at", "received_at"), Aggregate.run("rollup_run")))
            .flatMap(s -> s).toList(),
            (row, day) -> {
                day.run(row.number("rollup_run"));
                for (Measure measure : Measure.values()) {
                    day.count(measure, row.number(measure.column));
                }
                day.received(row.instant("newest_received_at"));
            }),

    /**
     * Each user active on a day, with what they did: distinct users over any range, first project and artifact,
     * and every measure per user (a team's counts are its members' sums).
     */
    USER_DAY("rollup_user_day", Take.WITH_USER, List.of("user_id"), Stream.of(
            Stream.of(Aggregate.count("events")),
            Stream.of(Measure.USER_MESSAGES, Measure.PROJECTS_CREATED, Measure.ARTIFACTS_CREATED, Measure.SPEND_MICROS,
                    Measure.FILE_FOLDERS, Measure.GROUPS_CREATED, Measure.CHATS_CREATED, Measure.SPACES_CREATED,
                    Measure.ASSISTANT_MESSAGES, Measure.POSITIVE_FEEDBACK, Measure.NEGATIVE_FEEDBACK)
                    .map(m -> Aggregate.sum(m.column, m.column)),
            Stream.of(Aggregate.newest("newest_received_at", "received_at")))
            .flatMap(s -> s).toList(),
            (row, day) -> {
                String user = row.text("user_id");
                day.received(row.instant("newest_received_at"));
                day.user(user, row.number("projects_created"), row.number("artifacts_created"));
                for (Measure measure : Measure.values()) {
                    day.countOfUser(user, measure, row.number(measure.column));
                }
            }),

    /** Prompts, answers and feedback per assistant and module (null: none given). */
    ASSISTANT_DAY("rollup_assistant_day", Take.types("USER_MESSAGE", "ASSISTANT_MESSAGE", "FEEDBACK"),
            List.of("assistant_id", "module"), List.of(
                    Aggregate.sum("prompts", "user_messages"), Aggregate.sum("assistant_messages", "assistant_messages"),
                    Aggregate.sum("positive_feedback", "positive_feedback"),
                    Aggregate.sum("negative_feedback", "negative_feedback")),
            (row, day) -> day.assistant(row.text("assistant_id"), row.text("module"), row.number("prompts"),
                    row.number("assistant_messages"), row.number("positive_feedback"),
                    row.number("negative_feedback"))),

    /** Messages per chat per day: chats and average messages per chat over any period. */
    CHAT_DAY("rollup_chat_day", Take.types("USER_MESSAGE", "ASSISTANT_MESSAGE"), List.of("chat_id"),
            List.of(Aggregate.count("messages")),
            (row, day) -> day.chat(row.text("chat_id"), row.number("messages"))),

    /** {@link #CHAT_DAY} by the user the messages name: a team's chats. */
    USER_CHAT_DAY("rollup_user_chat_day", Take.typesOfUsers("USER_MESSAGE", "ASSISTANT_MESSAGE"),
            List.of("chat_id", "user_id"), List.of(Aggregate.count("messages")),
            (row, day) -> day.chat(row.text("chat_id"), row.number("messages")), true),

    /** {@link #ASSISTANT_DAY} by the user the events name: a team's prompts, answers and feedback. */
    USER_ASSISTANT_DAY("rollup_user_assistant_day", Take.typesOfUsers("USER_MESSAGE", "ASSISTANT_MESSAGE", "FEEDBACK"),
            List.of("assistant_id", "module", "user_id"), List.of(
                    Aggregate.sum("prompts", "user_messages"), Aggregate.sum("assistant_messages", "assistant_messages"),
                    Aggregate.sum("positive_feedback", "positive_feedback"),
                    Aggregate.sum("negative_feedback", "negative_feedback")),
            (row, day) -> day.assistant(row.text("assistant_id"), row.text("module"), row.number("prompts"),
                    row.number("assistant_messages"), row.number("positive_feedback"),
                    row.number("negative_feedback")), true),

    /** Projects each user used per day: distinct projects per user over any range. */
    USER_PROJECT_DAY("rollup_user_project_day", Take.types("PROJECT_USED"), List.of("user_id", "project_id"),
            List.of(),
            (row, day) -> day.project(row.text("project_id"), row.text("user_id"))),

    /** Users of each connector per day: distinct users per connector over any range. */
    CONNECTOR_USER_DAY("rollup_connector_user_day", Take.types("CONNECTOR_USED"), List.of("connector", "user_id"),
            List.of(),
            (row, day) -> day.connector(row.text("connector"), row.text("user_id"))),

    /** Users per app version and environment per day. */
    ENVIRONMENT_USER_DAY("rollup_environment_user_day", Take.WITH_USER,
            List.of("app_version", "platform", "deployment", "user_id"), List.of(),
            (row, day) -> day.environment(row.text("app_version"), row.text("platform"), row.text("deployment"),
                    row.text("user_id"))),

    /** Spend per user and model per day. */
    SPEND_DAY("rollup_spend_day", Take.types("SPEND"), List.of("user_id", "model"), List.of(
            Aggregate.sum("amount_micros", "amount_micros"), Aggregate.count("events")),
            (row, day) -> day.spend(row.text("user_id"), row.text("model"), row.number("amount_micros"))),

    /** What happened to each invite per day: pending invites on any day. */
    INVITE_DAY("rollup_invite_day", Take.types("INVITE_SENT", "INVITE_ACCEPTED", "INVITE_REVOKED"),
            List.of("invite_id"), List.of(
                    Aggregate.anyOfType("sent", "INVITE_SENT"), Aggregate.anyOfType("accepted", "INVITE_ACCEPTED"),
                    Aggregate.anyOfType("revoked", "INVITE_REVOKED")),
            (row, day) -> day.invite(row.text("invite_id"), row.flag("sent"), row.flag("accepted"),
                    row.flag("revoked")));

    /** The columns of event_measure the tables are built from, besides company_id and day. */
    public static final List<String> EVENT_COLUMNS = Stream.concat(
            Stream.of("type", "user_id", "chat_id", "assistant_id", "module", "project_id", "connector", "invite_id",
                    "model", "amount_micros", "app_version", "platform", "deployment", "received_at"),
            Arrays.stream(Measure.values()).filter(m -> m != Measure.EVENTS).map(m -> m.column))
            .toList();

    /** A column as the table's migration creates it; {@code type} as PostgreSQL's format_type names it. */
    public record Column(String name, String type) {
    }

    /** Which events a table takes: of these types (null: of any), and only those of a user with withUser. */
    public record Take(String where, Set<String> types, boolean withUser) {

        static final Take ALL = new Take(null, null, false);
        /** Events of a user: the others (invites, say) have no one to count. */
        static final Take WITH_USER = new Take("user_id IS NOT NULL", null, true);

        static Take types(String... types) {
            return new Take(types.length == 1 ? "type = '" + types[0] + "'"
                    : Arrays.stream(types).map(t -> "'" + t + "'").collect(Collectors.joining(", ", "type IN (", ")")),
                    Set.of(types), false);
        }

        /** Events of these types that name a user. */
        static Take typesOfUsers(String... types) {
            return new Take(types(types).where() + " AND user_id IS NOT NULL", Set.of(types), true);
        }
    }

    /** What a table computes per group: a column from the group's events. */
    public record Aggregate(Kind kind, String column, String source) {

        public enum Kind {
            /** How many events: count(*). */
            COUNT("bigint"),
            /** The sum of an event column: sum(source). */
            SUM("bigint"),
            /** The latest instant of an event column: max(source). */
            NEWEST("timestamp with time zone"),
            /** Whether an event of the type named by source is among them: bool_or(type = source). */
            ANY_OF_TYPE("boolean"),
            /** The number of the rollup run that wrote the row (0 for rows computed from events not rolled up). */
            RUN("bigint");

            final String type;

            Kind(String type) {
                this.type = type;
            }
        }

        static Aggregate count(String column) {
            return new Aggregate(Kind.COUNT, column, null);
        }

        static Aggregate sum(String column, String source) {
            return new Aggregate(Kind.SUM, column, source);
        }

        static Aggregate newest(String column, String source) {
            return new Aggregate(Kind.NEWEST, column, source);
        }

        static Aggregate anyOfType(String column, String type) {
            return new Aggregate(Kind.ANY_OF_TYPE, column, type);
        }

        static Aggregate run(String column) {
            return new Aggregate(Kind.RUN, column, null);
        }

        String sql() {
            return switch (kind) {
                case COUNT -> "count(*)";
                case SUM -> "sum(" + source + ")";
                case NEWEST -> "max(" + source + ")";
                case ANY_OF_TYPE -> "bool_or(type = '" + source + "')";
                case RUN -> "{run}";
            };
        }
    }

    /** What one row adds to a day. */
    @FunctionalInterface
    public interface Decoder {
        void add(RollupRow row, DayParts day);
    }

    /** The table's name: of its rows, as every reader in SQL reads them. */
    public final String table;
    /**
     * Whether its rows are stored packed (V12): one row per company-day, every other column an array with one
     * element per row. Every table with a key is; {@link #table} is then a view that unnests them.
     */
    public final boolean packed;
    /** The table the rows are stored in: {@link #table}, or its packed table when {@link #packed}. */
    public final String stored;
    /** Whether its rows name the user whose events they sum: a team's figures read these. */
    public final boolean byUser;
    /**
     * Whether only a team's figures read it: it splits another table's rows by user, so a company's figures read
     * that smaller table instead.
     */
    public final boolean forTeamsOnly;
    final Take take;
    /** The event columns the rows are grouped by, besides company_id and day: the table's key. */
    final List<String> keys;
    final List<Aggregate> aggregates;
    private final List<Column> columns;
    private final String[] names;
    private final String select;
    private final Decoder decoder;

    RollupTable(String table, Take take, List<String> keys, List<Aggregate> aggregates, Decoder decoder) {
        this(table, take, keys, aggregates, decoder, false);
    }

    RollupTable(String table, Take take, List<String> keys, List<Aggregate> aggregates, Decoder decoder,
            boolean forTeamsOnly) {
        this.table = table;
        this.packed = !keys.isEmpty();
        this.stored = packed ? table + "_packed" : table;
        this.byUser = keys.contains("user_id");
        this.forTeamsOnly = forTeamsOnly;
        this.take = take;
        this.keys = keys;
        this.aggregates = aggregates;
        List<Column> columns = new ArrayList<>();
        columns.add(new Column("company_id", "text"));
        columns.add(new Column("day", "date"));
        keys.forEach(key -> columns.add(new Column(key, "text")));
        aggregates.forEach(aggregate -> columns.add(new Column(aggregate.column(), aggregate.kind().type)));
        this.columns = List.copyOf(columns);
        // interned: the decoders name columns by literals, so a lookup is mostly a comparison of references
        this.names = columns.stream().map(c -> c.name().intern()).toArray(String[]::new);
        List<String> selected = new ArrayList<>(List.of("company_id", "day"));
        selected.addAll(keys);
        aggregates.forEach(aggregate -> selected.add(aggregate.sql()));
        List<String> grouped = new ArrayList<>(List.of("company_id", "day"));
        grouped.addAll(keys);
        this.select = "SELECT " + String.join(", ", selected) + "\n  FROM {events}"
                + (take.where() == null ? "" : "\n WHERE " + take.where())
                + "\n GROUP BY " + String.join(", ", grouped);
        this.decoder = decoder;
    }

    /** Every column, in the order of {@link #select}: company_id, day, the key, then the aggregates. */
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
     * The rows of this table aggregated from {@code events} in SQL: a relation with company_id, day and
     * {@link #EVENT_COLUMNS} (a table, or a subquery with its alias); {@code run} for rollup_run. The reference for
     * the rows computed in memory (RollupTableTest).
     */
    public String select(String events, long run) {
        return select.replace("{events}", events).replace("{run}", Long.toString(run));
    }

    /** Adds one row of this table (or of its SELECT, or of {@link TailRows}) to a day. */
    public void decode(RollupRow row, DayParts day) {
        decoder.add(row, day);
    }
}
