package io.usageanalytics.figures;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.path.json.JsonPath;
import io.usageanalytics.support.Database;

/**
 * With the demo data loaded at start, the warm-up computes the console's view of the companies with events in the
 * last week before the service reports itself ready: their days are held, and the one request it sends over HTTP
 * (a token that fails verification) was refused with 401.
 */
@QuarkusTest
@TestProfile(WarmUpTest.WithDemoData.class)
@WithTestResource(OidcWiremockTestResource.class)
class WarmUpTest {

    public static class WithDemoData implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("analytics.demo-data.enabled", "true", "analytics.warm-up.companies", "2");
        }
    }

    @Inject
    MeterRegistry registry;

    @Inject
    Database db;

    @Test
    void readyOnlyOnceTheBusiestCompaniesAreWarm() throws InterruptedException {
        JsonPath ready = waitUntilReady(Duration.ofSeconds(60));
        Map<String, Object> check = ready.getMap("checks.find { it.name == 'figures warm-up' }");
        assertEquals("UP", check.get("status"));
        // the demo data's three companies all had events in the last week (and maybe others' of earlier tests): the two busiest are warmed
        assertEquals(3, db.strings("SELECT DISTINCT company_id FROM rollup_company_day WHERE day >= $1"
                + " AND company_id IN ('acme', 'globex', 'initech')", LocalDate.now().minusDays(8)).size());
        assertEquals(Map.of("companies", 2), check.get("data"));
        assertTrue(registry.get("analytics.figures.days.held.bytes").gauge().value() > 0,
                "the warmed companies' days are held");
        assertEquals(1, (long) registry.get("http.server.requests").tag("uri", "/graphql").tag("status", "401")
                .timer().count());
    }

    private static JsonPath waitUntilReady(Duration within) throws InterruptedException {
        long until = System.nanoTime() + within.toNanos();
        while (true) {
            JsonPath health = given().get("/q/health/ready").then().extract().jsonPath();
            if ("UP".equals(health.getString("status")) || System.nanoTime() > until) {
                return health;
            }
            Thread.sleep(100);
        }
    }
}
