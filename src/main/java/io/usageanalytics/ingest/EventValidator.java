package io.usageanalytics.ingest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.databind.JsonNode;

import io.usageanalytics.error.ApiException;
import io.usageanalytics.privacy.PersonalDataGuard;

/**
 * Checks one incoming event against the event contract and turns it into a
 * {@link TelemetryEvent}, or says exactly what is wrong with it.
 */
@ApplicationScoped
public class EventValidator {

    static final int MAX_ID_LENGTH = 128;
    static final int MAX_LABEL_LENGTH = 100;
    /** USD 1,000,000 in micro-units: more in one event is a client error, and sums stay far from overflowing. */
    static final long MAX_AMOUNT_MICROS = 1_000_000_000_000L;
    private static final Set<String> COMMON_FIELDS = Set.of("eventId", "companyId", "occurredAt", "type", "appVersion",
            "environment");
    private static final Set<String> ENVIRONMENT_FIELDS = Set.of("platform", "deployment");
    private static final Map<String, Attribute> ATTRIBUTES_BY_NAME = Arrays.stream(Attribute.values())
            .collect(Collectors.toUnmodifiableMap(a -> a.json, a -> a));

    private final Duration maxClockSkew;
    private final Duration rawRetention;
    private final Clock clock;

    @Inject
    public EventValidator(IngestConfig config,
            @ConfigProperty(name = "analytics.retention.raw-events") Duration rawRetention) {
        this(config.maxClockSkew(), rawRetention, Clock.systemUTC());
    }

    EventValidator(Duration maxClockSkew, Duration rawRetention, Clock clock) {
        this.maxClockSkew = maxClockSkew;
        this.rawRetention = rawRetention;
        this.clock = clock;
    }

    /** The outcome for one event: either {@code event} or {@code problem} is set. */
    public record Checked(TelemetryEvent event, String problem) {
        static Checked valid(TelemetryEvent event) {
            return new Checked(event, null);
        }

        static Checked invalid(String problem) {
            return new Checked(null, problem);
        }
    }

    public Checked check(JsonNode node) {
        try {
            return Checked.valid(toEvent(node));
        } catch (InvalidEvent e) {
            return Checked.invalid(e.getMessage());
        }
    }

    private TelemetryEvent toEvent(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new InvalidEvent("an event must be a JSON object");
        }
        UUID eventId = uuid(node, "eventId");
        String companyId = freeText("companyId", required(node, "companyId"), MAX_ID_LENGTH, false);
        OffsetDateTime occurredAt = occurredAt(node);
        EventType type = type(node);

        Map<Attribute, Object> attributes = new EnumMap<>(Attribute.class);
        for (Iterator<String> names = node.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (COMMON_FIELDS.contains(name)) {
                continue;
            }
            Attribute attribute = ATTRIBUTES_BY_NAME.get(name);
            if (attribute == null) {
                // also when null: a misspelt name shows at once instead of as a missing figure
                throw new InvalidEvent("unknown field '" + ApiException.shorten(name) + "'");
            }
            if (node.get(name).isNull()) {
                continue; // a known attribute sent as null is an attribute not sent
            }
            if (!type.allowed.contains(attribute)) {
                throw new InvalidEvent("field '" + name + "' does not belong to a " + type + " event");
            }
            attributes.put(attribute, value(attribute, node.get(name)));
        }
        for (Attribute attribute : type.required) {
            if (!attributes.containsKey(attribute)) {
                throw new InvalidEvent("a " + type + " event needs '" + attribute.json + "'");
            }
        }

