package io.usageanalytics.graphql;

import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.RestAssured;
import io.usageanalytics.support.Api;
import io.usageanalytics.support.TestTokens;

/** Every answer of /graphql carries the service's time for it; other paths do not. */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
class ServerTimingTest {

    private static final String DURATION = "app;dur=\\d+\\.\\d";

    @Test
    void answeredQueryCarriesItsDuration() {
        Api.graphql(TestTokens.admin(), "{ companies { id } }")
                .statusCode(200)
                .header(ServerTiming.HEADER, matchesPattern(DURATION));
    }

    @Test
    void refusalsCarryItToo() {
        // refused before GraphQL runs: no token (401), and a body that is not JSON (400)
        RestAssured.given().contentType("application/json").body("{\"query\":\"{ companies { id } }\"}")
                .post("/graphql").then().statusCode(401).header(ServerTiming.HEADER, matchesPattern(DURATION));
        RestAssured.given().auth().oauth2(TestTokens.admin()).contentType("application/json").body("{")
                .post("/graphql").then().statusCode(400).header(ServerTiming.HEADER, matchesPattern(DURATION));
    }

    @Test
    void otherPathsDoNot() {
        RestAssured.given().get("/q/health/live").then().statusCode(200).header(ServerTiming.HEADER, nullValue());
    }
}
