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
 * What clients get while the OIDC issuer is out of reach (no token can be verified): 503 with Retry-After and
 * SERVICE_UNAVAILABLE, never a plain-text 500, and readiness DOWN. Nothing answers at this profile's issuer URL.
 */
@QuarkusTest
@TestProfile(IssuerOutageTest.IssuerDown.class)
@WithTestResource(OidcWiremockTestResource.class)
class IssuerOutageTest {

    public static class IssuerDown implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.oidc.auth-server-url", "http://127.0.0.1:1/realms/quarkus/");
        }
    }


    @Test
    void requestsWithATokenAnswer503() {
        given().auth().oauth2(TestTokens.owner("outage-co")).contentType(ContentType.JSON)
                .body("{\"query\":\"{ companies { id } }\"}")
                .post("/graphql").then()
                .statusCode(503)
                .header("Retry-After", equalTo("5"))
                .body("errors[0].extensions.code", equalTo("SERVICE_UNAVAILABLE"));
        given().auth().oauth2(TestTokens.writer("outage-co")).contentType(ContentType.JSON).body("[]")
                .post("/events").then()
                .statusCode(503)
                .body("code", equalTo("SERVICE_UNAVAILABLE"));
    }

    @Test
    void readinessIsDown() {
        given().get("/q/health/ready").then().statusCode(503)
                .body("checks.find { it.name == 'OIDC issuer' }.status", equalTo("DOWN"));
    }
}
