package io.usageanalytics.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.smallrye.jwt.build.Jwt;
import io.usageanalytics.support.Api;
import io.usageanalytics.support.Database;
import io.usageanalytics.support.Events;
import io.usageanalytics.support.TestTokens;

/**
 * Each way a buggy or hostile client was found to hurt the service (README, "Limits" and "Errors"), reproduced as
 * it was sent: every one now gets a coded 4xx or GraphQL error, stores nothing and leaves the service answering.
 */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
class HostileInputTest {

    private static final String CO = "hostile-co";
    private static final Instant AT = Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);

    @Inject
    Database db;

    @BeforeEach
    void company() {
        Api.ensureCompany(CO, "Europe/Berlin", 10, true);
    }

    // ------------------------------------------------------------------ GraphQL cost

    /** {@code fragment F1 on Company { ...F0 ...F0 }} ... n deep: 2^n fields from a document of about 1 KB. */
    static String fragmentChain(int depth) {
        return "{ company(id: \"" + CO + "\") { ...F" + depth + " } } fragment F0 on Company { name } "
                + IntStream.rangeClosed(1, depth)
                        .mapToObj(i -> "fragment F" + i + " on Company { ...F" + (i - 1) + " ...F" + (i - 1) + " }")
                        .collect(Collectors.joining(" "));
    }

    @Test
    void aFragmentChainIsRefusedBeforeValidationWhoeverSendsIt() {
        for (int depth : new int[] { 26, 30 }) {
            Api.graphql(TestTokens.owner(CO), fragmentChain(depth))
                    .statusCode(200)
                    .body("data", nullValue())
                    .body("errors", hasSize(1))
                    .body("errors[0].extensions.code", equalTo("QUERY_TOO_COMPLEX"))
                    // every spread doubles the fields: 2^depth names, and the company field above them
                    .body("errors[0].message", containsString(String.valueOf((1L << depth) + 1)));
            // no role that reads companies: refused before the body is even read
            Api.graphql(TestTokens.stranger(), fragmentChain(depth))
                    .statusCode(200)
                    .body("errors[0].extensions.code", equalTo("FORBIDDEN"));
            Api.graphql(TestTokens.writer(CO), fragmentChain(depth))
                    .statusCode(200)
                    .body("errors[0].extensions.code", equalTo("FORBIDDEN"));
        }
    }

    @Test
    void fragmentChainsSentTogetherLeaveLivenessAnswering() {
        String owner = TestTokens.owner(CO);
        // threads made here keep the test's class loader (RestAssured finds its JSON mapper through it)
        java.util.concurrent.ExecutorService clients = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<CompletableFuture<Integer>> attacks = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                attacks.add(CompletableFuture.supplyAsync(() -> Api.graphql(owner, fragmentChain(30))
                        .extract().statusCode(), clients));
            }
            given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
            attacks.forEach(a -> assertEquals(200, a.join()));
        } finally {
            clients.shutdown();
        }
        Api.graphql(TestTokens.owner(CO), "{ company(id: \"" + CO + "\") { seats } }")
                .statusCode(200).body("data.company.seats", equalTo(10));
    }

    @Test
    void aliasesCountAsFields() {
        String query = IntStream.range(0, 401).mapToObj(i -> "a" + i + ": companies { id }")
                .collect(Collectors.joining(" ", "{ ", " }"));
        Api.graphql(TestTokens.admin(), query)
                .statusCode(200)
                .body("errors[0].extensions.code", equalTo("QUERY_TOO_COMPLEX"))
                .body("errors[0].message", containsString("802 fields"));
    }

    @Test
    void dataQueriesDeeperThanTheLimitAreRefusedButGraphiQLsIntrospectionIsAnswered() {
        String eleven = "{ " + "a { ".repeat(10) + "b" + " }".repeat(10) + " }";
        Api.graphql(TestTokens.owner(CO), eleven)
                .statusCode(200)
                .body("errors[0].extensions.code", equalTo("QUERY_TOO_COMPLEX"))
                .body("errors[0].message", containsString("11 deep"));
        String ten = "{ " + "a { ".repeat(9) + "b" + " }".repeat(9) + " }";
        Api.graphql(TestTokens.owner(CO), ten)
                .statusCode(200)
                .body("errors[0].extensions.code", equalTo("GRAPHQL_VALIDATION_FAILED"));

        // 14 levels deep (__schema > types > fields > args > type > ofType ...), about 200 fields
        Response introspection = Api.graphql(TestTokens.owner(CO), GraphiQL.INTROSPECTION_QUERY)
                .statusCode(200).extract().response();
        assertEquals(null, (Object) introspection.path("errors"));
        List<String> types = introspection.path("data.__schema.types.name");
        assertTrue(types.containsAll(Set.of("Company", "DateRangeInput", "TelemetryCounts")), types.toString());
    }

    // ------------------------------------------------------------------ bodies

    @Test
    void anArrayOfEmptyObjectsOverTheBatchLimitIsRefusedAtTheFirstEventOverIt() {
        StringBuilder body = new StringBuilder("[");
        while (body.length() < 8 * 1024 * 1024 - 8) {
            body.append("{},");
        }
        body.append("{}]");
        given().auth().oauth2(TestTokens.writer(CO)).contentType(ContentType.JSON).body(body.toString())
                .post("/events").then()
                .statusCode(413)
                .body("code", equalTo("BATCH_TOO_LARGE"));
    }

    @Test
    void aBodyOverTheByteLimitIsRefusedBeforeItIsRead() throws Exception {
        // announced as 10 MB; the answer comes before a byte of the body is sent
        String events = exchangeHeadersOnly("/events", TestTokens.writer(CO), 10 * 1024 * 1024);
        assertTrue(events.startsWith("HTTP/1.1 413"), events);
        assertTrue(events.contains("\"code\":\"BODY_TOO_LARGE\""), events);
        String graphql = exchangeHeadersOnly("/graphql", TestTokens.owner(CO), 70_000);
        assertTrue(graphql.startsWith("HTTP/1.1 413"), graphql);
        assertTrue(graphql.contains("\"code\":\"BODY_TOO_LARGE\""), graphql);
    }

    /** Sends a POST's headers with a Content-Length and no body; returns what the service answers. */
    private static String exchangeHeadersOnly(String path, String token, int contentLength) throws Exception {
        int port = io.restassured.RestAssured.port;
        try (java.net.Socket socket = new java.net.Socket("localhost", port)) {
            socket.setSoTimeout(10_000);
            String request = "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + contentLength + "\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            byte[] answer = new byte[4096];
            int read = 0;
            int n;
            while (read < answer.length && (n = socket.getInputStream().read(answer, read, answer.length - read)) > 0) {
                read += n;
                String text = new String(answer, 0, read, StandardCharsets.UTF_8);
                if (text.contains("\r\n\r\n") && text.endsWith("}")) {
                    break;
                }
            }
            return new String(answer, 0, read, StandardCharsets.UTF_8);
        }
    }

    @Test
    void malformedJsonOfEveryShapeIsABadRequestWithAPosition() {
        String deep = "[" + "{\"a\":".repeat(1001) + "1" + "}".repeat(1001) + "]";
        String longName = "[{\"" + "n".repeat(50_001) + "\": 1}]";
        String longNumber = "[{\"amountMicros\": " + "9".repeat(1001) + "}]";
        for (String body : List.of(deep, longName, longNumber, "[{\"eventId\": }]", "[1, 2", "")) {
            long before = db.eventCount(CO);
            given().auth().oauth2(TestTokens.writer(CO)).contentType(ContentType.JSON).body(body)
                    .post("/events").then()
                    .statusCode(400)
                    .body("code", equalTo("BAD_USER_INPUT"));
            assertEquals(before, db.eventCount(CO));
        }
    }

    @Test
    void contentAfterTheArrayIsRefusedWhole() {
        String valid = Events.batch().add(CO, AT, "USER_ACTIVE", "userId", "u-after").json();
        given().auth().oauth2(TestTokens.writer(CO)).contentType(ContentType.JSON).body(valid + " [] ")
                .post("/events").then()
                .statusCode(400)
                .body("code", equalTo("BAD_USER_INPUT"))
                .body("message", containsString("after the array"));
        assertEquals(0, db.strings("SELECT user_id FROM event WHERE company_id = $1 AND user_id = 'u-after'", CO).size());
    }

    @Test
    void ndjsonWithCarriageReturnLineEndsKeepsEveryEvent() {
        String[] ids = { UUID.randomUUID().toString(), UUID.randomUUID().toString(), UUID.randomUUID().toString() };
        String body = IntStream.range(0, 3).mapToObj(i -> "{\"eventId\":\"" + ids[i] + "\",\"companyId\":\"" + CO
                + "\",\"occurredAt\":\"" + AT + "\",\"type\":\"USER_ACTIVE\",\"userId\":\"u-cr-" + i + "\"}")
                .collect(Collectors.joining("\r", "", "\r"));
        given().auth().oauth2(TestTokens.writer(CO)).contentType("application/x-ndjson; charset=UTF-8")
                .body(body.getBytes(StandardCharsets.UTF_8))
                .post("/events").then()
                .statusCode(200)
                .body("received", equalTo(3))
                .body("accepted", equalTo(3));
    }

    @Test
    void aDeclaredCharsetIsReadNotIgnored() {
        // "é" is one byte in ISO-8859-1: read as UTF-8 it would be refused or merge into another id
        String latin1 = Events.batch().add(CO, AT, "USER_ACTIVE", "userId", "u-caf\u00e9").json();
        given().auth().oauth2(TestTokens.writer(CO)).contentType("application/json; charset=ISO-8859-1")
                .body(latin1.getBytes(StandardCharsets.ISO_8859_1))
                .post("/events").then()
                .statusCode(200)
                .body("accepted", equalTo(1));
        assertEquals(List.of("u-caf\u00e9"),
                db.strings("SELECT user_id FROM event WHERE company_id = $1 AND user_id LIKE 'u-caf%'", CO));
        given().auth().oauth2(TestTokens.writer(CO)).contentType("application/json; charset=x-no-such-charset")
                .body(latin1.getBytes(StandardCharsets.ISO_8859_1))
                .post("/events").then()
                .statusCode(415)
                .body("code", equalTo("UNSUPPORTED_MEDIA_TYPE"));
        // GraphQL is UTF-8 only (GraphQL over HTTP)
        given().auth().oauth2(TestTokens.owner(CO)).contentType("application/json; charset=UTF-16")
                .body("{\"query\":\"{ companies { id } }\"}".getBytes(StandardCharsets.UTF_16))
                .post("/graphql").then()
                .statusCode(415)
                .body("errors[0].extensions.code", equalTo("UNSUPPORTED_MEDIA_TYPE"));
    }

    // ------------------------------------------------------------------ GraphQL requests

    @Test
    void variablesThatAreNotAnObjectOrNestedTooDeepAreABadRequest() {
        for (String body : List.of("{\"query\":\"{ companies { id } }\",\"variables\":[1]}",
                "{\"query\":\"{ companies { id } }\",\"variables\":\"x\"}",
                "{\"query\":\"{ companies { id } }\",\"variables\":{\"a\":" + "[".repeat(1000) + "]".repeat(1000) + "}}",
                "{\"query\":\"{ companies { id } }\"} {}",
                "{\"query\":42}",
                "[]")) {
            given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).body(body)
                    .post("/graphql").then()
                    .statusCode(400)
                    .body("errors[0].extensions.code", equalTo("BAD_USER_INPUT"));
        }
    }

    @Test
    void theSameMediaTypeTwiceIsThatTypeAsTheGraphQLUiSendsIt() {
        for (String type : List.of("application/json, application/json", "application/json, text/plain")) {
            // sent exactly as written: RestAssured would otherwise append a charset
            var config = io.restassured.RestAssured.config().encoderConfig(io.restassured.config.EncoderConfig
                    .encoderConfig().encodeContentTypeAs(type, ContentType.TEXT)
                    .appendDefaultContentCharsetToContentTypeIfUndefined(false));
            var answer = given().config(config).auth().oauth2(TestTokens.owner(CO)).contentType(type)
                    .body(("{\"query\":\"{ company(id: \\\"" + CO + "\\\") { seats } }\"}").getBytes(StandardCharsets.UTF_8))
                    .post("/graphql").then();
            if (type.endsWith("text/plain")) {
                answer.statusCode(415).body("errors[0].extensions.code", equalTo("UNSUPPORTED_MEDIA_TYPE"));
            } else {
                answer.statusCode(200).body("data.company.seats", equalTo(10));
            }
        }
    }

    @Test
    void aSyntaxErrorHasACodeAndItsPosition() {
        Api.graphql(TestTokens.owner(CO), "{ company(id: \"" + CO + "\") {\n  name\n")
                .statusCode(200)
                .body("errors[0].extensions.code", equalTo("GRAPHQL_PARSE_FAILED"))
                .body("errors[0].locations[0].line", equalTo(3))
                .body("errors[0].locations[0].column", notNullValue());
    }

    @Test
    void anUnknownFieldIsAValidationFailure() {
        Api.graphql(TestTokens.owner(CO), "{ company(id: \"" + CO + "\") { nme } }")
                .statusCode(200)
                .body("errors[0].extensions.code", equalTo("GRAPHQL_VALIDATION_FAILED"))
                .body("errors[0].message", containsString("nme"));
    }

    @Test
    void anImpossibleDateIsOneBadUserInputErrorWithoutJavaNames() {
        Api.graphql(TestTokens.owner(CO), "{ company(id: \"" + CO
                + "\") { telemetry(range: {from: \"2026-02-30\", to: \"2026-03-01\"}) { users } } }")
                .statusCode(200)
                .body("errors", hasSize(1))
                .body("errors[0].extensions.code", equalTo("BAD_USER_INPUT"))
                .body("errors[0].message", not(containsString("io.usageanalytics")))
                .body("errors[0].message", containsString("range"));
    }

    @Test
    void datesOutsideFourDigitYearsAreBadUserInput() {
        Api.graphql(TestTokens.owner(CO), "{ company(id: \"" + CO
                + "\") { telemetry(range: {from: \"+999999999-12-30\", to: \"+999999999-12-31\"}) { users } } }")
                .statusCode(200)
                .body("errors[0].extensions.code", equalTo("BAD_USER_INPUT"));
        given().auth().oauth2(TestTokens.admin())
                .get("/exports/billing.csv?from=-999999999-01-01&to=-999999999-01-02").then()
                .statusCode(400)
                .body("code", equalTo("BAD_USER_INPUT"));
    }

    @Test
    void aNulInACompanyIdIsNotFoundOrRefusedEverywhere() {
        String id = "hostile\u0000co";
        // in the request's JSON: the whole request is refused, nothing runs
        given().auth().oauth2(TestTokens.owner(CO)).contentType(ContentType.JSON)
                .body("{\"query\":\"query($id: String!) { company(id: $id) { name } }\",\"variables\":{\"id\":\""
                        + "hostile\\u0000co\"}}")
                .post("/graphql").then()
                .statusCode(400)
                .body("errors[0].extensions.code", equalTo("BAD_USER_INPUT"))
                .body("errors[0].message", containsString("NUL"));
        // written as a GraphQL escape in the document: no company can have that id
        Api.graphql(TestTokens.admin(), "{ company(id: \"hostile\\u0000co\") { name } }")
                .statusCode(200)
                .body("errors[0].extensions.code", equalTo("NOT_FOUND"));
        Api.graphql(TestTokens.owner(id), "{ company(id: \"hostile\\u0000co\") { name } }")
                .statusCode(200)
                .body("errors[0].extensions.code", equalTo("NOT_FOUND"));
        given().auth().oauth2(TestTokens.owner(CO))
                .get("/exports/companies/hostile%00co/spend-by-user.csv?from=2026-01-01&to=2026-01-31").then()
                .statusCode(404)
                .body("code", equalTo("NOT_FOUND"));
    }

    @Test
    void aNulOrAForeignDateInACursorIsBadUserInput() {
        String nul = java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString("5:u\u0000x".getBytes(StandardCharsets.UTF_8));
        Api.graphql(TestTokens.owner(CO), "query($after: String) { company(id: \"" + CO
                + "\") { spend { byUser(range: {from: \"2026-01-01\", to: \"2026-01-31\"}, first: 5, after: $after) "
                + "{ users { userId } } } } }", Map.of("after", nul))
                .statusCode(200)
                .body("errors[0].extensions.code", equalTo("BAD_USER_INPUT"));
        String farDate = java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString("+999999999-12-31:acme".getBytes(StandardCharsets.UTF_8));
        Api.graphql(TestTokens.admin(), "query($after: String) { billingReport(range: {from: \"2026-01-01\", "
                + "to: \"2026-01-31\"}, after: $after) { lines { companyId } } }", Map.of("after", farDate))
                .statusCode(200)
                .body("errors[0].extensions.code", equalTo("BAD_USER_INPUT"));
    }

    @Test
    void aNulInACompanyNameIsBadUserInputAndCreatesNothing() {
        Api.graphql(TestTokens.admin(), "mutation { createCompany(company: {id: \"nul-name-co\", name: "
                + "\"Nul\\u0000Name\", timeZone: \"UTC\", seats: 1, extraUsageEnabled: false}) { id } }")
                .statusCode(200)
                .body("errors[0].extensions.code", equalTo("BAD_USER_INPUT"));
        assertEquals(0, db.companyCount("nul-name-co"));
        Api.graphql(TestTokens.admin(), "mutation($c: NewCompany!) { createCompany(company: $c) { id } }",
                Map.of("c", Map.of("id", "mail-name-co", "name", "jane.roe＠example.com", "seats", 1)))
                .statusCode(200)
                .body("errors[0].extensions.code", equalTo("BAD_USER_INPUT"))
                .body("errors[0].message", containsString("e-mail"));
        assertEquals(0, db.companyCount("mail-name-co"));
        Api.graphql(TestTokens.admin(), "mutation($c: NewCompany!) { createCompany(company: $c) { id } }",
                Map.of("c", Map.of("id", "many-seats-co", "name", "Many", "seats", 2_000_000_000)))
                .statusCode(200)
                .body("errors[0].extensions.code", equalTo("BAD_USER_INPUT"))
                .body("errors[0].message", containsString("at most 10000000"));
    }

    // ------------------------------------------------------------------ tokens

    @Test
    void withoutATokenTheAnswerSaysUnauthenticated() {
        given().contentType(ContentType.JSON).body("{\"query\":\"{ companies { id } }\"}").post("/graphql").then()
                .statusCode(401)
                .header("WWW-Authenticate", containsString("Bearer"))
                .body("errors[0].extensions.code", equalTo("UNAUTHENTICATED"));
        given().contentType(ContentType.JSON).body("[]").post("/events").then()
                .statusCode(401)
                .body("code", equalTo("UNAUTHENTICATED"));
        given().auth().oauth2("not-a-token").get("/exports/billing.csv?from=2026-01-01&to=2026-01-31").then()
                .statusCode(401)
                .body("code", equalTo("UNAUTHENTICATED"));
    }

    @Test
    void aTokenForAnotherAudienceIsRefused() {
        String otherClient = Jwt.claims().issuer(TestTokens.ISSUER).audience("another-client").subject("x")
                .groups(Set.of("owner")).claim("company_id", CO).sign();
        String noAudience = Jwt.claims().issuer(TestTokens.ISSUER).subject("x")
                .groups(Set.of("owner")).claim("company_id", CO).sign();
        for (String token : List.of(otherClient, noAudience)) {
            Api.graphql(token, "{ company(id: \"" + CO + "\") { name } }")
                    .statusCode(401)
                    .body("errors[0].extensions.code", equalTo("UNAUTHENTICATED"));
            given().auth().oauth2(token)
                    .get("/exports/companies/" + CO + "/spend-by-user.csv?from=2026-01-01&to=2026-01-31").then()
                    .statusCode(401);
        }
    }

    @Test
    void aTokenIssuedLongerAgoThanTheMaximumAgeIsRefusedWhateverItsExpiry() {
        Instant issued = Instant.now().minus(2, ChronoUnit.HOURS);
        String old = Jwt.claims().issuer(TestTokens.ISSUER).audience(TestTokens.AUDIENCE).subject("x")
                .groups(Set.of("owner")).claim("company_id", CO)
                .issuedAt(issued).expiresAt(Instant.parse("3000-01-01T00:00:00Z")).sign();
        Api.graphql(old, "{ company(id: \"" + CO + "\") { name } }")
                .statusCode(401)
                .body("errors[0].extensions.code", equalTo("UNAUTHENTICATED"));
        // issued "in the future" to look young for a thousand years
        String future = Jwt.claims().issuer(TestTokens.ISSUER).audience(TestTokens.AUDIENCE).subject("x")
                .groups(Set.of("owner")).claim("company_id", CO)
                .issuedAt(Instant.parse("2999-01-01T00:00:00Z")).expiresAt(Instant.parse("3000-01-01T00:00:00Z")).sign();
        Api.graphql(future, "{ company(id: \"" + CO + "\") { name } }")
                .statusCode(401)
                .body("errors[0].extensions.code", equalTo("UNAUTHENTICATED"));
        String fresh = Jwt.claims().issuer(TestTokens.ISSUER).audience(TestTokens.AUDIENCE).subject("x")
                .groups(Set.of("owner")).claim("company_id", CO)
                .issuedAt(Instant.now()).expiresAt(Instant.parse("3000-01-01T00:00:00Z")).sign();
        Api.graphql(fresh, "{ company(id: \"" + CO + "\") { name } }")
                .statusCode(200)
                .body("data.company.name", equalTo("Company " + CO));
    }
}
