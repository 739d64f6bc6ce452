package io.usageanalytics.api;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.RestAssured;
import io.usageanalytics.rollup.RollupJob;
import io.usageanalytics.rollup.RollupRun;
import io.usageanalytics.support.Api;
import io.usageanalytics.support.Events;
import io.usageanalytics.support.TestTokens;

/** The bounds on a single request (application.properties, "GraphQL") hold, whatever answers the fields. */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
class RequestLimitsTest {

    @Inject
    RollupJob rollup;

    /** Rolled-up company-days read from PostgreSQL so far; 0 before the first figure. */
    private static double daysRead() {
        String metrics = RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("(?m)^analytics_figures_days_read_total(?:\\{[^}]*\\})? (\\S+)$").matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    @Test
    void aQueryOverTheFieldLimitIsRefusedBeforeAnyFigureIsRead() {
        // a company with two rolled-up days that no request has read yet: any figure of it reads them
        String company = "limits-figures";
        Api.createCompany(company, "UTC", 5, false);
        LocalDate day = LocalDate.now(ZoneOffset.UTC).minusDays(3);
        Api.postEvents(TestTokens.writer(company), Events.batch()
                .add(company, day.atTime(9, 0).toInstant(ZoneOffset.UTC), "USER_ACTIVE", "userId", "u1")
                .add(company, day.plusDays(1).atTime(9, 0).toInstant(ZoneOffset.UTC), "USER_ACTIVE", "userId", "u2")
                .json()).statusCode(200).body("accepted", equalTo(2));
        assertEquals(RollupRun.Outcome.COMPLETED, rollup.rollUpNewEvents().await().indefinitely().outcome());
        String figure = "company(id: \"" + company + "\") { telemetry(range: {from: \"" + day + "\", to: \""
                + day.plusDays(1) + "\"}) { users chats userMessages } }";

        // 90 aliases of 5 fields each: 450 fields, over the limit of 400
        double before = daysRead();
        String query = IntStream.range(0, 90).mapToObj(i -> "c" + i + ": " + figure)
                .collect(Collectors.joining(" ", "{ ", " }"));
        Api.graphql(TestTokens.admin(), query)
                .statusCode(200)
                .body("data", nullValue())
                .body("errors[0].extensions.code", equalTo("QUERY_TOO_COMPLEX"))
                .body("errors[0].message", containsString("450 fields"));
        assertEquals(before, daysRead(), "no rolled-up day was read");

        // the same figure within the limit reads both days: the counter would have shown a read
        Api.graphql(TestTokens.admin(), "{ " + figure + " }")
                .statusCode(200)
                .body("errors", nullValue())
                .body("data.company.telemetry.users", equalTo(2));
        assertEquals(before + 2, daysRead(), "both rolled-up days read by the query within the limit");
    }

    @Test
    void aQueryWithinTheLimitIsAnswered() {
        Api.ensureCompany("limits-co", "Europe/Berlin", 7, true);
        String query = IntStream.range(0, 10).mapToObj(i -> "c" + i + ": company(id: \"limits-co\") { id seats timeZone extraUsageEnabled }")
                .collect(Collectors.joining(" ", "{ ", " }"));
        Api.graphql(TestTokens.admin(), query)
                .statusCode(200)
                .body("errors", nullValue())
                .body("data.c9.id", equalTo("limits-co"))
                .body("data.c9.seats", equalTo(7))
                .body("data.c9.timeZone", equalTo("Europe/Berlin"))
                .body("data.c9.extraUsageEnabled", equalTo(true));
    }
}
