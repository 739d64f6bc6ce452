package io.usageanalytics.company;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.usageanalytics.error.ApiException;
import io.usageanalytics.error.ErrorCode;
import io.usageanalytics.support.Api;
import io.usageanalytics.support.Database;

/** The company module's API for the other modules: ingestion's first events, the demo data, lookups by id. */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
class CompanyServiceTest {

    private static final String ROW = "SELECT name || '|' || seats || '|' || extra_usage_enabled || '|' || time_zone"
            + " FROM company WHERE id = $1";

    @Inject
    CompanyService service;

    @Inject
    CompanyLookup lookup;

    @Inject
    Database db;

    @Test
    void aFirstEventCreatesItsCompanyWithDefaultsAndLeavesExistingOnesAlone() {
        Api.createCompany("first-known", "Europe/Berlin", 7, true);
        Set<String> known = service.registerOnFirstEvent(List.of("first-new", "first-known", "Not An Id"))
                .await().indefinitely();
        assertEquals(Set.of("first-new", "first-known"), known);
        assertEquals(List.of("first-new|0|false|UTC"), db.strings(ROW, "first-new"));
        assertEquals(List.of("Company first-known|7|true|Europe/Berlin"), db.strings(ROW, "first-known"));
        assertEquals(0, db.companyCount("Not An Id"));
        assertEquals(Set.of(), service.registerOnFirstEvent(List.of("Not An Id")).await().indefinitely());
    }

    @Test
    void createIfAbsentCreatesOnceAndKeepsWhatExists() {
        CompanyInput demo = new CompanyInput("absent-demo", "Demo GmbH", 40, true, "Asia/Tokyo");
        assertTrue(service.createIfAbsent(demo).await().indefinitely());
        assertFalse(service.createIfAbsent(new CompanyInput("absent-demo", "Other", 1, false, "UTC"))
                .await().indefinitely());
        assertEquals(List.of("Demo GmbH|40|true|Asia/Tokyo"), db.strings(ROW, "absent-demo"));
        ApiException refused = assertThrows(ApiException.class,
                () -> service.createIfAbsent(new CompanyInput("absent-zone", "Zone", 1, false, "Mars/Olympus_Mons")));
        assertEquals(ErrorCode.BAD_USER_INPUT, refused.code());
        assertEquals(0, db.companyCount("absent-zone"));
    }

    @Test
    void existingIdsAreTheIdsOfStoredCompanies() {
        Api.createCompany("exists-one", "UTC", 1, false);
        assertEquals(Set.of("exists-one"), lookup.existingIds(List.of("exists-one", "exists-none")).await().indefinitely());
        assertEquals(Set.of(), lookup.existingIds(List.of()).await().indefinitely());
    }
}
