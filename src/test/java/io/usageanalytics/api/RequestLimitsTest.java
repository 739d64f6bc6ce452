package io.usageanalytics.api;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.usageanalytics.support.Api;
import io.usageanalytics.support.TestTokens;

/** The bounds on a single request (application.properties, "GraphQL") hold, whatever answers the fields. */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
class RequestLimitsTest {

    @Test
    void aQueryOverTheFieldLimitIsRefusedBeforeAnyFigureIsRead() {
        // 90 aliases of 5 fields each: 450 fields, over the limit of 400
        String query = IntStream.range(0, 90).mapToObj(i -> "c" + i + ": companies { id name seats timeZone }")
                .collect(Collectors.joining(" ", "{ ", " }"));
        Api.graphql(TestTokens.admin(), query)
                .statusCode(200)
                .body("data", nullValue())
                .body("errors[0].extensions.code", equalTo("QUERY_TOO_COMPLEX"))
                .body("errors[0].message", containsString("450 fields"));
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
