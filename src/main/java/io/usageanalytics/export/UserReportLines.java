package io.usageanalytics.export;

import java.util.List;
import java.util.function.Function;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.usageanalytics.figures.report.UserReportRow;

/**
 * The per-user report as download lines: a CSV line or an NDJSON object per user, the same fields in the same
 * order (CSV headers in snake_case, JSON names as in GraphQL).
 */
public final class UserReportLines {

    private record Column(String csvName, String jsonName, Function<UserReportRow, Object> value) {
    }

    private static final List<Column> COLUMNS = List.of(
            new Column("user_id", "userId", UserReportRow::userId),
            new Column("first_active_day", "firstActiveDay", UserReportRow::firstActiveDay),
            new Column("last_active_day", "lastActiveDay", UserReportRow::lastActiveDay),
            new Column("active_days", "activeDays", UserReportRow::activeDays),
            new Column("chats_created", "chatsCreated", UserReportRow::chatsCreated),
            new Column("user_messages", "userMessages", UserReportRow::userMessages),
            new Column("assistant_messages", "assistantMessages", UserReportRow::assistantMessages),
            new Column("projects_used", "projectsUsed", UserReportRow::projectsUsed),
            new Column("artifacts_created", "artifactsCreated", UserReportRow::artifactsCreated),
            new Column("connectors_used", "connectorsUsed", UserReportRow::connectorsUsed),
            new Column("positive_feedback", "positiveFeedback", UserReportRow::positiveFeedback),
            new Column("negative_feedback", "negativeFeedback", UserReportRow::negativeFeedback),
            new Column("spend_micros", "spendMicros", UserReportRow::spendMicros),
            new Column("team_ids", "teamIds", UserReportRow::teamIds));

    private UserReportLines() {
    }

    public static String csvHeader() {
        return Csv.line(COLUMNS.stream().map(Column::csvName).toArray());
    }

    /** One CSV line; the team ids separated by spaces (a team id has no whitespace), spend empty when null. */
    public static String csv(UserReportRow row) {
        return Csv.line(COLUMNS.stream().map(c -> c.value().apply(row))
                .map(value -> value instanceof List<?> ids ? String.join(" ", ids.stream().map(String::valueOf).toList())
                        : value)
                .toArray());
    }

    /**
     * One JSON object (an NDJSON line once written): numbers as numbers, days as ISO dates, the team ids as an
     * array, the fields in the order of the CSV columns.
     */
    public static ObjectNode json(UserReportRow row) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        for (Column column : COLUMNS) {
            switch (column.value().apply(row)) {
                case null -> json.putNull(column.jsonName());
                case Integer number -> json.put(column.jsonName(), number);
                case Long number -> json.put(column.jsonName(), number);
                case List<?> list -> {
                    ArrayNode items = json.putArray(column.jsonName());
                    list.forEach(item -> items.add(String.valueOf(item)));
                }
                case Object value -> json.put(column.jsonName(), value.toString());
            }
        }
        return json;
    }
}
