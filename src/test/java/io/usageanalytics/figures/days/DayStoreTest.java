package io.usageanalytics.figures.days;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.smallrye.mutiny.Uni;
import io.usageanalytics.company.Company;
import io.usageanalytics.rollup.RollupJob;
import io.usageanalytics.support.Api;
import io.usageanalytics.support.Database;
import io.usageanalytics.support.TestTokens;

/**
 * Rolled-up days are held in memory between requests and read from PostgreSQL
 * again exactly when a rollup run rebuilt them; the events not rolled up yet
 * are read on every request.
 */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
class DayStoreTest {

    private static final String COMPANY = "days-held";
    private static final String COLD = "days-cold";
    private static final LocalDate FIRST = LocalDate.of(2026, 11, 10);
    private static final LocalDate SECOND = FIRST.plusDays(1);
    private static final String QUERY = """
            query($id: String!, $from: Date!, $to: Date!) {
              company(id: $id) { telemetry(range: {from: $from, to: $to}) { users userMessages } }
            }""";

    @Inject
    RollupJob rollup;

    @Inject
    Database db;

    @Inject
    MeterRegistry registry;

    @Inject
    DayStore days;

    @Test
    void rolledUpDaysAreReadOnceAndAgainOnlyAfterARunRebuiltThem() {
        Api.ensureCompany(COMPANY, "UTC", 10, false);
        message(FIRST, "a");
        message(FIRST, "b");
        message(SECOND, "a");
        rollup.rollUpNewEvents().await().indefinitely();

        double before = daysRead();
        assertFigures(2, 3);
        assertEquals(before + 2, daysRead(), "both rolled-up days read once");
        assertFigures(2, 3);
        assertEquals(before + 2, daysRead(), "held days are not read again");

        message(FIRST, "c");
        assertFigures(3, 4);
        assertEquals(before + 2, daysRead(), "the new event comes from the raw events, the held days stay");

        rollup.rollUpNewEvents().await().indefinitely();
        assertFigures(3, 4);
        assertEquals(before + 3, daysRead(), "only the day the run rebuilt is read again");
        assertFigures(3, 4);
        assertEquals(before + 3, daysRead());
    }

    @Test
    void requestsArrivingTogetherAtACompanyNotHeldYetReadItsDaysOnce() {
        Api.ensureCompany(COLD, "UTC", 10, false);
        for (int d = 0; d < 5; d++) {
            db.insertEvent(COLD, OffsetDateTime.of(FIRST.plusDays(d).atTime(12, 0), ZoneOffset.UTC), "USER_MESSAGE",
                    "u" + d);
        }
        rollup.rollUpNewEvents().await().indefinitely();
        Company company = new Company();
        company.id = COLD;

        double before = daysRead();
        List<CompanyDays> loaded = Uni.join().all(days.load(company), days.load(company), days.load(company),
                days.load(company), days.load(company), days.load(company)).andFailFast().await().indefinitely();
        assertEquals(before + 5, daysRead(), "five rolled-up days, each read once for six requests");
        for (CompanyDays each : loaded) {
            assertEquals(5, each.distinctUsers(each.between(FIRST, FIRST.plusDays(4))));
        }
    }

    private void message(LocalDate day, String user) {
        db.insertEvent(COMPANY, OffsetDateTime.of(day.atTime(12, 0), ZoneOffset.UTC), "USER_MESSAGE", user);
    }

    private static void assertFigures(int users, int userMessages) {
        Api.graphql(TestTokens.owner(COMPANY), QUERY,
                Map.of("id", COMPANY, "from", FIRST.toString(), "to", SECOND.toString()))
                .statusCode(200)
                .body("errors", nullValue())
                .body("data.company.telemetry.users", equalTo(users))
                .body("data.company.telemetry.userMessages", equalTo(userMessages));
    }

    private double daysRead() {
        var counter = registry.find("analytics.figures.days.read").counter();
        return counter == null ? 0 : counter.count();
    }
}
