package io.usageanalytics.access;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.usageanalytics.support.Api;
import io.usageanalytics.support.Database;
import io.usageanalytics.support.Events;
import io.usageanalytics.support.TestTokens;

/**
 * Every role against its own company, another company and a company that does
 * not exist, for each kind of request: the answers of the access table in the
 * specification, with real signed tokens.
 */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
class AccessMatrixTest {

    static final String OWN = "acc-own";
    static final String OTHER = "acc-other";
    static final String MISSING = "acc-missing";

    enum Caller {
        PRIMARY_OWNER(() -> TestTokens.primaryOwner(OWN)),
        OWNER(() -> TestTokens.owner(OWN)),
        KEYCLOAK_OWNER(() -> TestTokens.keycloakOwner(OWN)),
        PARTNER(() -> TestTokens.partner(OWN, MISSING)),
        TELEMETRY_WRITER(() -> TestTokens.writer(OWN)),
        DIRECTORY_WRITER(() -> TestTokens.directoryWriter(OWN)),
        ANALYTICS_ADMIN(TestTokens::admin),
        NO_PRODUCT_ROLE(TestTokens::stranger);

        final Supplier<String> token;

        Caller(Supplier<String> token) {
            this.token = token;
        }
    }

    /** What the service answers. */
    enum Outcome {
        /** The request is carried out. */
        ALLOWED,
        /** GraphQL error FORBIDDEN, or HTTP 403 with code FORBIDDEN. */
        FORBIDDEN,
        /** GraphQL error NOT_FOUND: the company does not exist or is not the caller's. */
        NOT_FOUND,
        /** Ingestion: the event is refused as being for an unknown company (HTTP 422). */
        UNKNOWN_COMPANY
    }

    @Inject
    Database db;

    @BeforeEach
    void companies() {
        Api.ensureCompany(OWN, "UTC", 10, false);
        Api.ensureCompany(OTHER, "UTC", 10, false);
    }

