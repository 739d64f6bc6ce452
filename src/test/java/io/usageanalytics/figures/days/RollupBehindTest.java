package io.usageanalytics.figures.days;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.RestAssured;
import io.usageanalytics.rollup.RollupJob;
import io.usageanalytics.rollup.RollupRun;
import io.usageanalytics.support.Api;
import io.usageanalytics.support.Events;
import io.usageanalytics.support.TestTokens;

/**
 * A company with more events not rolled up yet than one load reads gets ROLLUP_BEHIND (retryable, 503 with
 * Retry-After over REST) instead of a request as large as its backlog; a company at the bound, and every other
 * company, answers; once the rollup job has caught up, the same request answers with every event counted.
 */
@QuarkusTest
@TestProfile(RollupBehindTest.SmallTailBound.class)
@WithTestResource(OidcWiremockTestResource.class)
class RollupBehindTest {

    static final int MAX_TAIL_EVENTS = 20;

    public static class SmallTailBound implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("analytics.figures.max-tail-events", String.valueOf(MAX_TAIL_EVENTS));
        }
    }

    private static final String TELEMETRY = """
            query($id: String!, $from: Date!, $to: Date!) {
              company(id: $id) { telemetry(range: {from: $from, to: $to}) { userMessages } }
            }""";

    private final LocalDate day = LocalDate.now(ZoneOffset.UTC).minusDays(1);

    @Inject
    RollupJob rollup;

    @Inject
    MeterRegistry registry;

    @Test
    void aBacklogOverTheBoundIsRefusedUntilRolledUpAndOtherCompaniesAnswer() {
        String behind = "tail-behind";
        String atBound = "tail-at-bound";
        Api.ensureCompany(behind, "UTC", 10, true);
        Api.ensureCompany(atBound, "UTC", 10, true);
        rollUp();
        post(behind, MAX_TAIL_EVENTS + 1);
        post(atBound, MAX_TAIL_EVENTS);
        double refusedBefore = refused();

        Api.graphql(TestTokens.owner(behind), TELEMETRY, vars(behind)).statusCode(200)
                .body("data.company", nullValue())
                .body("errors[0].extensions.code", equalTo("ROLLUP_BEHIND"))
                .body("errors[0].extensions.retryable", equalTo(true))
                .body("errors[0].message", equalTo("Company 'tail-behind' has more than 20 events not rolled up yet;"
                        + " its figures answer again once the rollup job has caught up"));
        RestAssured.given().auth().oauth2(TestTokens.owner(behind))
                .get("/exports/companies/" + behind + "/spend-by-user.csv?from=" + day + "&to=" + day).then()
                .statusCode(503).header("Retry-After", "60").body("code", equalTo("ROLLUP_BEHIND"));
        assertEquals(2, refused() - refusedBefore, "both refusals counted");

        Api.graphql(TestTokens.owner(atBound), TELEMETRY, vars(atBound)).statusCode(200)
                .body("errors", nullValue())
                .body("data.company.telemetry.userMessages", equalTo(MAX_TAIL_EVENTS));

        rollUp();
        Api.graphql(TestTokens.owner(behind), TELEMETRY, vars(behind)).statusCode(200)
                .body("errors", nullValue())
                .body("data.company.telemetry.userMessages", equalTo(MAX_TAIL_EVENTS + 1));
        assertEquals(2, refused() - refusedBefore, "nothing refused after the rollup");
    }

    private double refused() {
        // registered with the reader, on the first load
        var counter = registry.find("analytics.figures.loads.refused").counter();
        return counter == null ? 0 : counter.count();
    }

    private Map<String, Object> vars(String company) {
        return Map.of("id", company, "from", day.toString(), "to", day.toString());
    }

    /** {@code n} messages of one user on the day, one batch. */
    private void post(String company, int n) {
        Events events = Events.batch();
        Instant start = day.atStartOfDay(ZoneOffset.UTC).toInstant().plus(1, ChronoUnit.HOURS);
        for (int i = 0; i < n; i++) {
            events.add(company, start.plusSeconds(i), "USER_MESSAGE", "userId", "u1", "chatId", "c1");
        }
        Api.postEvents(TestTokens.writer(company), events.json()).statusCode(200);
    }

    private void rollUp() {
        assertEquals(RollupRun.Outcome.COMPLETED, rollup.rollUpNewEvents().await().indefinitely().outcome());
    }
}
