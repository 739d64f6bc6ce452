package io.usageanalytics.support;

import static io.restassured.RestAssured.given;

import java.util.Map;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/** Calls the service the way clients do: GraphQL and event batches over HTTP with a bearer token. */
public final class Api {

    private static final String CREATE = "mutation($c: NewCompany!) { createCompany(company: $c) { id } }";

    private Api() {
    }

    public static ValidatableResponse graphql(String token, String query) {
        return graphql(token, query, Map.of());
    }

    public static ValidatableResponse graphql(String token, String query, Map<String, Object> variables) {
        return given().auth().oauth2(token)
                .contentType(ContentType.JSON)
                .body(Map.of("query", query, "variables", variables))
                .post("/graphql")
                .then();
    }

    public static ValidatableResponse postEvents(String token, String jsonBody) {
        return given().auth().oauth2(token)
                .contentType(ContentType.JSON)
                .body(jsonBody)
                .post("/events")
                .then();
    }

    /** Sends a directory snapshot (a JSON object) for the company. */
    public static ValidatableResponse putDirectory(String token, String companyId, String jsonBody) {
        return given().auth().oauth2(token)
                .contentType(ContentType.JSON)
                .body(jsonBody)
                .put("/directory/" + companyId)
                .then();
    }

    /** Creates a company unless it exists already (for fixtures shared by the tests of a class). */
    public static void ensureCompany(String id, String timeZone, int seats, boolean extraUsage) {
        graphql(TestTokens.admin(), CREATE, Map.of("c", Map.of("id", id, "name", "Company " + id,
                "timeZone", timeZone, "seats", seats, "extraUsageEnabled", extraUsage)))
                .statusCode(200);
    }

    /** Creates a company as a vendor administrator. */
    public static void createCompany(String id, String timeZone, int seats, boolean extraUsage) {
        createCompany(TestTokens.admin(), id, timeZone, seats, extraUsage);
    }

    /** Creates a company with the given vendor administrator's token (of whichever issuer the service trusts). */
    public static void createCompany(String adminToken, String id, String timeZone, int seats, boolean extraUsage) {
        graphql(adminToken, """
                mutation($c: NewCompany!) { createCompany(company: $c) { id } }
                """, Map.of("c", Map.of("id", id, "name", "Company " + id, "timeZone", timeZone, "seats", seats,
                "extraUsageEnabled", extraUsage)))
                .statusCode(200)
                .body("errors", org.hamcrest.Matchers.nullValue())
                .body("data.createCompany.id", org.hamcrest.Matchers.equalTo(id));
    }
}
