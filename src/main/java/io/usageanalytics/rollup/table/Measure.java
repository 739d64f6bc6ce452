package io.usageanalytics.rollup.table;

/**
 * The additive counts of a company-day: each is a column of the event_measure
 * view (one event's share) and a column of rollup_company_day (the day's sum),
 * of the same name. The description of rollup_company_day follows from this
 * list (RollupTable.COMPANY_DAY).
 */
public enum Measure {
    EVENTS("events", "count(*)", false),
    FILE_FOLDERS("file_folders"),
    PROJECTS_CREATED("projects_created"),
    GROUPS_CREATED("groups_created"),
    CHATS_CREATED("chats_created"),
    SPACES_CREATED("spaces_created"),
    USER_MESSAGES("user_messages"),
    ASSISTANT_MESSAGES("assistant_messages"),
    POSITIVE_FEEDBACK("positive_feedback"),
    NEGATIVE_FEEDBACK("negative_feedback"),
    ARTIFACTS_CREATED("artifacts_created"),
    SPEND_MICROS("spend_micros", "sum(spend_micros)", false);

    /** The column of rollup_company_day (and of event_measure, except for EVENTS: every event is one). */
    public final String column;
    /** How a day's value is aggregated from the day's rows of event_measure. */
    final String aggregate;
    /**
     * Whether an event counts 0 or 1 towards it: event_measure's column is a condition on the event, as an int.
     * The rollup job reads these as the bits of one number ({@link TailRows#readColumns}).
     */
    final boolean flag;

    Measure(String column) {
        this(column, "sum(" + column + ")", true);
    }

    Measure(String column, String aggregate, boolean flag) {
        this.column = column;
        this.aggregate = aggregate;
        this.flag = flag;
    }
}
