package io.usageanalytics.access;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.response.ValidatableResponse;
import io.usageanalytics.support.Api;
import io.usageanalytics.support.TestTokens;

/**
 * Every figure and export, for every kind of caller: owners and partners see
 * their companies with per-user rows, vendor administrators aggregates only,
 * everyone else nothing.
 */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
class FigureAccessTest {

    static final String CO = "fig-acc";
    static final String OTHER = "fig-acc-other";

    enum Caller {
        OWNER(() -> TestTokens.owner(CO)),
        PARTNER(() -> TestTokens.partner(CO)),
        OWNER_OF_OTHER(() -> TestTokens.owner(OTHER)),
        ANALYTICS_ADMIN(TestTokens::admin),
        TELEMETRY_WRITER(() -> TestTokens.writer(CO)),
        NO_PRODUCT_ROLE(TestTokens::stranger);

        final Supplier<String> token;

        Caller(Supplier<String> token) {
            this.token = token;
        }
    }

    enum Kind {
        /** Figures about the whole company. */
        AGGREGATE,
        /** Rows naming users. */
        PER_USER,
        /** Vendor-wide reports. */
        VENDOR
    }

    enum Outcome { ALLOWED, FORBIDDEN, NOT_FOUND }

    static final String R = "range: {from: \"" + LocalDate.now().minusDays(7) + "\", to: \"" + LocalDate.now() + "\"}";

    /** A GraphQL selection on company(id: CO), or a whole query for vendor reports, and the path of its result. */
    record Field(String name, Kind kind, String selection, String resultPath) {
    }

    static final List<Field> FIELDS = List.of(
            new Field("telemetry", Kind.AGGREGATE, "telemetry(" + R + ") { users }", "company.telemetry"),
            new Field("activity", Kind.AGGREGATE, "activity(" + R + ") { activeUsers { value } dau { value } wau { value }"
                    + " mau { value } latest { mau } pendingInvites usersByAppVersion { users } usersByPlatform { users }"
                    + " usersByDeployment { users } freshness { computedAt } }", "company.activity"),
            new Field("adoption", Kind.AGGREGATE, "adoption(" + R + ") { chatsCreated { value } averageMessagesPerChat { value }"
                    + " projectsCreated { value } usersWithProject { value } artifactsCreated { value }"
                    + " usersWithArtifact { value } topConnectors { users } freshness { computedAt } }", "company.adoption"),
            new Field("feedback", Kind.AGGREGATE, "feedback(" + R + ") { overall { positive } byAssistant { positive } }",
                    "company.feedback"),
            new Field("spend totals", Kind.AGGREGATE, "spend { monthToDate quarterToDate yearToDate byModel { model } }",
                    "company.spend"),
            new Field("top users by projects", Kind.PER_USER, "adoption(" + R + ") { topUsersByProjectsUsed { userId } }",
                    "company.adoption.topUsersByProjectsUsed"),
            new Field("top users by artifacts", Kind.PER_USER, "adoption(" + R + ") { topUsersByArtifacts { userId } }",
                    "company.adoption.topUsersByArtifacts"),
            new Field("spend by user", Kind.PER_USER, "spend { byUser(" + R + ") { users { userId } } }",
                    "company.spend.byUser"),
            new Field("user report", Kind.PER_USER, "userReport(" + R + ") { users { userId teamIds } totalUsers }",
                    "company.userReport"),
            new Field("billing report", Kind.VENDOR, "billingReport(" + R + ") { lines { companyId } }", "billingReport"));

    @BeforeEach
    void companies() {
        Api.ensureCompany(CO, "UTC", 5, true);
        Api.ensureCompany(OTHER, "UTC", 5, true);
    }

    static Outcome expected(Caller caller, Kind kind) {
        if (kind == Kind.VENDOR) {
            return caller == Caller.ANALYTICS_ADMIN ? Outcome.ALLOWED : Outcome.FORBIDDEN;
        }
        return switch (caller) {
            case OWNER, PARTNER -> Outcome.ALLOWED;
            case OWNER_OF_OTHER -> Outcome.NOT_FOUND;
            case ANALYTICS_ADMIN -> kind == Kind.AGGREGATE ? Outcome.ALLOWED : Outcome.FORBIDDEN;
            default -> Outcome.FORBIDDEN;
        };
    }

    static Stream<Arguments> graphql() {
        List<Arguments> cases = new ArrayList<>();
        for (Field field : FIELDS) {
            for (Caller caller : Caller.values()) {
                cases.add(Arguments.of(field.name(), caller, field, expected(caller, field.kind())));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} for {1}: {3}")
    @MethodSource
    void graphql(String name, Caller caller, Field field, Outcome expected) {
        String query = field.kind() == Kind.VENDOR ? "{ " + field.selection() + " }"
                : "{ company(id: \"" + CO + "\") { " + field.selection() + " } }";
        ValidatableResponse response = Api.graphql(caller.token.get(), query).statusCode(200);
        switch (expected) {
            case ALLOWED -> response.body("errors", nullValue()).body("data." + field.resultPath(), notNullValue());
            case FORBIDDEN -> response.body("errors[0].extensions.code", equalTo("FORBIDDEN"))
                    .body("data." + field.resultPath(), nullValue());
            case NOT_FOUND -> response.body("errors[0].extensions.code", equalTo("NOT_FOUND"))
                    .body("data.company", nullValue());
        }
    }

    static Stream<Arguments> csv() {
        List<Arguments> cases = new ArrayList<>();
        String range = "?from=" + LocalDate.now().minusDays(7) + "&to=" + LocalDate.now();
        for (Caller caller : Caller.values()) {
            cases.add(Arguments.of("/exports/companies/" + CO + "/spend-by-user.csv" + range, caller,
                    expected(caller, Kind.PER_USER)));
            cases.add(Arguments.of("/exports/companies/" + CO + "/users.csv" + range, caller,
                    expected(caller, Kind.PER_USER)));
            cases.add(Arguments.of("/exports/companies/" + CO + "/users.ndjson" + range, caller,
                    expected(caller, Kind.PER_USER)));
            cases.add(Arguments.of("/exports/billing.csv" + range, caller, expected(caller, Kind.VENDOR)));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} for {1}: {2}")
    @MethodSource
    void csv(String path, Caller caller, Outcome expected) {
        ValidatableResponse response = given().auth().oauth2(caller.token.get()).get(path).then();
        switch (expected) {
            case ALLOWED -> response.statusCode(200).header("Content-Type", equalTo(path.contains(".ndjson")
                    ? "application/x-ndjson; charset=UTF-8" : "text/csv; charset=UTF-8"));
            case FORBIDDEN -> response.statusCode(403).body("code", equalTo("FORBIDDEN"));
            case NOT_FOUND -> response.statusCode(404).body("code", equalTo("NOT_FOUND"))
                    .body("message", equalTo("No company with id '" + CO + "'"));
        }
    }

    @ParameterizedTest(name = "{0} without a token: 401")
    @MethodSource("paths")
    void exportsNeedAToken(String path) {
        given().get(path).then().statusCode(401);
    }

    static Stream<String> paths() {
        return Stream.of("/exports/companies/" + CO + "/spend-by-user.csv?from=2026-01-01&to=2026-01-31",
                "/exports/companies/" + CO + "/users.csv?from=2026-01-01&to=2026-01-31",
                "/exports/companies/" + CO + "/users.ndjson?from=2026-01-01&to=2026-01-31",
                "/exports/billing.csv?from=2026-01-01&to=2026-01-31");
    }

}