        String appVersion = optionalFreeText(node, "appVersion", "appVersion", MAX_LABEL_LENGTH);
        String platform = null;
        String deployment = null;
        JsonNode environment = node.get("environment");
        if (environment != null && !environment.isNull()) {
            if (!environment.isObject()) {
                throw new InvalidEvent("environment must be an object with 'platform' and/or 'deployment'");
            }
            for (Iterator<String> names = environment.fieldNames(); names.hasNext();) {
                String name = names.next();
                if (!ENVIRONMENT_FIELDS.contains(name)) {
                    throw new InvalidEvent("unknown field 'environment." + name + "'");
                }
            }
            platform = optionalFreeText(environment, "platform", "environment.platform", MAX_LABEL_LENGTH);
            deployment = optionalFreeText(environment, "deployment", "environment.deployment", MAX_LABEL_LENGTH);
        }
        return new TelemetryEvent(companyId, eventId, occurredAt, type, attributes, appVersion, platform, deployment);
    }

    private static UUID uuid(JsonNode node, String field) {
        String text = requiredText(node, field, 36, false);
        try {
            UUID uuid = UUID.fromString(text);
            if (text.length() != 36) {
                throw new IllegalArgumentException();
            }
            return uuid;
        } catch (IllegalArgumentException e) {
            throw new InvalidEvent(field + " must be a UUID such as 3f2c1a9e-8b7d-4c6e-9f01-23456789abcd");
        }
    }

    private OffsetDateTime occurredAt(JsonNode node) {
        String text = requiredText(node, "occurredAt", 64, true);
        Instant instant;
        try {
            instant = OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidEvent("occurredAt must be an ISO-8601 instant with an offset, such as 2026-03-01T09:30:00Z");
        }
        Instant now = clock.instant();
        if (instant.isAfter(now.plus(maxClockSkew))) {
            throw new InvalidEvent("occurredAt " + text + " lies in the future (more than " + maxClockSkew
                    + " ahead of the server clock)");
        }
        if (instant.isBefore(now.minus(rawRetention))) {
            throw new InvalidEvent("occurredAt " + text + " is older than the raw-event retention of "
                    + rawRetention.toDays() + " days");
        }
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static EventType type(JsonNode node) {
        String text = requiredText(node, "type", 64, false);
        try {
            return EventType.valueOf(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidEvent("unknown event type '" + text + "'");
        }
    }

    private static Object value(Attribute attribute, JsonNode value) {
        return switch (attribute.kind) {
            case USER_ID -> {
                String userId = string(attribute.json, value, MAX_ID_LENGTH);
                refuse(PersonalDataGuard.problemWithUserId(userId));
                yield userId;
            }
            case ID -> freeText(attribute.json, value, MAX_ID_LENGTH, false);
            case LABEL -> freeText(attribute.json, value, MAX_LABEL_LENGTH, true);
            case CHOICE -> {
                String choice = text(attribute.json, value, 32, false);
                if (!attribute.choices.contains(choice)) {
                    throw new InvalidEvent(attribute.json + " must be one of " + attribute.choices.stream().sorted().toList()
                            + ", not '" + choice + "'");
                }
                yield choice;
            }
            case AMOUNT -> amountMicros(attribute.json, value);
        };
    }

    /** A JSON integer: 1e3, 1.0 and "5" are refused; an integer too long for a long still gets a reason. */
    private static long amountMicros(String field, JsonNode value) {
        // the sign is read only from an integer: converting 1e400 or 1e999999999 would throw or take long
        if (!value.isIntegralNumber()
                || (value.canConvertToLong() ? value.longValue() < 0 : value.bigIntegerValue().signum() < 0)) {
            throw new InvalidEvent(field + " must be a whole number of micro-units, 0 or more");
        }
        if (!value.canConvertToLong() || value.longValue() > MAX_AMOUNT_MICROS) {
            throw new InvalidEvent(field + " must be at most " + MAX_AMOUNT_MICROS
                    + " micro-units (USD 1,000,000) per event");
        }
        return value.longValue();
    }

    private static JsonNode required(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new InvalidEvent("missing '" + field + "'");
        }
        return value;
    }

    private static String requiredText(JsonNode node, String field, int maxLength, boolean spacesAllowed) {
        return text(field, required(node, field), maxLength, spacesAllowed);
    }

    /** An optional label; {@code name} is how a reason calls it. */
    private static String optionalFreeText(JsonNode node, String field, String name, int maxLength) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : freeText(name, value, maxLength, true);
    }

    /** A value of a fixed form (a UUID, a type, a time, a choice): checked for its form afterwards. */
    private static String text(String field, JsonNode value, int maxLength, boolean spacesAllowed) {
        String text = string(field, value, maxLength);
        if (text.codePoints().anyMatch(Character::isISOControl)) {
            throw new InvalidEvent(field + " must not contain control characters");
        }
        if (!spacesAllowed) {
            refuseWhitespace(field, text);
        }
        return text;
    }

    /** An id or label the client chose: it must not carry personal data. */
    private static String freeText(String field, JsonNode value, int maxLength, boolean spacesAllowed) {
        String text = string(field, value, maxLength);
        // before the whitespace check, so "+49 170 1234567" is named a phone number
        refuse(PersonalDataGuard.problemWith(field, text));
        if (!spacesAllowed) {
            refuseWhitespace(field, text);
        }
        return text;
    }

    private static String string(String field, JsonNode value, int maxLength) {
        if (!value.isTextual()) {
            throw new InvalidEvent(field + " must be a string");
        }
        String text = value.textValue();
        if (text.isBlank() || text.length() > maxLength) {
            throw new InvalidEvent(field + " must be 1-" + maxLength + " characters and not blank");
        }
        return text;
    }

    private static void refuseWhitespace(String field, String text) {
        if (text.codePoints().anyMatch(PersonalDataGuard::isSpace)) {
            throw new InvalidEvent(field + " must not contain whitespace");
        }
    }

    private static void refuse(Optional<String> problem) {
        problem.ifPresent(reason -> {
            throw new InvalidEvent(reason);
        });
    }

    private static final class InvalidEvent extends RuntimeException {
        InvalidEvent(String message) {
            super(message, null, false, false);
        }
    }
}
