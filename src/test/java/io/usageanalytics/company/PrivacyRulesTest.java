package io.usageanalytics.company;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.response.ValidatableResponse;
import io.usageanalytics.support.Api;
import io.usageanalytics.support.Events;
import io.usageanalytics.support.TestTokens;

/**
 * A company's privacy rules: who may tighten and who may loosen them, the record of every change, and
 * works-council mode (no per-user rows for any role, aggregates unchanged).
 */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
class PrivacyRulesTest {

    private static final String CHANGE = """
            mutation($c: String!, $k: Int, $views: Boolean) {
              changePrivacyRules(companyId: $c, changes: {minTeamSize: $k, perPersonViews: $views}) {
                minTeamSize perPersonViews } }""";

    private static ValidatableResponse change(String token, String company, Integer k, Boolean views) {
        Map<String, Object> variables = new java.util.HashMap<>();
        variables.put("c", company);
        variables.put("k", k);
        variables.put("views", views);
        return Api.graphql(token, CHANGE, variables).statusCode(200);
    }

    @Test
    void ownersAndAdministratorsTightenOnlyThePrimaryOwnerLoosensAndEveryChangeIsRecorded() {
        String c = "privacy-rules";
        Api.createCompany(c, "UTC", 10, false);
        Api.graphql(TestTokens.owner(c), "{ company(id: \"" + c + "\") { minTeamSize perPersonViews } }")
                .body("data.company.minTeamSize", equalTo(5)).body("data.company.perPersonViews", equalTo(true));

        change(TestTokens.owner(c), c, 8, null).body("errors", nullValue())
                .body("data.changePrivacyRules.minTeamSize", equalTo(8));
        change(TestTokens.admin(), c, null, false).body("errors", nullValue())
                .body("data.changePrivacyRules.perPersonViews", equalTo(false));
        // loosening: neither an owner nor the vendor's administrator
        for (String token : List.of(TestTokens.owner(c), TestTokens.admin())) {
            change(token, c, 4, null).body("data.changePrivacyRules", nullValue())
                    .body("errors[0].extensions.code", equalTo("FORBIDDEN"));
            change(token, c, null, true).body("errors[0].extensions.code", equalTo("FORBIDDEN"));
        }
        // partners see the company but do not set its rules; another company's owner does not see it
        change(TestTokens.partner(c), c, 9, null).body("errors[0].extensions.code", equalTo("FORBIDDEN"));
        change(TestTokens.owner("privacy-other"), c, 9, null).body("errors[0].extensions.code", equalTo("NOT_FOUND"));
        change(TestTokens.writer(c), c, 9, null).body("errors[0].extensions.code", equalTo("FORBIDDEN"));
        change(TestTokens.owner(c), c, 0, null).body("errors[0].extensions.code", equalTo("BAD_USER_INPUT"));
        change(TestTokens.owner(c), c, 1001, null).body("errors[0].extensions.code", equalTo("BAD_USER_INPUT"));

        change(TestTokens.primaryOwner(c), c, 3, true).body("errors", nullValue())
                .body("data.changePrivacyRules.minTeamSize", equalTo(3))
                .body("data.changePrivacyRules.perPersonViews", equalTo(true));

        // newest first; a change that changes nothing is not recorded
        change(TestTokens.owner(c), c, 3, null).body("errors", nullValue());
        String record = "{ company(id: \"" + c + "\") { privacyRuleChanges { changedBy actingAs setting oldValue newValue } } }";
        List<Map<String, String>> changes = Api.graphql(TestTokens.admin(), record).body("errors", nullValue())
                .extract().jsonPath().getList("data.company.privacyRuleChanges");
        assertEquals(List.of(
                Map.of("changedBy", "test-primary-owner", "actingAs", "primary-owner", "setting", "minTeamSize",
                        "oldValue", "8", "newValue", "3"),
                Map.of("changedBy", "test-primary-owner", "actingAs", "primary-owner", "setting", "perPersonViews",
                        "oldValue", "false", "newValue", "true"),
                Map.of("changedBy", "test-analytics-admin", "actingAs", "analytics-admin", "setting",
                        "perPersonViews", "oldValue", "true", "newValue", "false"),
                Map.of("changedBy", "test-owner", "actingAs", "owner", "setting", "minTeamSize", "oldValue", "5",
                        "newValue", "8")), changes);
        Api.graphql(TestTokens.partner(c), record).body("data.company.privacyRuleChanges", nullValue())
                .body("errors[0].extensions.code", equalTo("FORBIDDEN"));
    }

