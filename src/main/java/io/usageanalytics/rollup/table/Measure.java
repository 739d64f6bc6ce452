package io.usageanalytics.rollup.table;

/**
 * The additive counts of a company-day: each is a column of the event_measure
 * view (one event's share) and a column of rollup_company_day (the day's sum),
 * of the same name. The description of rollup_company_day follows from this
 * list (RollupTable.COMPANY_DAY).
 *
 * The rollup job and the reads of events not rolled up yet take an event's
 * share from {@link #share} rather than from the view: the view's ten
 * conditions cost PostgreSQL a third of reading each event. {@link #share}
 * states the view's definition (V2, V11) once more, and MeasureTest checks
 * both give the same share for every type, folder kind and rating.
 */
public enum Measure {
    EVENTS("events", "count(*)", null, null, null),
    FILE_FOLDERS("file_folders", "FOLDER_CREATED"),
    PROJECTS_CREATED("projects_created", "FOLDER_CREATED", "PROJECT", null),
    GROUPS_CREATED("groups_created", "GROUP_CREATED"),
    CHATS_CREATED("chats_created", "CHAT_CREATED"),
    SPACES_CREATED("spaces_created", "SPACE_CREATED"),
    USER_MESSAGES("user_messages", "USER_MESSAGE"),
    ASSISTANT_MESSAGES("assistant_messages", "ASSISTANT_MESSAGE"),
    POSITIVE_FEEDBACK("positive_feedback", "FEEDBACK", null, "POSITIVE"),
    NEGATIVE_FEEDBACK("negative_feedback", "FEEDBACK", null, "NEGATIVE"),
    ARTIFACTS_CREATED("artifacts_created", "ARTIFACT_CREATED"),
    /** The amount of a SPEND event. */
    SPEND_MICROS("spend_micros", "sum(spend_micros)", "SPEND", null, null);

    /** The column of rollup_company_day (and of event_measure, except for EVENTS: every event is one). */
    public final String column;
    /** How a day's value is aggregated from the day's rows of event_measure. */
    final String aggregate;
    /** The type of the events it counts (null: every event); and their folder kind and rating, where given. */
    private final String type;
    private final String folderKind;
    private final String rating;

    /** A flag: 1 for an event of this type, 0 for any other. */
    Measure(String column, String type) {
        this(column, type, null, null);
    }

    /** A flag: 1 for an event of this type, folder kind (when not null) and rating (when not null). */
    Measure(String column, String type, String folderKind, String rating) {
        this(column, "sum(" + column + ")", type, folderKind, rating);
    }

    Measure(String column, String aggregate, String type, String folderKind, String rating) {
        this.column = column;
        this.aggregate = aggregate;
        this.type = type;
        this.folderKind = folderKind;
        this.rating = rating;
    }

    /**
     * One event's share, as event_measure's column of the same name gives it: 1 or 0 (Integer) for a flag, the
     * amount or 0 (Long) for SPEND_MICROS, 1 for EVENTS. As in SQL, an event of the type without the folder kind
     * or rating a flag asks for counts null (not counted; ingestion requires both).
     */
    public Number share(String type, String folderKind, String rating, Long amountMicros) {
        if (this.type != null && !this.type.equals(type)) {
            return this == SPEND_MICROS ? ZERO : (Integer) 0;
        }
        if (this == SPEND_MICROS) {
            return amountMicros;
        }
        if (this.folderKind != null && folderKind == null || this.rating != null && rating == null) {
            return null;
        }
        return this.folderKind != null && !this.folderKind.equals(folderKind)
                || this.rating != null && !this.rating.equals(rating) ? 0 : 1;
    }

    private static final Long ZERO = 0L;
}
