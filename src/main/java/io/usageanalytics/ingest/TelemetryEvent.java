package io.usageanalytics.ingest;

import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

/** A validated event, ready to be stored: one field per column of the event table. */
public record TelemetryEvent(
        String companyId,
        UUID eventId,
        OffsetDateTime occurredAt,
        EventType type,
        Map<Attribute, Object> attributes,
        String appVersion,
        String platform,
        String deployment) {

    public String text(Attribute attribute) {
        Object value = attributes.get(attribute);
        return value == null ? null : value.toString();
    }

    public Long amountMicros() {
        return (Long) attributes.get(Attribute.AMOUNT_MICROS);
    }
}