    private static final String AGGREGATES = """
            query($c: String!, $from: Date!, $to: Date!) { company(id: $c) {
              telemetry(range: {from: $from, to: $to}) { users userMessages } spend { monthToDate } } }""";

    /** The per-user fields, each asked for alone (its error makes the whole company null). */
    private static final List<String> PER_USER = List.of(
            "adoption(range: {from: $from, to: $to}) { topUsersByProjectsUsed { userId } }",
            "adoption(range: {from: $from, to: $to}) { topUsersByArtifacts { userId } }",
            "spend { byUser(range: {from: $from, to: $to}) { users { userId } } }",
            "userReport(range: {from: $from, to: $to}) { users { userId } }");

    private static ValidatableResponse perUser(String token, String field, Map<String, Object> range) {
        return Api.graphql(token, "query($c: String!, $from: Date!, $to: Date!) { company(id: $c) { " + field + " } }",
                range).statusCode(200);
    }

    @Test
    void inWorksCouncilModeNoRoleSeesPerUserRowsAndAggregatesStay() {
        String c = "privacy-council";
        Api.createCompany(c, "UTC", 10, true);
        Instant at = Instant.now().minusSeconds(3600);
        Api.postEvents(TestTokens.writer(c), Events.batch()
                .add(c, at, "USER_MESSAGE", "userId", "u-1", "chatId", "c-1")
                .add(c, at, "PROJECT_USED", "userId", "u-1", "projectId", "p-1")
                .add(c, at, "ARTIFACT_CREATED", "userId", "u-2")
                .add(c, at, "SPEND", "userId", "u-2", "model", "m", "amountMicros", 5_000).json()).statusCode(200);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        Map<String, Object> range = Map.of("c", c, "from", today.minusDays(1).toString(), "to", today.toString());
        String csv = "/exports/companies/" + c + "/spend-by-user.csv?from=" + range.get("from") + "&to=" + range.get("to");

        perUser(TestTokens.owner(c), PER_USER.get(0), range).body("errors", nullValue())
                .body("data.company.adoption.topUsersByProjectsUsed", hasSize(1));
        perUser(TestTokens.owner(c), PER_USER.get(2), range).body("errors", nullValue())
                .body("data.company.spend.byUser.users", hasSize(1));
        given().auth().oauth2(TestTokens.owner(c)).get(csv).then().statusCode(200);

        change(TestTokens.owner(c), c, null, false).body("errors", nullValue());
        for (String token : List.of(TestTokens.primaryOwner(c), TestTokens.owner(c), TestTokens.partner(c))) {
            Api.graphql(token, AGGREGATES, range).body("errors", nullValue())
                    .body("data.company.telemetry.users", equalTo(2))
                    .body("data.company.telemetry.userMessages", equalTo(1))
                    .body("data.company.spend.monthToDate", notNullValue());
            for (String field : PER_USER) {
                String answer = perUser(token, field, range)
                        .body("errors[0].extensions.code", equalTo("PER_PERSON_VIEWS_OFF")).extract().asString();
                assertFalse(answer.contains("u-1") || answer.contains("u-2"), answer);
            }
            given().auth().oauth2(token).get(csv).then().statusCode(403).body("code", equalTo("PER_PERSON_VIEWS_OFF"));
        }
        // administrators never see per-user rows, works council or not
        Api.graphql(TestTokens.admin(), AGGREGATES, range).body("errors", nullValue())
                .body("data.company.telemetry.users", equalTo(2));
        for (String field : PER_USER) {
            perUser(TestTokens.admin(), field, range).body("errors[0].extensions.code", equalTo("FORBIDDEN"));
        }
        given().auth().oauth2(TestTokens.admin()).get(csv).then().statusCode(403).body("code", equalTo("FORBIDDEN"));

        change(TestTokens.primaryOwner(c), c, null, true).body("errors", nullValue());
        perUser(TestTokens.partner(c), PER_USER.get(2), range).body("errors", nullValue())
                .body("data.company.spend.byUser.users", hasSize(1));
    }
}
