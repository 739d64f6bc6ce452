package io.usageanalytics.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.usageanalytics.support.Api;
import io.usageanalytics.support.Events;
import io.usageanalytics.support.GraphQLSocket;
import io.usageanalytics.support.TestTokens;

/** The live subscription over a real websocket, with real signed tokens, against the running service. */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
class LiveSubscriptionTest {

    private static final Duration NOTICE = Duration.ofSeconds(10);
    private static final Duration QUIET = Duration.ofMillis(2500);

    @TestHTTPResource("/graphql")
    URI graphql;

    @BeforeEach
    void companies() {
        Api.ensureCompany("live-a", "Europe/Berlin", 10, false);
        Api.ensureCompany("live-b", "UTC", 10, false);
    }

    private static String subscription(String company) {
        return "subscription { companyFiguresChanged(companyId: \"" + company + "\") { companyId at } }";
    }

    private static void post(String company, int events) {
        Events batch = Events.batch();
        for (int i = 0; i < events; i++) {
            batch.add(company, Instant.now().minusSeconds(60), "USER_ACTIVE", "userId", "u-" + i);
        }
        Api.postEvents(TestTokens.writer(company), batch.json()).statusCode(200);
    }

    private static GraphQLSocket subscribed(URI graphql, String token, String company) {
        GraphQLSocket socket = GraphQLSocket.open(graphql);
        assertEquals("connection_ack", socket.init(token).path("type").asText());
        socket.subscribe("1", subscription(company));
        // the subscription is in place once a query sent after it on the same socket is answered
        socket.send(Map.of("type", "subscribe", "id", "sync",
                "payload", Map.of("query", "{ companies { id } }")));
        JsonNode answer = socket.next(NOTICE);
        assertEquals("sync", answer.path("id").asText(), answer.toString());
        assertEquals("complete", socket.next(NOTICE).path("type").asText());
        return socket;
    }

    @Test
    void theOwnerIsToldAfterEventsOfTheCompanyAreAcknowledged() {
        try (GraphQLSocket socket = subscribed(graphql, TestTokens.owner("live-a"), "live-a")) {
            Instant before = Instant.now();
            post("live-a", 3);
            JsonNode notice = socket.next(NOTICE);
            assertNotNull(notice, "a notice within " + NOTICE);
            assertEquals("next", notice.path("type").asText(), notice.toString());
            assertEquals("1", notice.path("id").asText());
            JsonNode changed = notice.path("payload").path("data").path("companyFiguresChanged");
            assertEquals("live-a", changed.path("companyId").asText());
            assertTrue(!Instant.parse(changed.path("at").asText()).isBefore(before.minusSeconds(1)), changed.toString());
            assertTrue(notice.path("payload").path("errors").isMissingNode(), notice.toString());
        }
    }

    @Test
    void anotherCompanysEventsTellNothing() {
        try (GraphQLSocket socket = subscribed(graphql, TestTokens.owner("live-a"), "live-a")) {
            post("live-b", 2);
            assertNull(socket.next(QUIET), "no notice for another company's events");
        }
    }

    @Test
    void aBusyCompanyIsToldAtMostOncePerSecond() throws InterruptedException {
        try (GraphQLSocket socket = subscribed(graphql, TestTokens.owner("live-a"), "live-a")) {
            long start = System.nanoTime();
            for (int i = 0; i < 12; i++) {
                post("live-a", 1);
            }
            long posting = System.nanoTime() - start;
            List<JsonNode> notices = new ArrayList<>();
            for (JsonNode n = socket.next(NOTICE); n != null; n = socket.next(QUIET)) {
                notices.add(n);
            }
            // twelve batches: one notice at once, then at most one at the end of each second of the burst
            long seconds = Duration.ofNanos(posting).toSeconds();
            assertTrue(notices.size() >= 1 && notices.size() <= seconds + 2,
                    notices.size() + " notices for 12 batches posted in " + Duration.ofNanos(posting).toMillis() + " ms");
            Instant previous = null;
            for (JsonNode n : notices) {
                Instant at = Instant.parse(n.path("payload").path("data").path("companyFiguresChanged").path("at").asText());
                if (previous != null) {
                    assertTrue(Duration.between(previous, at).toMillis() >= 950, previous + " then " + at);
                }
                previous = at;
            }
        }
    }

    @Test
    void anOwnerOfAnotherCompanyGetsNotFoundAsAQueryWould() {
        try (GraphQLSocket socket = GraphQLSocket.open(graphql)) {
            assertEquals("connection_ack", socket.init(TestTokens.owner("live-b")).path("type").asText());
            socket.subscribe("1", subscription("live-a"));
            assertCode(socket.next(NOTICE), "NOT_FOUND");
        }
        Api.graphql(TestTokens.owner("live-b"), "{ company(id: \"live-a\") { id } }")
                .body("errors[0].extensions.code", org.hamcrest.Matchers.equalTo("NOT_FOUND"));
    }

    @Test
    void aPartnerSeesOnlyItsCompanies() {
        try (GraphQLSocket socket = subscribed(graphql, TestTokens.partner("live-b", "live-a"), "live-a")) {
            post("live-a", 1);
            assertEquals("next", socket.next(NOTICE).path("type").asText());
        }
        try (GraphQLSocket socket = GraphQLSocket.open(graphql)) {
            socket.init(TestTokens.partner("live-b"));
            socket.subscribe("1", subscription("live-a"));
            assertCode(socket.next(NOTICE), "NOT_FOUND");
        }
    }

