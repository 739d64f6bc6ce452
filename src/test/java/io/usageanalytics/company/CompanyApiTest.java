package io.usageanalytics.company;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.usageanalytics.support.Api;
import io.usageanalytics.support.Database;
import io.usageanalytics.support.TestTokens;

@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
class CompanyApiTest {

    private static final String CREATE = """
            mutation($c: NewCompany!) {
              createCompany(company: $c) { id name seats extraUsageEnabled timeZone }
            }""";
    private static final String UPDATE = """
            mutation($id: String!, $changes: CompanyChanges!) {
              updateCompany(id: $id, changes: $changes) { id name seats extraUsageEnabled timeZone }
            }""";

    @Inject
    Database db;

    @Test
    void aNewCompanyGetsDefaultsForWhatIsLeftOut() {
        Api.graphql(TestTokens.admin(), CREATE, Map.of("c", Map.of("id", "co-defaults", "name", "  Defaults GmbH ")))
                .statusCode(200)
                .body("errors", nullValue())
                .body("data.createCompany.name", equalTo("Defaults GmbH"))
                .body("data.createCompany.seats", equalTo(0))
                .body("data.createCompany.extraUsageEnabled", equalTo(false))
                .body("data.createCompany.timeZone", equalTo("UTC"));
    }

    @Test
    void anUpdateChangesOnlyTheFieldsItNames() {
        Api.createCompany("co-update", "Europe/Berlin", 5, false);
        Api.graphql(TestTokens.admin(), UPDATE, Map.of("id", "co-update",
                "changes", Map.of("seats", 50, "extraUsageEnabled", true)))
                .statusCode(200)
                .body("errors", nullValue())
                .body("data.updateCompany.name", equalTo("Company co-update"))
                .body("data.updateCompany.seats", equalTo(50))
                .body("data.updateCompany.extraUsageEnabled", equalTo(true))
                .body("data.updateCompany.timeZone", equalTo("Europe/Berlin"));
        Api.graphql(TestTokens.owner("co-update"), "{ company(id: \"co-update\") { seats extraUsageEnabled } }")
                .body("data.company.seats", equalTo(50))
                .body("data.company.extraUsageEnabled", equalTo(true));
    }

    @Test
    void anExistingIdIsAConflictAndKeepsTheCompanyAsItWas() {
        Api.createCompany("co-taken", "UTC", 3, false);
        Api.graphql(TestTokens.admin(), CREATE, Map.of("c", Map.of("id", "co-taken", "name", "Impostor", "seats", 99)))
                .body("data.createCompany", nullValue())
                .body("errors[0].extensions.code", equalTo("CONFLICT"))
                .body("errors[0].message", equalTo("A company with id 'co-taken' already exists"));
        Api.graphql(TestTokens.admin(), "{ company(id: \"co-taken\") { name seats } }")
                .body("data.company.name", equalTo("Company co-taken"))
                .body("data.company.seats", equalTo(3));
    }

    @Test
    void invalidCompaniesAreBadUserInputAndNotCreated() {
        assertRefused(Map.of("id", "Bad Id", "name", "X"),
                "Company id must be 1-64 of lower-case letters, digits, '.', '_', '-', starting with a letter or digit");
        assertRefused(Map.of("id", "co-bad-tz", "name", "X", "timeZone", "Mars/Olympus"),
                "Unknown IANA time zone 'Mars/Olympus'");
        assertRefused(Map.of("id", "co-bad-seats", "name", "X", "seats", -1), "Seats must be 0 or more, not -1");
        assertRefused(Map.of("id", "co-bad-name", "name", "   "),
                "Company name must be 1-200 characters and not blank");
        assertEquals(0, db.companyCount("co-bad-tz"));
        assertEquals(0, db.companyCount("co-bad-seats"));
        assertEquals(0, db.companyCount("co-bad-name"));
    }

    @Test
    void anInvalidUpdateChangesNothing() {
        Api.createCompany("co-keep", "Asia/Tokyo", 8, true);
        Api.graphql(TestTokens.admin(), UPDATE, Map.of("id", "co-keep",
                "changes", Map.of("seats", 9, "timeZone", "+02:00")))
                .body("errors[0].extensions.code", equalTo("BAD_USER_INPUT"))
                .body("errors[0].message", equalTo("Unknown IANA time zone '+02:00'"));
        Api.graphql(TestTokens.admin(), "{ company(id: \"co-keep\") { seats timeZone } }")
                .body("data.company.seats", equalTo(8))
                .body("data.company.timeZone", equalTo("Asia/Tokyo"));
    }

    private void assertRefused(Map<String, Object> company, String message) {
        Api.graphql(TestTokens.admin(), CREATE, Map.of("c", company))
                .statusCode(200)
                .body("data.createCompany", nullValue())
                .body("errors[0].extensions.code", equalTo("BAD_USER_INPUT"))
                .body("errors[0].message", equalTo(message));
    }
}
