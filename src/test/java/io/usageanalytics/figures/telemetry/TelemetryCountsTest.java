package io.usageanalytics.figures.telemetry;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.usageanalytics.support.Api;
import io.usageanalytics.support.Events;
import io.usageanalytics.support.TestTokens;

/**
 * The telemetry counts of a company in Europe/Berlin, with events on both sides
 * of its midnights: a day is cut at local midnight, not at UTC midnight.
 */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
class TelemetryCountsTest {

    private static final String COMPANY = "figures-berlin";
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final LocalDate D = LocalDate.now(BERLIN).minusDays(5);
    private static boolean loaded;

    private static final String QUERY = """
            query($id: String!, $from: Date!, $to: Date!) {
              company(id: $id) {
                telemetry(range: {from: $from, to: $to}) {
                  range { from to }
                  users fileFolders groups chats spaces userMessages assistantMessages
                  positiveFeedback negativeFeedback
                  promptsByAssistant { assistantId module prompts }
                  freshness { newestEventReceivedAt computedAt }
                }
              }
            }""";

    private static Instant at(LocalDate day, int hour, int minute) {
        return day.atTime(LocalTime.of(hour, minute)).atZone(BERLIN).toInstant();
    }

    @BeforeEach
    void loadFixture() {
        if (loaded) {
            return;
        }
        Api.createCompany(COMPANY, "Europe/Berlin", 20, false);
        LocalDate before = D.minusDays(1);
        LocalDate after = D.plusDays(1);
        String c = COMPANY;
        String body = Events.batch()
                // the evening before D, local time
                .add(c, at(before, 23, 30), "USER_MESSAGE", "userId", "u1", "chatId", "c1", "assistantId", "a1", "module", "m1")
                .add(c, at(before, 23, 30), "FEEDBACK", "userId", "u1", "rating", "POSITIVE")
                // just after local midnight: still the previous day in UTC
                .add(c, at(D, 0, 30), "USER_ACTIVE", "userId", "u2")
                .add(c, at(D, 0, 30), "CHAT_CREATED", "userId", "u2", "chatId", "c2")
                .add(c, at(D, 0, 30), "USER_MESSAGE", "userId", "u2", "chatId", "c2", "assistantId", "a1", "module", "m1")
                .add(c, at(D, 0, 31), "USER_MESSAGE", "userId", "u2", "chatId", "c2", "assistantId", "a1", "module", "m2")
                .add(c, at(D, 0, 31), "ASSISTANT_MESSAGE", "chatId", "c2", "assistantId", "a1", "module", "m1")
                .add(c, at(D, 0, 32), "FEEDBACK", "userId", "u2", "rating", "NEGATIVE", "assistantId", "a1")
                .add(c, at(D, 0, 33), "FOLDER_CREATED", "userId", "u2", "folderKind", "PROJECT")
                // midday
                .add(c, at(D, 12, 0), "USER_MESSAGE", "userId", "u3", "chatId", "c3")
                .add(c, at(D, 12, 0), "FOLDER_CREATED", "userId", "u3", "folderKind", "DOMAIN")
                .add(c, at(D, 12, 0), "GROUP_CREATED", "userId", "u3")
                .add(c, at(D, 12, 0), "SPACE_CREATED", "userId", "u4")
                .add(c, at(D, 12, 0), "FEEDBACK", "userId", "u4", "rating", "POSITIVE")
                .add(c, at(D, 12, 1), "ASSISTANT_MESSAGE", "chatId", "c3")
                .add(c, at(D, 12, 2), "INVITE_SENT", "inviteId", "i1")
                .add(c, at(D, 12, 3), "SPEND", "userId", "u5", "model", "gpt-large", "amountMicros", 5000)
                // just before local midnight
                .add(c, at(D, 23, 59), "USER_MESSAGE", "userId", "u2", "chatId", "c2", "assistantId", "a1", "module", "m1")
                .add(c, at(D, 23, 59), "CHAT_CREATED", "userId", "u3", "chatId", "c3")
                // just after the next local midnight: still D in UTC
                .add(c, at(after, 0, 10), "USER_ACTIVE", "userId", "u6")
                .add(c, at(after, 0, 10), "CHAT_CREATED", "userId", "u6", "chatId", "c6")
                .add(c, at(after, 0, 11), "USER_MESSAGE", "userId", "u6", "chatId", "c6", "assistantId", "a2", "module", "m1")
                .json();
        Api.postEvents(TestTokens.writer(COMPANY), body).statusCode(200).body("accepted", equalTo(22));
        loaded = true;
    }