    static Stream<Arguments> ingest() {
        List<Arguments> cases = new ArrayList<>();
        for (Caller caller : Caller.values()) {
            boolean writer = caller == Caller.TELEMETRY_WRITER;
            cases.add(Arguments.of(caller, OWN, writer ? Outcome.ALLOWED : Outcome.FORBIDDEN));
            cases.add(Arguments.of(caller, OTHER, writer ? Outcome.UNKNOWN_COMPANY : Outcome.FORBIDDEN));
            cases.add(Arguments.of(caller, MISSING, writer ? Outcome.UNKNOWN_COMPANY : Outcome.FORBIDDEN));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} ingesting for {1}: {2}")
    @MethodSource
    void ingest(Caller caller, String company, Outcome expected) {
        long before = db.eventCount(company);
        ValidatableResponse response = Api.postEvents(caller.token.get(), Events.batch()
                .add(company, Instant.now().minus(1, ChronoUnit.HOURS), "USER_ACTIVE", "userId", "u-access")
                .json());
        switch (expected) {
            case ALLOWED -> response.statusCode(200).body("accepted", equalTo(1));
            case FORBIDDEN -> response.statusCode(403).body("code", equalTo("FORBIDDEN"));
            case UNKNOWN_COMPANY -> response.statusCode(422)
                    .body("rejected[0].reason", equalTo("unknown company '" + company + "'"));
            default -> throw new IllegalArgumentException(expected.name());
        }
        assertEquals(before + (expected == Outcome.ALLOWED ? 1 : 0), db.eventCount(company));
    }

    static Stream<Arguments> readFigures() {
        List<Arguments> cases = new ArrayList<>();
        for (Caller caller : Caller.values()) {
            Outcome own;
            Outcome other;
            switch (caller) {
                case PRIMARY_OWNER, OWNER, KEYCLOAK_OWNER, PARTNER -> {
                    own = Outcome.ALLOWED;
                    other = Outcome.NOT_FOUND;
                }
                // vendor administrators read every company's aggregates, never per-user rows
                case ANALYTICS_ADMIN -> {
                    own = Outcome.ALLOWED;
                    other = Outcome.ALLOWED;
                }
                default -> {
                    own = Outcome.FORBIDDEN;
                    other = Outcome.FORBIDDEN;
                }
            }
            cases.add(Arguments.of(caller, OWN, own));
            cases.add(Arguments.of(caller, OTHER, other));
            cases.add(Arguments.of(caller, MISSING, own == Outcome.FORBIDDEN ? Outcome.FORBIDDEN : Outcome.NOT_FOUND));
        }
        return cases.stream();
    }

    private static final String FIGURES = """
            query($id: String!, $from: Date!, $to: Date!) {
              company(id: $id) { id telemetry(range: {from: $from, to: $to}) { users userMessages } }
            }""";

    @ParameterizedTest(name = "{0} reading figures of {1}: {2}")
    @MethodSource
    void readFigures(Caller caller, String company, Outcome expected) {
        LocalDate today = LocalDate.now();
        ValidatableResponse response = Api.graphql(caller.token.get(), FIGURES,
                Map.of("id", company, "from", today.minusDays(7).toString(), "to", today.toString()))
                .statusCode(200);
        switch (expected) {
            case ALLOWED -> response.body("errors", nullValue())
                    .body("data.company.id", equalTo(company))
                    .body("data.company.telemetry.users", notNullValue());
            case FORBIDDEN -> response.body("data.company", nullValue())
                    .body("errors[0].extensions.code", equalTo("FORBIDDEN"));
            case NOT_FOUND -> response.body("data.company", nullValue())
                    .body("errors[0].extensions.code", equalTo("NOT_FOUND"))
                    .body("errors[0].message", equalTo("No company with id '" + company + "'"));
            default -> throw new IllegalArgumentException(expected.name());
        }
    }

    static Stream<Arguments> userReport() {
        List<Arguments> cases = new ArrayList<>();
        for (Caller caller : Caller.values()) {
            switch (caller) {
                case PRIMARY_OWNER, OWNER, KEYCLOAK_OWNER, PARTNER -> {
                    cases.add(Arguments.of(caller, OWN, Outcome.ALLOWED));
                    cases.add(Arguments.of(caller, OTHER, Outcome.NOT_FOUND));
                    cases.add(Arguments.of(caller, MISSING, Outcome.NOT_FOUND));
                }
                // vendor administrators reach every company, but never its per-user rows
                case ANALYTICS_ADMIN -> {
                    cases.add(Arguments.of(caller, OWN, Outcome.FORBIDDEN));
                    cases.add(Arguments.of(caller, OTHER, Outcome.FORBIDDEN));
                    cases.add(Arguments.of(caller, MISSING, Outcome.NOT_FOUND));
                }
                default -> {
                    cases.add(Arguments.of(caller, OWN, Outcome.FORBIDDEN));
                    cases.add(Arguments.of(caller, OTHER, Outcome.FORBIDDEN));
                    cases.add(Arguments.of(caller, MISSING, Outcome.FORBIDDEN));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} reading the per-user report of {1}: {2}")
    @MethodSource
    void userReport(Caller caller, String company, Outcome expected) {
        LocalDate today = LocalDate.now();
        ValidatableResponse response = Api.graphql(caller.token.get(), """
                query($id: String!, $from: Date!, $to: Date!) {
                  company(id: $id) { id userReport(range: {from: $from, to: $to}) { totalUsers users { userId } } }
                }""", Map.of("id", company, "from", today.minusDays(7).toString(), "to", today.toString()))
                .statusCode(200);
        switch (expected) {
            case ALLOWED -> response.body("errors", nullValue())
                    .body("data.company.id", equalTo(company))
                    .body("data.company.userReport.totalUsers", notNullValue());
            case FORBIDDEN -> response.body("data.company.userReport", nullValue())
                    .body("errors[0].extensions.code", equalTo("FORBIDDEN"));
            case NOT_FOUND -> response.body("data.company", nullValue())
                    .body("errors[0].extensions.code", equalTo("NOT_FOUND"))
                    .body("errors[0].message", equalTo("No company with id '" + company + "'"));
            default -> throw new IllegalArgumentException(expected.name());
        }
    }

    private static final String TEAMS = """
            query($id: String!, $from: Date!, $to: Date!) {
              company(id: $id) { id teams { id } teamBreakdown(range: {from: $from, to: $to}) { minTeamSize } }
            }""";

    /** The teams and their breakdown are aggregates: the same answers as the other figures. */
    @ParameterizedTest(name = "{0} reading teams of {1}: {2}")
    @MethodSource("readFigures")
    void readTeams(Caller caller, String company, Outcome expected) {
        LocalDate today = LocalDate.now();
        ValidatableResponse response = Api.graphql(caller.token.get(), TEAMS,
                Map.of("id", company, "from", today.minusDays(7).toString(), "to", today.toString()))
                .statusCode(200);
        switch (expected) {
            case ALLOWED -> response.body("errors", nullValue())
                    .body("data.company.teams", equalTo(List.of()))
                    .body("data.company.teamBreakdown.minTeamSize", notNullValue());
            case FORBIDDEN -> response.body("data.company", nullValue())
                    .body("errors[0].extensions.code", equalTo("FORBIDDEN"));
            case NOT_FOUND -> response.body("data.company", nullValue())
                    .body("errors[0].extensions.code", equalTo("NOT_FOUND"));
            default -> throw new IllegalArgumentException(expected.name());
        }
    }

    static Stream<Arguments> syncDirectory() {
        List<Arguments> cases = new ArrayList<>();
        for (Caller caller : Caller.values()) {
            boolean writer = caller == Caller.DIRECTORY_WRITER;
            cases.add(Arguments.of(caller, OWN, writer ? Outcome.ALLOWED : Outcome.FORBIDDEN));
            cases.add(Arguments.of(caller, OTHER, writer ? Outcome.NOT_FOUND : Outcome.FORBIDDEN));
            cases.add(Arguments.of(caller, MISSING, writer ? Outcome.NOT_FOUND : Outcome.FORBIDDEN));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} sending the directory of {1}: {2}")
    @MethodSource
    void syncDirectory(Caller caller, String company, Outcome expected) {
        String applied = "SELECT coalesce(max(applied_at)::text, '-') FROM directory_snapshot WHERE company_id = $1";
        String before = db.strings(applied, company).get(0);
        ValidatableResponse response = Api.putDirectory(caller.token.get(), company, "{\"teams\": []}");
        switch (expected) {
            case ALLOWED -> response.statusCode(200).body("companyId", equalTo(company));
            case FORBIDDEN -> response.statusCode(403).body("code", equalTo("FORBIDDEN"));
            case NOT_FOUND -> response.statusCode(404).body("code", equalTo("NOT_FOUND"))
                    .body("message", equalTo("No company with id '" + company + "'"));
            default -> throw new IllegalArgumentException(expected.name());
        }
        // a refused snapshot changes nothing
        assertEquals(expected != Outcome.ALLOWED, before.equals(db.strings(applied, company).get(0)));
    }

    static Stream<Arguments> changePrivacyRules() {
        List<Arguments> cases = new ArrayList<>();
        for (Caller caller : Caller.values()) {
            Outcome own;
            Outcome other;
            switch (caller) {
                case PRIMARY_OWNER, OWNER, KEYCLOAK_OWNER -> {
                    own = Outcome.ALLOWED;
                    other = Outcome.NOT_FOUND;
                }
                // a partner sees the company's figures, not its rules
                case PARTNER -> {
                    own = Outcome.FORBIDDEN;
                    other = Outcome.NOT_FOUND;
                }
                case ANALYTICS_ADMIN -> {
                    own = Outcome.ALLOWED;
                    other = Outcome.ALLOWED;
                }
                default -> {
                    own = Outcome.FORBIDDEN;
                    other = Outcome.FORBIDDEN;
                }
            }
            cases.add(Arguments.of(caller, OWN, own));
            cases.add(Arguments.of(caller, OTHER, other));
            cases.add(Arguments.of(caller, MISSING,
                    own == Outcome.FORBIDDEN && other == Outcome.FORBIDDEN ? Outcome.FORBIDDEN : Outcome.NOT_FOUND));
        }
        return cases.stream();
    }

    /** Tightening (a larger minimum team size, the same every time); loosening is PrivacyRulesTest's. */
    @ParameterizedTest(name = "{0} changing the privacy rules of {1}: {2}")
    @MethodSource
    void changePrivacyRules(Caller caller, String company, Outcome expected) {
        ValidatableResponse response = Api.graphql(caller.token.get(),
                "mutation($id: String!) { changePrivacyRules(companyId: $id, changes: {minTeamSize: 6}) { minTeamSize } }",
                Map.of("id", company)).statusCode(200);
        switch (expected) {
            case ALLOWED -> response.body("errors", nullValue()).body("data.changePrivacyRules.minTeamSize", equalTo(6));
            case FORBIDDEN -> response.body("data.changePrivacyRules", nullValue())
                    .body("errors[0].extensions.code", equalTo("FORBIDDEN"));
            case NOT_FOUND -> response.body("data.changePrivacyRules", nullValue())
                    .body("errors[0].extensions.code", equalTo("NOT_FOUND"));
            default -> throw new IllegalArgumentException(expected.name());
        }
    }

    static Stream<Arguments> manageCompanies() {
        List<Arguments> cases = new ArrayList<>();
        for (Caller caller : Caller.values()) {
            boolean admin = caller == Caller.ANALYTICS_ADMIN;
            cases.add(Arguments.of(caller, OWN, admin ? Outcome.ALLOWED : Outcome.FORBIDDEN));
            cases.add(Arguments.of(caller, OTHER, admin ? Outcome.ALLOWED : Outcome.FORBIDDEN));
            cases.add(Arguments.of(caller, MISSING, admin ? Outcome.NOT_FOUND : Outcome.FORBIDDEN));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} changing {1}: {2}")
    @MethodSource
    void manageCompanies(Caller caller, String company, Outcome expected) {
        ValidatableResponse response = Api.graphql(caller.token.get(),
                "mutation($id: String!) { updateCompany(id: $id, changes: {seats: 12}) { id seats } }",
                Map.of("id", company))
                .statusCode(200);
        switch (expected) {
            case ALLOWED -> response.body("errors", nullValue()).body("data.updateCompany.seats", equalTo(12));
            case FORBIDDEN -> response.body("data.updateCompany", nullValue())
                    .body("errors[0].extensions.code", equalTo("FORBIDDEN"));
            case NOT_FOUND -> response.body("errors[0].extensions.code", equalTo("NOT_FOUND"))
                    .body("errors[0].message", equalTo("No company with id '" + company + "'"));
            default -> throw new IllegalArgumentException(expected.name());
        }
        assertEquals(0, db.companyCount(MISSING));
    }

    @ParameterizedTest(name = "{0} creating a company is forbidden")
    @MethodSource("nonAdmins")
    void onlyVendorAdministratorsCreateCompanies(Caller caller) {
        Api.graphql(caller.token.get(), "mutation { createCompany(company: {id: \"acc-new\", name: \"New\"}) { id } }")
                .statusCode(200)
                .body("data.createCompany", nullValue())
                .body("errors[0].extensions.code", equalTo("FORBIDDEN"));
        assertEquals(0, db.companyCount("acc-new"));
    }

    static Stream<Caller> nonAdmins() {
        return Stream.of(Caller.values()).filter(c -> c != Caller.ANALYTICS_ADMIN);
    }

    @Test
    void aCompanyThatIsNotYoursLooksExactlyLikeOneThatDoesNotExist() {
        String owner = TestTokens.owner(OWN);
        String notYours = Api.graphql(owner, "{ company(id: \"" + OTHER + "\") { id name } }")
                .extract().asString();
        String missing = Api.graphql(owner, "{ company(id: \"" + MISSING + "\") { id name } }")
                .extract().asString();
        assertEquals(missing.replace(MISSING, "<id>"), notYours.replace(OTHER, "<id>"));
    }

    @Test
    void everyoneSeesOnlyTheirCompaniesInTheList() {
        String list = "{ companies { id } }";
        Api.graphql(TestTokens.owner(OWN), list).body("data.companies.id", equalTo(List.of(OWN)));
        Api.graphql(TestTokens.partner(OWN, MISSING), list).body("data.companies.id", equalTo(List.of(OWN)));
        Api.graphql(TestTokens.admin(), list).body("data.companies.id", hasItems(OWN, OTHER))
                .body("data.companies.id", not(hasItem(MISSING)));
        Api.graphql(TestTokens.writer(OWN), list).body("errors[0].extensions.code", equalTo("FORBIDDEN"));
    }

    @Test
    void withoutAValidTokenEveryRequestIsUnauthorizedBeforeAnyResolverRuns() {
        for (String body : List.of("{\"query\":\"{ companies { id } }\"}",
                "{\"query\":\"mutation { createCompany(company: {id: \\\"x-401\\\", name: \\\"X\\\"}) { id } }\"}")) {
            given().contentType(ContentType.JSON).body(body).post("/graphql").then().statusCode(401);
            given().auth().oauth2("garbage").contentType(ContentType.JSON).body(body).post("/graphql")
                    .then().statusCode(401);
        }
        // a token signed by someone else is as good as none
        String forged = TestTokens.admin();
        String[] parts = forged.split("\\.");
        String tampered = parts[0] + "." + parts[1] + "." + new StringBuilder(parts[2]).reverse();
        given().auth().oauth2(tampered).contentType(ContentType.JSON).body("{\"query\":\"{ companies { id } }\"}")
                .post("/graphql").then().statusCode(401);
        assertEquals(0, db.companyCount("x-401"));
    }

    @Test
    void healthAndMetricsNeedNoToken() {
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200);
    }

    @Test
    void partnersReadEveryListedCompanyAndNoOther() {
        String partner = TestTokens.partner(OWN, OTHER);
        Api.graphql(partner, "{ companies { id } }").body("data.companies.id", containsInAnyOrder(OWN, OTHER));
    }
}
