package io.usageanalytics.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.usageanalytics.ingest.EventValidator.Checked;

class EventValidatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");
    private static final String AT = "2026-11-20T09:30:00Z";

    private final EventValidator validator = new EventValidator(Duration.ofMinutes(5), Duration.ofDays(90),
            Clock.fixed(NOW, ZoneOffset.UTC));

    /** Every free-text field, with the type of an event that carries it and the other attributes that type needs. */
    private static final Map<String, List<Object>> EVENTS_BY_FIELD = Map.ofEntries(
            Map.entry("companyId", List.of("USER_ACTIVE", "userId", "u1")),
            Map.entry("userId", List.of("USER_ACTIVE")),
            Map.entry("chatId", List.of("CHAT_CREATED", "userId", "u1")),
            Map.entry("assistantId", List.of("USER_MESSAGE", "userId", "u1", "chatId", "c1")),
            Map.entry("module", List.of("USER_MESSAGE", "userId", "u1", "chatId", "c1")),
            Map.entry("projectId", List.of("PROJECT_USED", "userId", "u1")),
            Map.entry("connector", List.of("CONNECTOR_USED", "userId", "u1")),
            Map.entry("inviteId", List.of("INVITE_SENT")),
            Map.entry("model", List.of("SPEND", "userId", "u1", "amountMicros", 1)),
            Map.entry("appVersion", List.of("USER_ACTIVE", "userId", "u1")),
            Map.entry("environment.platform", List.of("USER_ACTIVE", "userId", "u1")),
            Map.entry("environment.deployment", List.of("USER_ACTIVE", "userId", "u1")));

    private static final List<String> E_MAILS = List.of("jane.roe@example.com", "john＠example.com",
            "john@example.com@", "x:john@example.com", "mailto:jane", "john(at)example(dot)com");
    private static final List<String> PHONE_NUMBERS = List.of("+491701234567", "+49 170 1234567",
            "tel:+491701234567", "＋４９１７０１２３４５６７", "(555) 123-4567");

    static Stream<Arguments> eMailsInEveryField() {
        return EVENTS_BY_FIELD.keySet().stream().sorted().flatMap(field -> E_MAILS.stream().map(v -> Arguments.of(field, v)));
    }

    static Stream<Arguments> phoneNumbersInEveryField() {
        return EVENTS_BY_FIELD.keySet().stream().sorted()
                .flatMap(field -> PHONE_NUMBERS.stream().map(v -> Arguments.of(field, v)));
    }

    static Stream<String> everyField() {
        return EVENTS_BY_FIELD.keySet().stream().sorted();
    }

    @Test
    void anEventWithEveryFreeTextFieldIsAccepted() {
        for (String field : EVENTS_BY_FIELD.keySet()) {
            Checked checked = validator.check(eventWith(field, "ok-value_1"));
            assertNull(checked.problem(), field);
            assertNotNull(checked.event(), field);
        }
    }

    @ParameterizedTest
    @MethodSource("eMailsInEveryField")
    void everyFreeTextFieldRefusesAnEMailAddress(String field, String value) {
        String problem = problemOf(eventWith(field, value));
        assertTrue(problem.startsWith(field + " looks like an e-mail address; "), problem);
    }

    @ParameterizedTest
    @MethodSource("phoneNumbersInEveryField")
    void everyFreeTextFieldRefusesAPhoneNumber(String field, String value) {
        String problem = problemOf(eventWith(field, value));
        assertTrue(problem.startsWith(field + " looks like a phone number; "), problem);
    }

    @ParameterizedTest
    @MethodSource("everyField")
    void everyFreeTextFieldRefusesALoneSurrogate(String field) {
        assertEquals(field + " must not contain an unpaired surrogate (U+D800)", problemOf(eventWith(field, "x\uD800")));
    }

    @ParameterizedTest
    @MethodSource("everyField")
    void everyFreeTextFieldRefusesNul(String field) {
        assertEquals(field + " must not contain control characters (U+0000)", problemOf(eventWith(field, "x\u0000y")));
    }

    @ParameterizedTest
    @MethodSource("everyField")
    void everyFreeTextFieldRefusesInvisibleFormatting(String field) {
        assertEquals(field + " must not contain invisible formatting characters (U+202E)",
                problemOf(eventWith(field, "x\u202Ey")));
    }

    @Test
    void aLoneSurrogateIsRefusedAlsoWhenItArrivesEscapedInJson() throws JsonProcessingException {
        ObjectNode event = eventWith("chatId", "PLACEHOLDER");
        JsonNode parsed = JSON.readTree(JSON.writeValueAsString(event).replace("PLACEHOLDER", "c\\ud800"));
        assertEquals("chatId must not contain an unpaired surrogate (U+D800)", problemOf(parsed));
    }

    @Test
    void idsStillRefuseWhitespaceAndLabelsAllowIt() {
        assertEquals("chatId must not contain whitespace", problemOf(eventWith("chatId", "chat 1")));
        assertEquals("userId contains whitespace; send a pseudonymous id such as a salted hash, not a name",
                problemOf(eventWith("userId", "Jane Doe")));
        assertNull(validator.check(eventWith("module", "Document Analysis")).problem());
    }

    @Test
    void modelIdsWithAVersionAfterTheAtAndPlainVersionsAreAccepted() {
        for (String model : List.of("claude-3-5-sonnet@20240620", "gemini-1.5@001", "gpt-4o-mini")) {
            assertNull(validator.check(eventWith("model", model)).problem(), model);
        }
        for (String version : List.of("2.4.1", "10.0.19041", "v2026.11.30.1234")) {
            assertNull(validator.check(eventWith("appVersion", version)).problem(), version);
        }
        assertTrue(problemOf(eventWith("appVersion", "2026.11.30.1234")).startsWith("appVersion looks like a phone number"));
    }

    // ------------------------------------------------------------------ amountMicros

    @Test
    void exactlyTheAmountBoundIsAccepted() throws JsonProcessingException {
        Checked checked = validator.check(spend("1000000000000"));
        assertNull(checked.problem());
        assertEquals(EventValidator.MAX_AMOUNT_MICROS, checked.event().amountMicros());
        assertEquals(0L, validator.check(spend("0")).event().amountMicros());
    }

    @ParameterizedTest
    @ValueSource(strings = { "1000000000001", "5000000000000000000", "9223372036854775807", "9223372036854775808" })
    void amountsAboveTheBoundAreRefused(String amount) throws JsonProcessingException {
        assertEquals("amountMicros must be at most 1000000000000 micro-units (USD 1,000,000) per event",
                problemOf(spend(amount)));
    }

    @ParameterizedTest
    @ValueSource(strings = { "1e3", "1.0", "1E+3", "12.5", "\"5\"", "-1", "-9223372036854775809", "1e400", "-1e400",
            "true", "[1]", "{}" })
    void amountsThatAreNotANonNegativeJsonIntegerAreRefused(String amount) throws JsonProcessingException {
        assertEquals("amountMicros must be a whole number of micro-units, 0 or more", problemOf(spend(amount)));
    }

    @Test
    void anAmountWithAThousandDigitsGetsAReason() throws JsonProcessingException {
        String thousandDigits = "9".repeat(1000);
        assertEquals("amountMicros must be at most 1000000000000 micro-units (USD 1,000,000) per event",
                problemOf(spend(thousandDigits)));
        assertEquals("amountMicros must be a whole number of micro-units, 0 or more", problemOf(spend("-" + thousandDigits)));
        assertEquals("amountMicros must be a whole number of micro-units, 0 or more",
                problemOf(spend("9".repeat(500) + ".5")));
    }

    // ------------------------------------------------------------------ helpers

    private String problemOf(JsonNode event) {
        Checked checked = validator.check(event);
        assertNull(checked.event(), () -> "accepted: " + event);
        return checked.problem();
    }

    private static ObjectNode eventWith(String field, String value) {
        List<Object> spec = new ArrayList<>(EVENTS_BY_FIELD.get(field));
        ObjectNode event = JSON.createObjectNode();
        event.put("eventId", UUID.randomUUID().toString());
        event.put("companyId", field.equals("companyId") ? value : "acme");
        event.put("occurredAt", AT);
        event.put("type", (String) spec.removeFirst());
        for (int i = 0; i < spec.size(); i += 2) {
            event.set((String) spec.get(i), JSON.valueToTree(spec.get(i + 1)));
        }
        if (field.startsWith("environment.")) {
            event.putObject("environment").put(field.substring("environment.".length()), value);
        } else if (!field.equals("companyId")) {
            event.put(field, value);
        }
        return event;
    }

    /** A SPEND event with amountMicros as this raw JSON text, parsed the way requests are. */
    private static JsonNode spend(String amountJson) throws JsonProcessingException {
        return JSON.readTree("{\"eventId\": \"" + UUID.randomUUID() + "\", \"companyId\": \"acme\", \"occurredAt\": \""
                + AT + "\", \"type\": \"SPEND\", \"userId\": \"u1\", \"model\": \"gpt-4o\", \"amountMicros\": "
                + amountJson + "}");
    }
}
