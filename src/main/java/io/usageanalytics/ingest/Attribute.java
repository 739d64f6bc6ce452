package io.usageanalytics.ingest;

import java.util.Set;

/** A type-specific attribute of an event, as named in the JSON and stored in its own column. */
public enum Attribute {
    USER_ID("userId", Kind.USER_ID, null),
    CHAT_ID("chatId", Kind.ID, null),
    ASSISTANT_ID("assistantId", Kind.ID, null),
    MODULE("module", Kind.LABEL, null),
    FOLDER_KIND("folderKind", Kind.CHOICE, Set.of("PROJECT", "DOMAIN", "OTHER")),
    RATING("rating", Kind.CHOICE, Set.of("POSITIVE", "NEGATIVE")),
    PROJECT_ID("projectId", Kind.ID, null),
    CONNECTOR("connector", Kind.LABEL, null),
    INVITE_ID("inviteId", Kind.ID, null),
    MODEL("model", Kind.LABEL, null),
    AMOUNT_MICROS("amountMicros", Kind.AMOUNT, null);

    /** How a value is checked. */
    enum Kind {
        /** A pseudonymous user id: an identifier that must not look like personal data. */
        USER_ID,
        /** An opaque identifier: no whitespace, nothing that looks like personal data. */
        ID,
        /** A human-readable name such as a module, connector or model: spaces allowed, personal data not. */
        LABEL,
        /** One of a fixed set of values. */
        CHOICE,
        /** A non-negative integer amount, at most {@link EventValidator#MAX_AMOUNT_MICROS}. */
        AMOUNT
    }

    final String json;
    final Kind kind;
    final Set<String> choices;

    Attribute(String json, Kind kind, Set<String> choices) {
        this.json = json;
        this.kind = kind;
        this.choices = choices;
    }
}
