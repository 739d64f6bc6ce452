package io.usageanalytics.figures.report;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import io.usageanalytics.support.Api;
import io.usageanalytics.support.Events;
import io.usageanalytics.support.TestTokens;

/**
 * Who gets the per-user report, over GraphQL and as CSV and NDJSON: owners and the partners a company lists, never
 * vendor administrators, writers or strangers; and, in works-council mode (per-person views off), nobody.
 */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
class UserReportAccessTest {

    static final String CO = "report-acc";
    static final String COUNCIL = "report-acc-council";
    /** Around the fixture's event of an hour ago, whatever the time zone of the machine. */
    static final LocalDate FROM = LocalDate.now().minusDays(7);
    static final LocalDate TO = LocalDate.now().plusDays(1);

    enum Caller {
        OWNER(TestTokens::owner),
        PRIMARY_OWNER(TestTokens::primaryOwner),
        PARTNER_LISTED(TestTokens::partner),
        PARTNER_UNLISTED(company -> TestTokens.partner("report-acc-elsewhere")),
        ANALYTICS_ADMIN(company -> TestTokens.admin()),
        TELEMETRY_WRITER(TestTokens::writer),
        DIRECTORY_WRITER(TestTokens::directoryWriter),
        NO_TOKEN(company -> null);

        final Function<String, String> token;

        Caller(Function<String, String> token) {
            this.token = token;
        }
    }

    enum Outcome { ALLOWED, NOT_FOUND, FORBIDDEN, PER_PERSON_VIEWS_OFF, UNAUTHENTICATED }

    static Outcome expected(Caller caller, boolean worksCouncil) {
        return switch (caller) {
            case OWNER, PRIMARY_OWNER, PARTNER_LISTED -> worksCouncil ? Outcome.PER_PERSON_VIEWS_OFF : Outcome.ALLOWED;
            case PARTNER_UNLISTED -> Outcome.NOT_FOUND;
            // the role decides first: vendor administrators never see per-user rows, whatever the company's mode
            case ANALYTICS_ADMIN, TELEMETRY_WRITER, DIRECTORY_WRITER -> Outcome.FORBIDDEN;
            case NO_TOKEN -> Outcome.UNAUTHENTICATED;
        };
    }

    @BeforeEach
    void companies() {
        if (Api.graphql(TestTokens.admin(), "{ company(id: \"" + COUNCIL + "\") { perPersonViews } }").extract()
                .jsonPath().get("data.company.perPersonViews") != null) {
            return;
        }
        for (String company : List.of(CO, COUNCIL)) {
            Api.createCompany(company, "Europe/Berlin", 10, true);
            Api.postEvents(TestTokens.writer(company), Events.batch()
                    .add(company, Instant.now().minus(1, ChronoUnit.HOURS), "USER_MESSAGE", "userId", "u1", "chatId", "c1")
                    .json()).statusCode(200).body("accepted", equalTo(1));
        }
        // an owner may tighten the rules: per-person views off
        Api.graphql(TestTokens.owner(COUNCIL), "mutation { changePrivacyRules(companyId: \"" + COUNCIL
                + "\", changes: {perPersonViews: false}) { perPersonViews } }")
                .body("errors", nullValue()).body("data.changePrivacyRules.perPersonViews", equalTo(false));
    }

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (boolean council : new boolean[] { false, true }) {
            for (Caller caller : Caller.values()) {
                cases.add(Arguments.of(council ? COUNCIL : CO, caller, expected(caller, council)));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "GraphQL userReport of {0} for {1}: {2}")
    @MethodSource("cases")
    void graphql(String company, Caller caller, Outcome expected) {
        String query = "{ company(id: \"" + company + "\") { id userReport(range: {from: \"" + FROM + "\", to: \"" + TO
                + "\"}) { totalUsers } } }";
        RequestSpecification request = given().contentType(ContentType.JSON).body(Map.of("query", query));
        String token = caller.token.apply(company);
        if (token != null) {
            request = request.auth().oauth2(token);
        }
        ValidatableResponse response = request.post("/graphql").then();
        switch (expected) {
            case ALLOWED -> response.statusCode(200).body("errors", nullValue())
                    .body("data.company.userReport.totalUsers", equalTo(1));
            case NOT_FOUND -> response.statusCode(200).body("data.company", nullValue())
                    .body("errors[0].extensions.code", equalTo("NOT_FOUND"))
                    .body("errors[0].message", equalTo("No company with id '" + company + "'"));
            case FORBIDDEN -> response.statusCode(200).body("data.company.userReport", nullValue())
                    .body("errors[0].extensions.code", equalTo("FORBIDDEN"));
            // userReport is not nullable: its error nulls the company
            case PER_PERSON_VIEWS_OFF -> response.statusCode(200).body("data.company", nullValue())
                    .body("errors[0].extensions.code", equalTo("PER_PERSON_VIEWS_OFF"))
                    .body("errors[0].message", equalTo("Company '" + company + "' has per-person views switched off "
                            + "(works-council mode): only aggregate figures answer"));
            case UNAUTHENTICATED -> response.statusCode(401);
        }
    }

    @ParameterizedTest(name = "users.csv of {0} for {1}: {2}")
    @MethodSource("cases")
    void csv(String company, Caller caller, Outcome expected) {
        download(company, "users.csv", caller, expected, "text/csv; charset=UTF-8");
    }

    @ParameterizedTest(name = "users.ndjson of {0} for {1}: {2}")
    @MethodSource("cases")
    void ndjson(String company, Caller caller, Outcome expected) {
        download(company, "users.ndjson", caller, expected, "application/x-ndjson; charset=UTF-8");
    }

    private static void download(String company, String file, Caller caller, Outcome expected, String contentType) {
        RequestSpecification request = given();
        String token = caller.token.apply(company);
        if (token != null) {
            request = request.auth().oauth2(token);
        }
        ValidatableResponse response = request.get("/exports/companies/" + company + "/" + file + "?from=" + FROM
                + "&to=" + TO).then();
        switch (expected) {
            case ALLOWED -> response.statusCode(200).header("Content-Type", equalTo(contentType));
            case NOT_FOUND -> response.statusCode(404).body("code", equalTo("NOT_FOUND"))
                    .body("message", equalTo("No company with id '" + company + "'"));
            case FORBIDDEN -> response.statusCode(403).body("code", equalTo("FORBIDDEN"));
            case PER_PERSON_VIEWS_OFF -> response.statusCode(403).body("code", equalTo("PER_PERSON_VIEWS_OFF"));
            case UNAUTHENTICATED -> response.statusCode(401);
        }
    }
}