    @Test
    void aTokenWithoutAReadingRoleIsForbidden() {
        try (GraphQLSocket socket = GraphQLSocket.open(graphql)) {
            socket.init(TestTokens.writer("live-a"));
            socket.subscribe("1", subscription("live-a"));
            assertCode(socket.next(NOTICE), "FORBIDDEN");
        }
    }

    @Test
    void withoutATokenNothingRuns() {
        try (GraphQLSocket socket = GraphQLSocket.open(graphql)) {
            assertEquals("connection_ack", socket.init(null).path("type").asText());
            socket.subscribe("1", subscription("live-a"));
            assertCode(socket.next(NOTICE), "UNAUTHENTICATED");
            socket.subscribe("2", "{ __schema { queryType { name } } }");
            assertCode(socket.next(NOTICE), "UNAUTHENTICATED");
        }
    }

    @Test
    void aTokenThatDoesNotVerifyClosesTheSocket() {
        String forged = TestTokens.owner("live-a");
        forged = forged.substring(0, forged.length() - 4) + (forged.endsWith("AAAA") ? "BBBB" : "AAAA");
        try (GraphQLSocket socket = GraphQLSocket.open(graphql)) {
            socket.send(Map.of("type", "connection_init", "payload", Map.of("Authorization", "Bearer " + forged)));
            assertEquals(4403, socket.closeCode(NOTICE));
        }
    }

    @Test
    void theUpgradeWithABadHeaderTokenIsRefused() {
        var upgrade = io.restassured.RestAssured.given()
                .header("Authorization", "Bearer not-a-token")
                .header("Connection", "Upgrade").header("Upgrade", "websocket")
                .header("Sec-WebSocket-Version", "13").header("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==")
                .header("Sec-WebSocket-Protocol", "graphql-transport-ws")
                .get("/graphql");
        assertEquals(401, upgrade.statusCode());
    }

    @Test
    void aGetThatIsNoUpgradeStillNeedsAToken() {
        assertEquals(401, io.restassured.RestAssured.given().get("/graphql").statusCode());
    }

    @Test
    void aTokenInTheUpgradeHeaderWorksToo() {
        try (GraphQLSocket socket = GraphQLSocket.openWithHeader(graphql, TestTokens.owner("live-a"))) {
            assertEquals("connection_ack", socket.init(null).path("type").asText());
            socket.subscribe("1", subscription("live-a"));
            socket.send(Map.of("type", "subscribe", "id", "sync", "payload", Map.of("query", "{ companies { id } }")));
            assertEquals("sync", socket.next(NOTICE).path("id").asText());
            socket.next(NOTICE);
            post("live-a", 1);
            assertEquals("next", socket.next(NOTICE).path("type").asText());
        }
    }

    @Test
    void oneCallerHoldsAtMostTenSubscriptions() {
        String token = TestTokens.token(Set.of("owner"), Map.of("company_id", "live-a", "sub", "live-limit"));
        try (GraphQLSocket first = GraphQLSocket.open(graphql); GraphQLSocket second = GraphQLSocket.open(graphql)) {
            first.init(token);
            second.init(token);
            // eleven over two connections: the access checks run concurrently, so any one of them is the eleventh
            for (int i = 0; i < 11; i++) {
                (i < 5 ? first : second).subscribe("s" + i, subscription("live-a"));
            }
            List<JsonNode> refused = new ArrayList<>();
            for (GraphQLSocket socket : List.of(first, second)) {
                for (JsonNode m = socket.next(QUIET); m != null; m = socket.next(QUIET)) {
                    if (!"complete".equals(m.path("type").asText())) {
                        refused.add(m);
                    }
                }
            }
            assertEquals(1, refused.size(), refused.toString());
            assertCode(refused.get(0), "TOO_MANY_SUBSCRIPTIONS");
            // once the first connection's end, the caller may subscribe again
            for (int i = 0; i < 5; i++) {
                first.complete("s" + i);
            }
            first.close();
            JsonNode again = null;
            for (int attempt = 0; attempt < 10 && again == null; attempt++) {
                second.subscribe("again" + attempt, subscription("live-a"));
                JsonNode answer = second.next(Duration.ofMillis(500));
                if (answer != null && "complete".equals(answer.path("type").asText())) {
                    answer = second.next(Duration.ofMillis(500));
                }
                if (answer == null) {
                    again = answer(second, "again" + attempt);
                } else {
                    assertCode(answer, "TOO_MANY_SUBSCRIPTIONS");
                }
            }
            assertNotNull(again, "a subscription started after others ended");
        }
    }

    /** Posts an event of live-a and answers the notice of subscription id. */
    private static JsonNode answer(GraphQLSocket socket, String id) {
        post("live-a", 1);
        for (JsonNode m = socket.next(NOTICE); m != null; m = socket.next(QUIET)) {
            if (id.equals(m.path("id").asText())) {
                return m;
            }
        }
        return null;
    }

    private static void assertCode(JsonNode message, String code) {
        assertNotNull(message, "an answer");
        JsonNode errors = "error".equals(message.path("type").asText()) ? message.path("payload")
                : message.path("payload").path("errors");
        assertTrue(errors.isArray() && errors.size() > 0, message.toString());
        assertEquals(code, errors.get(0).path("extensions").path("code").asText(), message.toString());
    }
}