    private static Map<String, Object> vars(LocalDate from, LocalDate to) {
        return Map.of("id", COMPANY, "from", from.toString(), "to", to.toString());
    }

    @Test
    void oneLocalDayCountsExactlyTheEventsBetweenItsLocalMidnights() {
        String p = "data.company.telemetry.";
        Api.graphql(TestTokens.owner(COMPANY), QUERY, vars(D, D))
                .statusCode(200)
                .body("errors", nullValue())
                .body(p + "range.from", equalTo(D.toString()))
                .body(p + "range.to", equalTo(D.toString()))
                .body(p + "users", equalTo(4))
                .body(p + "fileFolders", equalTo(2))
                .body(p + "groups", equalTo(1))
                .body(p + "chats", equalTo(2))
                .body(p + "spaces", equalTo(1))
                .body(p + "userMessages", equalTo(4))
                .body(p + "assistantMessages", equalTo(2))
                .body(p + "positiveFeedback", equalTo(1))
                .body(p + "negativeFeedback", equalTo(1))
                .body(p + "promptsByAssistant", equalTo(List.of(
                        prompts("a1", "m1", 2), prompts("a1", "m2", 1), prompts(null, null, 1))))
                .body(p + "freshness.newestEventReceivedAt", notNullValue())
                .body(p + "freshness.computedAt", notNullValue());
    }

    @Test
    void threeLocalDaysCountDistinctUsersOnce() {
        String p = "data.company.telemetry.";
        Api.graphql(TestTokens.owner(COMPANY), QUERY, vars(D.minusDays(1), D.plusDays(1)))
                .statusCode(200)
                .body("errors", nullValue())
                .body(p + "users", equalTo(6))
                .body(p + "chats", equalTo(3))
                .body(p + "userMessages", equalTo(6))
                .body(p + "assistantMessages", equalTo(2))
                .body(p + "positiveFeedback", equalTo(2))
                .body(p + "negativeFeedback", equalTo(1))
                .body(p + "promptsByAssistant", equalTo(List.of(
                        prompts("a1", "m1", 3), prompts("a1", "m2", 1), prompts("a2", "m1", 1),
                        prompts(null, null, 1))));
    }

    @Test
    void aRangeWithoutEventsIsAllZeroWithNoNewestEvent() {
        String p = "data.company.telemetry.";
        Api.graphql(TestTokens.owner(COMPANY), QUERY, vars(D.minusDays(30), D.minusDays(20)))
                .statusCode(200)
                .body(p + "users", equalTo(0))
                .body(p + "userMessages", equalTo(0))
                .body(p + "promptsByAssistant", equalTo(List.of()))
                .body(p + "freshness.newestEventReceivedAt", nullValue());
    }

    @Test
    void aRangeThatEndsBeforeItStartsIsBadUserInput() {
        Api.graphql(TestTokens.owner(COMPANY), QUERY, vars(D, D.minusDays(1)))
                .statusCode(200)
                .body("data.company.telemetry", nullValue())
                .body("errors[0].extensions.code", equalTo("BAD_USER_INPUT"))
                .body("errors[0].message", equalTo("The range ends (" + D.minusDays(1) + ") before it starts (" + D + ")"));
    }

    @Test
    void aRangeLongerThanTheLimitIsBadUserInput() {
        Api.graphql(TestTokens.owner(COMPANY), QUERY, vars(D.minusDays(1100), D))
                .statusCode(200)
                .body("errors[0].extensions.code", equalTo("BAD_USER_INPUT"))
                .body("errors[0].message", equalTo("The range covers 1101 days; at most 1100 are allowed"));
    }

    private static Map<String, Object> prompts(String assistant, String module, int count) {
        java.util.HashMap<String, Object> map = new java.util.HashMap<>();
        map.put("assistantId", assistant);
        map.put("module", module);
        map.put("prompts", count);
        return map;
    }
}
