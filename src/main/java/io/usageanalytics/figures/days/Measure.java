package io.usageanalytics.figures.days;

/**
 * The additive counts of a company-day, in the order of the columns of
 * rollup_company_day and of the event_measure view that defines them.
 */
public enum Measure {
    EVENTS("1"),
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
    SPEND_MICROS("spend_micros");

    /** The column of event_measure with this measure of one event. */
    final String eventColumn;

    Measure(String eventColumn) {
        this.eventColumn = eventColumn;
    }

    /** The column of rollup_company_day. */
    String rollupColumn() {
        return this == EVENTS ? "events" : eventColumn;
    }
}
