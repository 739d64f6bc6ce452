package io.usageanalytics.figures.report;

import java.time.LocalDate;

import org.eclipse.microprofile.graphql.Description;

@Description("The order of the per-user report: highest first, ties by user id (ascending), so that pages are stable.")
public enum UserReportOrder {
    @Description("The latest last active day first.")
    LAST_ACTIVE,
    @Description("The most active days in the range first.")
    ACTIVE_DAYS,
    @Description("The most user messages in the range first.")
    USER_MESSAGES,
    @Description("The highest spend in the range first; SPEND_NOT_ENABLED where the company does not have extra usage "
            + "enabled.")
    SPEND;

    /** The row's sort key: larger comes first. */
    long key(UserReportRow row) {
        return switch (this) {
            case LAST_ACTIVE -> row.lastActiveDay().toEpochDay();
            case ACTIVE_DAYS -> row.activeDays();
            case USER_MESSAGES -> row.userMessages();
            case SPEND -> row.spendMicros();
        };
    }

    /** The key as a cursor writes it: the order's name (a cursor of one order is no cursor of another), the value. */
    String keyText(long key) {
        return name() + "/" + (this == LAST_ACTIVE ? LocalDate.ofEpochDay(key).toString() : Long.toString(key));
    }

    /** Reads what {@link #keyText} wrote; any other text fails (an IllegalArgumentException or a parse error). */
    long parseKey(String text) {
        if (!text.startsWith(name() + "/")) {
            throw new IllegalArgumentException("a cursor of another order");
        }
        String value = text.substring(name().length() + 1);
        return this == LAST_ACTIVE ? LocalDate.parse(value).toEpochDay() : Long.parseLong(value);
    }
}
