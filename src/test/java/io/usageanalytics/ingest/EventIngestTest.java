package io.usageanalytics.ingest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.usageanalytics.support.Api;
import io.usageanalytics.support.Database;
import io.usageanalytics.support.Events;
import io.usageanalytics.support.TestTokens;
import io.vertx.mutiny.sqlclient.Row;

@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
class EventIngestTest {

    private static final String COMPANY = "ingest-co";
    private static final Instant AT = Instant.now().minus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);

    @Inject
    Database db;

    String writer;

    @BeforeEach
    void createCompany() {
        Api.ensureCompany(COMPANY, "Europe/Berlin", 10, true);
        writer = TestTokens.writer(COMPANY);
    }

    @Test
    void everyEventTypeIsStoredWithItsAttributes() {
        String company = "ingest-all-types";
        Api.createCompany(company, "UTC", 5, true);
        UUID[] ids = new UUID[15];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = UUID.randomUUID();
        }
        Map<String, String> environment = Map.of("platform", "desktop-macos", "deployment", "prod");
        Events batch = Events.batch()
                .add(ids[0], company, AT, "USER_ACTIVE", "userId", "u1", "appVersion", "3.1.0", "environment", environment)
                .add(ids[1], company, AT, "FOLDER_CREATED", "userId", "u1", "folderKind", "PROJECT")
                .add(ids[2], company, AT, "GROUP_CREATED", "userId", "u1")
                .add(ids[3], company, AT, "CHAT_CREATED", "userId", "u1", "chatId", "c1")
                .add(ids[4], company, AT, "SPACE_CREATED", "userId", "u1")
                .add(ids[5], company, AT, "USER_MESSAGE", "userId", "u1", "chatId", "c1", "assistantId", "a1", "module", "Document Analysis")
                .add(ids[6], company, AT, "ASSISTANT_MESSAGE", "chatId", "c1", "assistantId", "a1", "module", "Document Analysis")
                .add(ids[7], company, AT, "FEEDBACK", "userId", "u1", "rating", "NEGATIVE", "assistantId", "a1")
                .add(ids[8], company, AT, "ARTIFACT_CREATED", "userId", "u1")
                .add(ids[9], company, AT, "PROJECT_USED", "userId", "u1", "projectId", "p1")
                .add(ids[10], company, AT, "CONNECTOR_USED", "userId", "u1", "connector", "SharePoint Online")
                .add(ids[11], company, AT, "INVITE_SENT", "inviteId", "i1")
                .add(ids[12], company, AT, "INVITE_ACCEPTED", "inviteId", "i1", "userId", "u2")
                .add(ids[13], company, AT, "INVITE_REVOKED", "inviteId", "i2")
                .add(ids[14], company, AT, "SPEND", "userId", "u1", "model", "gpt-large", "amountMicros", 1_250_000);

        Api.postEvents(TestTokens.writer(company), batch.json())
                .statusCode(200)
                .body("received", equalTo(15))
                .body("accepted", equalTo(15))
                .body("duplicates", equalTo(0))
                .body("rejected", empty());

        List<String> rows = new ArrayList<>();
        for (Row row : db.query("""
                SELECT type, user_id, chat_id, assistant_id, module, folder_kind, rating, project_id, connector,
                       invite_id, model, amount_micros, app_version, platform, deployment, occurred_at
                  FROM event WHERE company_id = $1 ORDER BY type""", company)) {
            assertEquals(AT, row.getOffsetDateTime("occurred_at").toInstant());
            StringBuilder line = new StringBuilder(row.getString("type"));
            for (int c = 1; c <= 14; c++) {
                Object value = row.getValue(c);
                if (value != null) {
                    line.append(' ').append(row.getColumnName(c)).append('=').append(value);
                }
            }
            rows.add(line.toString());
        }
        assertEquals(List.of(
                "ARTIFACT_CREATED user_id=u1",
                "ASSISTANT_MESSAGE chat_id=c1 assistant_id=a1 module=Document Analysis",
                "CHAT_CREATED user_id=u1 chat_id=c1",
                "CONNECTOR_USED user_id=u1 connector=SharePoint Online",
                "FEEDBACK user_id=u1 assistant_id=a1 rating=NEGATIVE",
                "FOLDER_CREATED user_id=u1 folder_kind=PROJECT",
                "GROUP_CREATED user_id=u1",
                "INVITE_ACCEPTED user_id=u2 invite_id=i1",
                "INVITE_REVOKED invite_id=i2",
                "INVITE_SENT invite_id=i1",
                "PROJECT_USED user_id=u1 project_id=p1",
                "SPACE_CREATED user_id=u1",
                "SPEND user_id=u1 model=gpt-large amount_micros=1250000",
                "USER_ACTIVE user_id=u1 app_version=3.1.0 platform=desktop-macos deployment=prod",
                "USER_MESSAGE user_id=u1 chat_id=c1 assistant_id=a1 module=Document Analysis"), rows);
    }

    @Test
    void theSameBatchTwiceIsCountedOnce() {
        String company = "ingest-twice";
        Api.createCompany(company, "UTC", 5, false);
        String body = Events.batch()
                .add(company, AT, "USER_ACTIVE", "userId", "u1")
                .add(company, AT, "CHAT_CREATED", "userId", "u1", "chatId", "c1")
                .add(company, AT, "USER_MESSAGE", "userId", "u1", "chatId", "c1")
                .json();
        Api.postEvents(TestTokens.writer(company), body)
                .statusCode(200).body("accepted", equalTo(3)).body("duplicates", equalTo(0));
        Api.postEvents(TestTokens.writer(company), body)
                .statusCode(200).body("accepted", equalTo(0)).body("duplicates", equalTo(3));
        assertEquals(3, db.eventCount(company));
    }

    @Test
    void aDuplicateInsideOneBatchIsCountedOnce() {
        String company = "ingest-dup-inside";
        Api.createCompany(company, "UTC", 5, false);
        UUID id = UUID.randomUUID();
        String body = Events.batch()
                .add(id, company, AT, "USER_ACTIVE", "userId", "u1")
                .add(id, company, AT, "USER_ACTIVE", "userId", "u1")
                .json();
        Api.postEvents(TestTokens.writer(company), body)
                .statusCode(200).body("accepted", equalTo(1)).body("duplicates", equalTo(1));
        assertEquals(1, db.eventCount(company));
    }

    @Test
    void concurrentDeliveriesOfOneBatchStoreEachEventOnce() throws Exception {
        String company = "ingest-concurrent";
        Api.createCompany(company, "UTC", 5, false);
        Events events = Events.batch();
        for (int i = 0; i < 500; i++) {
            events.add(company, AT.minusSeconds(i), "USER_MESSAGE", "userId", "u" + (i % 7), "chatId", "c" + (i % 3));
        }
        String body = events.json();
        String token = TestTokens.writer(company);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Integer>> deliveries = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                deliveries.add(() -> given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                        .post("/events").then().statusCode(200).extract().path("accepted"));
            }
            int accepted = 0;
            for (Future<Integer> result : pool.invokeAll(deliveries)) {
                accepted += result.get();
            }
            assertEquals(500, accepted, "all deliveries together accept each event exactly once");
        } finally {
            pool.shutdown();
        }
        assertEquals(500, db.eventCount(company));
    }

    @Test
    void ndjsonBatchesAreAccepted() {
        String company = "ingest-ndjson";
        Api.createCompany(company, "UTC", 5, false);
        String body = Events.batch()
                .add(company, AT, "USER_ACTIVE", "userId", "u1")
                .add(company, AT, "GROUP_CREATED", "userId", "u2")
                .ndjson() + "\n{not json}\n";
        given().auth().oauth2(TestTokens.writer(company))
                .contentType("application/x-ndjson")
                .body(body.getBytes(StandardCharsets.UTF_8))
                .post("/events")
                .then()
                .statusCode(200)
                .body("received", equalTo(3))
                .body("accepted", equalTo(2))
                .body("rejected[0].index", equalTo(2))
                .body("rejected[0].reason", equalTo("not valid JSON"));
        assertEquals(2, db.eventCount(company));
    }

    @Test
    void aBatchWithInvalidEventsStoresExactlyTheValidOnesAndNamesEachInvalidOne() {
        String company = "ingest-mixed";
        Api.createCompany(company, "UTC", 5, false);
        UUID badType = UUID.randomUUID();
        Events batch = Events.batch()
                .add(company, AT, "USER_ACTIVE", "userId", "u1")                              // 0 ok
                .add(badType, company, AT, "USER_LOGGED_IN", "userId", "u1")                  // 1 unknown type
                .add(company, AT, "USER_ACTIVE", "userId", "jane.doe@example.com")            // 2 e-mail
                .add(company, AT, "USER_ACTIVE", "userId", "+49 170 1234567")                 // 3 phone
                .add(company, AT, "USER_ACTIVE", "userId", "Jane Doe")                        // 4 whitespace
                .add(company, AT, "FEEDBACK", "userId", "u1", "rating", "MEH")                // 5 bad rating
                .add(company, AT, "SPEND", "userId", "u1", "model", "m", "amountMicros", "12") // 6 wrong type
                .add(company, AT, "CHAT_CREATED", "userId", "u1")                             // 7 missing chatId
                .add(company, AT.plus(Duration.ofHours(1).plusDays(2)), "USER_ACTIVE", "userId", "u1") // 8 future
                .add(company, AT, "GROUP_CREATED", "userId", "u1", "chatId", "c1")            // 9 foreign attribute
                .add("no-such-company", AT, "USER_ACTIVE", "userId", "u1")                    // 10 unknown company
                .add(company, AT, "USER_ACTIVE", "userId", "u2");                             // 11 ok
        batch.addRaw(Map.of("eventId", "not-a-uuid", "companyId", company, "occurredAt", AT.toString(),
                "type", "USER_ACTIVE", "userId", "u3"));                                       // 12 bad uuid
        batch.addRaw(Map.of("eventId", UUID.randomUUID().toString(), "companyId", company,
                "occurredAt", "2026-11-20 10:00", "type", "USER_ACTIVE", "userId", "u3"));     // 13 bad time

        Api.postEvents(TestTokens.writer("*"), batch.json())
                .statusCode(200)
                .body("received", equalTo(14))
                .body("accepted", equalTo(2))
                .body("duplicates", equalTo(0))
                .body("rejected.index", contains(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 13))
                .body("rejected[0].eventId", equalTo(badType.toString()))
                .body("rejected[0].reason", equalTo("unknown event type 'USER_LOGGED_IN'"))
                .body("rejected[1].reason", containsString("looks like an e-mail address"))
                .body("rejected[2].reason", containsString("looks like a phone number"))
                .body("rejected[3].reason", containsString("contains whitespace"))
                .body("rejected[4].reason", equalTo("rating must be one of [NEGATIVE, POSITIVE], not 'MEH'"))
                .body("rejected[5].reason", equalTo("amountMicros must be a whole number of micro-units, 0 or more"))
                .body("rejected[6].reason", equalTo("a CHAT_CREATED event needs 'chatId'"))
                .body("rejected[7].reason", containsString("lies in the future"))
                .body("rejected[8].reason", equalTo("field 'chatId' does not belong to a GROUP_CREATED event"))
                .body("rejected[9].reason", equalTo("unknown company 'no-such-company'"))
                .body("rejected[10].reason", containsString("eventId must be a UUID"))
                .body("rejected[10].eventId", equalTo("not-a-uuid"))
                .body("rejected[11].reason", containsString("occurredAt must be an ISO-8601 instant"));
        assertEquals(2, db.eventCount(company));
        assertEquals(List.of("u1", "u2"),
                db.strings("SELECT user_id FROM event WHERE company_id = $1 ORDER BY user_id", company));
    }

    @Test
    void eMailLikeUserIdsAreRefusedAndNothingIsStored() {
        long before = db.eventCount(COMPANY);
        Api.postEvents(writer, Events.batch().add(COMPANY, AT, "USER_ACTIVE", "userId", "max@firma.de").json())
                .statusCode(422)
                .body("accepted", equalTo(0))
                .body("rejected[0].index", equalTo(0))
                .body("rejected[0].reason", equalTo(
                        "userId looks like an e-mail address; send a pseudonymous id such as a salted hash"));
        assertEquals(before, db.eventCount(COMPANY));
    }

    @Test
    void personalDataInAnyFieldIsRefusedAndNothingOfItIsStored() {
        String company = "ingest-privacy";
        Api.createCompany(company, "UTC", 5, true);
        UUID valid = UUID.randomUUID();
        Map<String, String> mobile = Map.of("platform", "(+49 170 1234567)");
        Map<String, String> mailDomain = Map.of("deployment", "john@example.com.");
        Events batch = Events.batch()
                .add(valid, company, AT, "SPEND", "userId", "u1", "model", "claude-3-5-sonnet@20240620",
                        "amountMicros", 1_000_000_000_000L, "appVersion", "10.0.19041",
                        "environment", Map.of("platform", "desktop-macos"))                            // 0 ok
                .add(company, AT, "USER_ACTIVE", "userId", "john＠example.com")                        // 1
                .add(company, AT, "USER_ACTIVE", "userId", "john@example.com@")                       // 2
                .add(company, AT, "USER_ACTIVE", "userId", "tel:+491701234567")                       // 3
                .add(company, AT, "USER_ACTIVE", "userId", "＋４９１７０１２３４５６７")                 // 4
                .add(company, AT, "CHAT_CREATED", "userId", "u1", "chatId", "jane.roe@example.com")   // 5
                .add(company, AT, "INVITE_SENT", "inviteId", "+491701234567")                         // 6
                .add(company, AT, "PROJECT_USED", "userId", "u1", "projectId", "x:john@example.com")  // 7
                .add(company, AT, "USER_MESSAGE", "userId", "u1", "chatId", "c1", "assistantId", "mailto:jane") // 8
                .add(company, AT, "USER_MESSAGE", "userId", "u1", "chatId", "c1", "module", "Support +49 170 1234567") // 9
                .add(company, AT, "CONNECTOR_USED", "userId", "u1", "connector", "john at example dot com") // 10
                .add(company, AT, "SPEND", "userId", "u1", "model", "jane.roe@example.com", "amountMicros", 1) // 11
                .add(company, AT, "USER_ACTIVE", "userId", "u1", "appVersion", "2026.11.30.1234")     // 12
                .add(company, AT, "USER_ACTIVE", "userId", "u1", "environment", mobile)               // 13
                .add(company, AT, "USER_ACTIVE", "userId", "u1", "environment", mailDomain)           // 14
                .add("jane.roe@example.com", AT, "USER_ACTIVE", "userId", "u1")                       // 15
                .add(company, AT, "USER_ACTIVE", "userId", "LONE_SURROGATE")                          // 16
                .add(company, AT, "CHAT_CREATED", "userId", "u1", "chatId", "c\u0000")                // 17
                .add(company, AT, "SPEND", "userId", "u1", "model", "m", "amountMicros", 1_000_000_000_001L) // 18
                .add(company, AT, "SPEND", "userId", "u1", "model", "m", "amountMicros", "AMOUNT_1E3"); // 19
        // JSON escapes the client may send but a Java string cannot carry through to the request body
        String body = batch.json()
                .replace("LONE_SURROGATE", "u\\ud800")
                .replace("\"AMOUNT_1E3\"", "1e3");
        String noPersonalData = "; ids and labels must not contain personal data";
        String pseudonym = "; send a pseudonymous id such as a salted hash";
        String amountBound = "amountMicros must be at most 1000000000000 micro-units (USD 1,000,000) per event";

        List<String> reasons = Api.postEvents(TestTokens.writer(company), body)
                .statusCode(200)
                .body("received", equalTo(20))
                .body("accepted", equalTo(1))
                .body("duplicates", equalTo(0))
                .body("rejected.index", contains(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19))
                .extract().path("rejected.reason");
        assertEquals(List.of(
                "userId looks like an e-mail address" + pseudonym,
                "userId looks like an e-mail address" + pseudonym,
                "userId looks like a phone number" + pseudonym,
                "userId looks like a phone number" + pseudonym,
                "chatId looks like an e-mail address" + noPersonalData,
                "inviteId looks like a phone number" + noPersonalData,
                "projectId looks like an e-mail address" + noPersonalData,
                "assistantId looks like an e-mail address" + noPersonalData,
                "module looks like a phone number" + noPersonalData,
                "connector looks like an e-mail address" + noPersonalData,
                "model looks like an e-mail address" + noPersonalData,
                "appVersion looks like a phone number" + noPersonalData,
                "environment.platform looks like a phone number" + noPersonalData,
                "environment.deployment looks like an e-mail address" + noPersonalData,
                "companyId looks like an e-mail address" + noPersonalData,
                "userId must not contain an unpaired surrogate (U+D800)",
                "chatId must not contain control characters (U+0000)",
                amountBound,
                "amountMicros must be a whole number of micro-units, 0 or more"), reasons);

        assertEquals(List.of(valid.toString()),
                db.strings("SELECT event_id::text FROM event WHERE company_id = $1", company));
        assertEquals(List.of("u1 claude-3-5-sonnet@20240620 1000000000000 10.0.19041 desktop-macos"),
                db.strings("""
                        SELECT concat_ws(' ', user_id, model, amount_micros, app_version, platform)
                          FROM event WHERE company_id = $1""", company));
        assertEquals(0, db.eventCount("jane.roe@example.com"));
        assertEquals(0, db.companyCount("jane.roe@example.com"));
    }

    @Test
    void malformedJsonIsABadRequestAndChangesNothing() {
        long before = db.eventCount(COMPANY);
        Api.postEvents(writer, "[{\"eventId\": ")
                .statusCode(400)
                .contentType(ContentType.JSON)
                .body("code", equalTo("BAD_USER_INPUT"))
                .body("message", containsString("The body is not valid JSON"));
        Api.postEvents(writer, "{\"eventId\": \"x\"}")
                .statusCode(400)
                .body("code", equalTo("BAD_USER_INPUT"))
                .body("message", equalTo("The body must be a JSON array of events"));
        Api.postEvents(writer, "[]")
                .statusCode(400)
                .body("message", equalTo("The batch holds no events"));
        assertEquals(before, db.eventCount(COMPANY));
    }

    @Test
    void batchesOverTheLimitAreRefusedWholeAndChangeNothing() {
        long before = db.eventCount(COMPANY);
        Events events = Events.batch();
        for (int i = 0; i < 5001; i++) {
            events.add(COMPANY, AT, "USER_ACTIVE", "userId", "u" + i);
        }
        Api.postEvents(writer, events.json())
                .statusCode(413)
                .body("code", equalTo("BATCH_TOO_LARGE"))
                .body("message", equalTo("A batch holds at most 5000 events; split it and send the parts one after another"));
        given().auth().oauth2(writer).contentType("application/x-ndjson").body(events.ndjson().getBytes(StandardCharsets.UTF_8))
                .post("/events").then().statusCode(413).body("code", equalTo("BATCH_TOO_LARGE"));
        assertEquals(before, db.eventCount(COMPANY));
    }

    @Test
    void exactlyTheLimitIsAccepted() {
        String company = "ingest-limit";
        Api.createCompany(company, "UTC", 5, false);
        Events events = Events.batch();
        for (int i = 0; i < 5000; i++) {
            events.add(company, AT.minusSeconds(i), "USER_ACTIVE", "userId", "u" + i);
        }
        Api.postEvents(TestTokens.writer(company), events.json()).statusCode(200).body("accepted", equalTo(5000));
        assertEquals(5000, db.eventCount(company));
    }

    @Test
    void eventsForUnknownCompaniesAreRefusedAndNoCompanyIsCreated() {
        Api.postEvents(TestTokens.writer("*"), Events.batch().add("ghost-co", AT, "USER_ACTIVE", "userId", "u1").json())
                .statusCode(422)
                .body("rejected[0].reason", equalTo("unknown company 'ghost-co'"));
        assertEquals(0, db.companyCount("ghost-co"));
        assertEquals(0, db.eventCount("ghost-co"));
    }

    @Test
    void wrongTypesAndFutureTimestampsAreRefusedAndChangeNothing() {
        long before = db.eventCount(COMPANY);
        Api.postEvents(writer, Events.batch()
                .add(COMPANY, AT, "USER_ACTIVE", "userId", 42)
                .add(COMPANY, Instant.now().plus(Duration.ofMinutes(10)), "USER_ACTIVE", "userId", "u1")
                .add(COMPANY, Instant.now().minus(Duration.ofDays(91)), "USER_ACTIVE", "userId", "u1")
                .json())
                .statusCode(422)
                .body("accepted", equalTo(0))
                .body("rejected", hasSize(3))
                .body("rejected[0].reason", equalTo("userId must be a string"))
                .body("rejected[1].reason", containsString("lies in the future (more than PT5M ahead"))
                .body("rejected[2].reason", containsString("is older than the raw-event retention of 90 days"));
        assertEquals(before, db.eventCount(COMPANY));
    }

    @Test
    void wrongContentTypeIsRefused() {
        given().auth().oauth2(writer).contentType(ContentType.TEXT).body("hello").post("/events")
                .then().statusCode(415);
    }

    @Test
    void noTokenIsUnauthorizedBeforeAnythingIsRead() {
        given().contentType(ContentType.JSON).body("[]").post("/events").then().statusCode(401);
        given().auth().oauth2("not-a-token").contentType(ContentType.JSON).body("[]").post("/events")
                .then().statusCode(401);
    }

    @Test
    void theAnswerSaysNothingWasRejectedWhenAllIsWell() {
        Api.postEvents(writer, Events.batch().add(COMPANY, AT, "USER_ACTIVE", "userId", "u-ok").json())
                .statusCode(200)
                .body("rejected", empty())
                .body("accepted", equalTo(1))
                .body("duplicates", equalTo(0));
    }
}
