package io.usageanalytics.ingest;

import static io.usageanalytics.ingest.Attribute.AMOUNT_MICROS;
import static io.usageanalytics.ingest.Attribute.ASSISTANT_ID;
import static io.usageanalytics.ingest.Attribute.CHAT_ID;
import static io.usageanalytics.ingest.Attribute.CONNECTOR;
import static io.usageanalytics.ingest.Attribute.FOLDER_KIND;
import static io.usageanalytics.ingest.Attribute.INVITE_ID;
import static io.usageanalytics.ingest.Attribute.MODEL;
import static io.usageanalytics.ingest.Attribute.MODULE;
import static io.usageanalytics.ingest.Attribute.PROJECT_ID;
import static io.usageanalytics.ingest.Attribute.RATING;
import static io.usageanalytics.ingest.Attribute.USER_ID;

import java.util.EnumSet;
import java.util.Set;

/**
 * The telemetry event types and the attributes each one carries. A userId is
 * allowed on every type (it makes that user active on that day); where the
 * type is about a user's action it is required.
 */
public enum EventType {
    USER_ACTIVE(Set.of(USER_ID), Set.of()),
    FOLDER_CREATED(Set.of(USER_ID, FOLDER_KIND), Set.of()),
    GROUP_CREATED(Set.of(USER_ID), Set.of()),
    CHAT_CREATED(Set.of(USER_ID, CHAT_ID), Set.of()),
    SPACE_CREATED(Set.of(USER_ID), Set.of()),
    USER_MESSAGE(Set.of(USER_ID, CHAT_ID), Set.of(ASSISTANT_ID, MODULE)),
    ASSISTANT_MESSAGE(Set.of(CHAT_ID), Set.of(USER_ID, ASSISTANT_ID, MODULE)),
    FEEDBACK(Set.of(USER_ID, RATING), Set.of(ASSISTANT_ID)),
    ARTIFACT_CREATED(Set.of(USER_ID), Set.of()),
    PROJECT_USED(Set.of(USER_ID, PROJECT_ID), Set.of()),
    CONNECTOR_USED(Set.of(USER_ID, CONNECTOR), Set.of()),
    INVITE_SENT(Set.of(INVITE_ID), Set.of(USER_ID)),
    INVITE_ACCEPTED(Set.of(INVITE_ID), Set.of(USER_ID)),
    INVITE_REVOKED(Set.of(INVITE_ID), Set.of(USER_ID)),
    SPEND(Set.of(USER_ID, MODEL, AMOUNT_MICROS), Set.of());

    final Set<Attribute> required;
    final Set<Attribute> allowed;

    EventType(Set<Attribute> required, Set<Attribute> optional) {
        this.required = Set.copyOf(required);
        EnumSet<Attribute> all = EnumSet.noneOf(Attribute.class);
        all.addAll(required);
        all.addAll(optional);
        this.allowed = Set.copyOf(all);
    }
}
