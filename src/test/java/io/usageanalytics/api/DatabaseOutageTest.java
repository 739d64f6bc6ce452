package io.usageanalytics.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.usageanalytics.support.Events;
import io.usageanalytics.support.TestTokens;

/**
 * What clients get while PostgreSQL is out of reach: a 503 with Retry-After (REST) or the retryable
 * SERVICE_UNAVAILABLE code (GraphQL), never a 500 or "System error", and readiness DOWN so that Kubernetes
 * stops sending traffic. Nothing listens on the database port of this profile.
 */
@QuarkusTest
@TestProfile(DatabaseOutageTest.DatabaseDown.class)
@WithTestResource(OidcWiremockTestResource.class)
class DatabaseOutageTest {

    public static class DatabaseDown implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.datasource.reactive.url", "postgresql://127.0.0.1:1/analytics",
                    "quarkus.flyway.migrate-at-start", "false");
        }
    }


    @Test
    void eventsAreRefusedWithRetryAfterAndNothingIsAcknowledged() {
        String batch = Events.batch().add("outage-co", Instant.now().minus(1, ChronoUnit.HOURS), "USER_ACTIVE",
                "userId", "u-1").json();
        given().auth().oauth2(TestTokens.writer("outage-co")).contentType(ContentType.JSON).body(batch)
                .post("/events").then()
                .statusCode(503)
                .header("Retry-After", equalTo("5"))
                .body("code", equalTo("SERVICE_UNAVAILABLE"));
    }

    @Test
    void graphQLAnswersARetryableCode() {
        given().auth().oauth2(TestTokens.owner("outage-co")).contentType(ContentType.JSON)
                .body("{\"query\":\"{ company(id: \\\"outage-co\\\") { name } }\"}")
                .post("/graphql").then()
                .statusCode(200)
                .body("errors[0].extensions.code", equalTo("SERVICE_UNAVAILABLE"))
                .body("errors[0].extensions.retryable", equalTo(true))
                .body("errors[0].message", not(containsString("System error")));
    }

    @Test
    void exportsAnswer503() {
        given().auth().oauth2(TestTokens.owner("outage-co"))
                .get("/exports/companies/outage-co/spend-by-user.csv?from=2026-01-01&to=2026-01-31").then()
                .statusCode(503)
                .body("code", equalTo("SERVICE_UNAVAILABLE"));
        // the billing report's first page is read before the answer starts: a coded 503, not a download cut short
        given().auth().oauth2(TestTokens.admin())
                .get("/exports/billing.csv?from=2026-01-01&to=2026-01-31").then()
                .statusCode(503)
                .header("Retry-After", "5")
                .body("code", equalTo("SERVICE_UNAVAILABLE"));
    }

    @Test
    void readinessIsDown() {
        given().get("/q/health/ready").then().statusCode(503).body("status", equalTo("DOWN"));
        given().get("/q/health/live").then().statusCode(200);
    }
}
