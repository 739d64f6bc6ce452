package io.usageanalytics.figures;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.response.ValidatableResponse;
import io.usageanalytics.rollup.RollupJob;
import io.usageanalytics.rollup.RollupRun;
import io.usageanalytics.support.Api;
import io.usageanalytics.support.Database;
import io.usageanalytics.support.Events;
import io.usageanalytics.support.TestTokens;
import jakarta.inject.Inject;

/**
 * Every figure of the owners' dashboard against hand-computed values, for a
 * company in America/New_York over three days A, B, C (plus one user active 18
 * days before A). The series are read both from raw events only and from
 * rollups only, each from a company of its own whose state the test checks
 * before it asks, whatever ran before.
 */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
class DashboardFiguresTest {

    static final String CO = "dash-ny";
    static final String NO_SPEND = "dash-no-spend";
    static final ZoneId NY = ZoneId.of("America/New_York");
    static final LocalDate TODAY = LocalDate.now(NY);
    static final LocalDate C = lastDayInOneMonth();
    static final LocalDate B = C.minusDays(1);
    static final LocalDate A = C.minusDays(2);
    static final LocalDate EARLY = A.minusDays(18);
    static final int DASHBOARD_EVENTS = 43;
    static boolean loaded;

    @Inject
    RollupJob rollup;

    @Inject
    Database db;

    /** About ten days back, with A, B and C in one calendar month. */
    private static LocalDate lastDayInOneMonth() {
        LocalDate c = TODAY.minusDays(10);
        return c.getDayOfMonth() < 3 ? c.minusDays(3) : c;
    }

    private static Instant at(LocalDate day, int minute) {
        return day.atTime(LocalTime.NOON.plusMinutes(minute)).atZone(NY).toInstant();
    }

    @BeforeEach
    void load() {
        if (loaded) {
            return;
        }
        Api.ensureCompany(CO, "America/New_York", 4, true);
        Api.ensureCompany(NO_SPEND, "UTC", 4, false);
        String body = dashboard(CO)
                // the company without extra usage
                .add(NO_SPEND, at(C, 0), "SPEND", "userId", "z1", "model", "gpt", "amountMicros", 7)
                .json();
        Api.postEvents(TestTokens.writer("*"), body).statusCode(200).body("accepted", equalTo(44));
        loaded = true;
    }

    /** The dashboard's events: the same for every company that has them. */
    private static Events dashboard(String company) {
        Map<String, String> web = Map.of("platform", "web", "deployment", "prod");
        Map<String, String> ios = Map.of("platform", "ios", "deployment", "prod");
        return Events.batch()
                .add(company, at(EARLY, 0), "USER_ACTIVE", "userId", "u5")
                .add(company, at(EARLY, 1), "FOLDER_CREATED", "userId", "u5", "folderKind", "PROJECT")
                // day A
                .add(company, at(A, 0), "USER_ACTIVE", "userId", "u1", "appVersion", "1.0", "environment", web)
                .add(company, at(A, 1), "CHAT_CREATED", "userId", "u1", "chatId", "chat1")
                .add(company, at(A, 2), "USER_MESSAGE", "userId", "u1", "chatId", "chat1", "assistantId", "X", "module", "M1")
                .add(company, at(A, 3), "ASSISTANT_MESSAGE", "chatId", "chat1", "assistantId", "X", "module", "M1")
                .add(company, at(A, 4), "FOLDER_CREATED", "userId", "u1", "folderKind", "PROJECT")
                .add(company, at(A, 5), "ARTIFACT_CREATED", "userId", "u2", "appVersion", "1.1", "environment", web)
                .add(company, at(A, 6), "PROJECT_USED", "userId", "u2", "projectId", "p1")
                .add(company, at(A, 7), "PROJECT_USED", "userId", "u2", "projectId", "p2")
                .add(company, at(A, 8), "PROJECT_USED", "userId", "u1", "projectId", "p1")
                .add(company, at(A, 9), "CONNECTOR_USED", "userId", "u1", "connector", "sharepoint")
                .add(company, at(A, 10), "CONNECTOR_USED", "userId", "u2", "connector", "sharepoint")
                .add(company, at(A, 11), "INVITE_SENT", "inviteId", "i1")
                .add(company, at(A, 12), "INVITE_SENT", "inviteId", "i2")
                .add(company, at(A, 13), "FEEDBACK", "userId", "u1", "rating", "POSITIVE", "assistantId", "X")
                .add(company, at(A, 14), "SPEND", "userId", "u1", "model", "gpt", "amountMicros", 1_000_000)
                // day B
                .add(company, at(B, 0), "CHAT_CREATED", "userId", "u2", "chatId", "chat2")
                .add(company, at(B, 1), "USER_MESSAGE", "userId", "u2", "chatId", "chat2", "assistantId", "Y", "module", "M2")
                .add(company, at(B, 2), "USER_MESSAGE", "userId", "u2", "chatId", "chat2", "assistantId", "Y", "module", "M2")
                .add(company, at(B, 3), "ASSISTANT_MESSAGE", "chatId", "chat2", "assistantId", "Y", "module", "M2")
                .add(company, at(B, 4), "ASSISTANT_MESSAGE", "chatId", "chat1", "assistantId", "X", "module", "M1")
                .add(company, at(B, 5), "FOLDER_CREATED", "userId", "u3", "folderKind", "PROJECT", "appVersion", "1.1", "environment", ios)
                .add(company, at(B, 6), "ARTIFACT_CREATED", "userId", "u3")
                .add(company, at(B, 7), "ARTIFACT_CREATED", "userId", "u3")
                .add(company, at(B, 8), "CONNECTOR_USED", "userId", "u3", "connector", "jira")
                .add(company, at(B, 9), "INVITE_ACCEPTED", "inviteId", "i1")
                .add(company, at(B, 10), "FEEDBACK", "userId", "u2", "rating", "NEGATIVE", "assistantId", "Y")
                .add(company, at(B, 11), "FEEDBACK", "userId", "u2", "rating", "POSITIVE", "assistantId", "Y")
                .add(company, at(B, 12), "SPEND", "userId", "u2", "model", "gpt", "amountMicros", 500_000)
                .add(company, at(B, 13), "SPEND", "userId", "u3", "model", "claude", "amountMicros", 250_000)
                // day C
                .add(company, at(C, 0), "USER_ACTIVE", "userId", "u1")
                .add(company, at(C, 1), "CHAT_CREATED", "userId", "u4", "chatId", "chat3")
                .add(company, at(C, 2), "CHAT_CREATED", "userId", "u4", "chatId", "chat4")
                .add(company, at(C, 3), "USER_MESSAGE", "userId", "u4", "chatId", "chat3")
                .add(company, at(C, 4), "FOLDER_CREATED", "userId", "u1", "folderKind", "PROJECT")
                .add(company, at(C, 5), "ARTIFACT_CREATED", "userId", "u4")
                .add(company, at(C, 6), "PROJECT_USED", "userId", "u4", "projectId", "p3")
                .add(company, at(C, 7), "CONNECTOR_USED", "userId", "u1", "connector", "jira")
                .add(company, at(C, 8), "INVITE_SENT", "inviteId", "i3")
                .add(company, at(C, 9), "INVITE_REVOKED", "inviteId", "i2")
                .add(company, at(C, 10), "FEEDBACK", "userId", "u4", "rating", "POSITIVE")
                .add(company, at(C, 11), "SPEND", "userId", "u1", "model", "claude", "amountMicros", 2_000_000);
    }

    /**
     * A new company with the dashboard's events, read from raw events only (no rollup row, every event at or
     * above the watermark) or, after a rollup run, from rollups only (every event below the watermark).
     */
    private String companyReadFrom(boolean rolledUp, String test) {
        String company = "dash-" + test + (rolledUp ? "-rolled-up" : "-raw");
        Api.createCompany(company, "America/New_York", 4, true);
        Api.postEvents(TestTokens.writer(company), dashboard(company).json()).statusCode(200)
                .body("accepted", equalTo(DASHBOARD_EVENTS));
        if (rolledUp) {
            assertEquals(RollupRun.Outcome.COMPLETED, rollup.rollUpNewEvents().await().indefinitely().outcome());
            assertEquals(0, count("SELECT count(*) FROM rollup_held_company WHERE company_id = $1", company));
            assertEquals(0, eventsNotRolledUp(company), "every event is in the rollups");
            assertEquals(4, count("SELECT count(*) FROM rollup_company_day WHERE company_id = $1", company),
                    "days EARLY, A, B and C are rolled up");
        } else {
            assertEquals(0, count("SELECT count(*) FROM rollup_company_day WHERE company_id = $1", company),
                    "no day is rolled up");
            assertEquals(DASHBOARD_EVENTS, eventsNotRolledUp(company), "every event is read raw");
        }
        return company;
    }

    /** Events the figures read raw: at or above the rollup watermark. */
    private long eventsNotRolledUp(String company) {
        return count("SELECT count(*) FROM event e, rollup_state s WHERE e.company_id = $1"
                + " AND e.ingest_txid >= s.watermark", company);
    }

    private long count(String sql, String company) {
        return db.query(sql, company).iterator().next().getLong(0);
    }

    private static ValidatableResponse query(String token, String companyId, String fields) {
        return Api.graphql(token, "query($id: String!) { company(id: $id) { " + fields + " } }", Map.of("id", companyId))
                .statusCode(200);
    }

    private static String range() {
        return "{from: \"" + A + "\", to: \"" + C + "\"}";
    }

    private static String points = "{ from to value change changePercent }";

    /** Points of a DAY series over A, B, C: value, change, changePercent. */
    private static List<Map<String, Object>> series(Object... triples) {
        List<LocalDate> days = List.of(A, B, C);
        List<Map<String, Object>> result = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Map<String, Object> point = new HashMap<>();
            point.put("from", days.get(i).toString());
            point.put("to", days.get(i).toString());
            point.put("value", ((Number) triples[i * 3]).floatValue());
            point.put("change", ((Number) triples[i * 3 + 1]).floatValue());
            Object percent = triples[i * 3 + 2];
            point.put("changePercent", percent == null ? null : ((Number) percent).floatValue());
            result.add(point);
        }
        return result;
    }

    private static Map<String, Object> map(Object... keyValues) {
        Map<String, Object> map = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }

    @ParameterizedTest(name = "rolled up first: {0}")
    @ValueSource(booleans = { false, true })
    void userActivity(boolean rolledUp) {
        String company = companyReadFrom(rolledUp, "activity");
        String p = "data.company.activity.";
        query(TestTokens.owner(company), company, "activity(range: " + range() + ") { activeUsers " + points + " dau " + points
                + " wau " + points + " mau " + points + " latest { day dau wau mau seats utilisation } pendingInvites"
                + " usersByAppVersion { key users } usersByPlatform { key users } usersByDeployment { key users } }")
                .body("errors", nullValue())
                .body(p + "activeUsers", equalTo(series(2, 2, null, 2, 0, 0, 2, 0, 0)))
                .body(p + "dau", equalTo(series(2, 2, null, 2, 0, 0, 2, 0, 0)))
                .body(p + "wau", equalTo(series(2, 2, null, 3, 1, 50, 4, 1, 33.3333)))
                .body(p + "mau", equalTo(series(3, 2, 200, 4, 1, 33.3333, 5, 1, 25)))
                .body(p + "latest", equalTo(map("day", C.toString(), "dau", 2, "wau", 4, "mau", 5, "seats", 4,
                        "utilisation", 1.0f)))
                .body(p + "pendingInvites", equalTo(1))
                .body(p + "usersByAppVersion", equalTo(List.of(map("key", null, "users", 4), map("key", "1.1", "users", 2),
                        map("key", "1.0", "users", 1))))
                .body(p + "usersByPlatform", equalTo(List.of(map("key", null, "users", 4), map("key", "web", "users", 2),
                        map("key", "ios", "users", 1))))
                .body(p + "usersByDeployment", equalTo(List.of(map("key", null, "users", 4), map("key", "prod", "users", 3))));
    }

    @ParameterizedTest(name = "rolled up first: {0}")
    @ValueSource(booleans = { false, true })
    void featureAdoption(boolean rolledUp) {
        String company = companyReadFrom(rolledUp, "adoption");
        String p = "data.company.adoption.";
        query(TestTokens.owner(company), company, "adoption(range: " + range() + ") { chatsCreated " + points
                + " averageMessagesPerChat " + points + " projectsCreated " + points + " usersWithProject " + points
                + " artifactsCreated " + points + " usersWithArtifact " + points
                + " topUsersByProjectsUsed { userId count } topUsersByArtifacts { userId count }"
                + " topConnectors { key users } }")
                .body("errors", nullValue())
                .body(p + "chatsCreated", equalTo(series(1, 1, null, 1, 0, 0, 2, 1, 100)))
                .body(p + "averageMessagesPerChat", equalTo(series(2, 2, null, 2, 0, 0, 1, -1, -50)))
                .body(p + "projectsCreated", equalTo(series(1, 1, null, 1, 0, 0, 1, 0, 0)))
                .body(p + "usersWithProject", equalTo(series(2, 1, 100, 3, 1, 50, 3, 0, 0)))
                .body(p + "artifactsCreated", equalTo(series(1, 1, null, 2, 1, 100, 1, -1, -50)))
                .body(p + "usersWithArtifact", equalTo(series(1, 1, null, 2, 1, 100, 3, 1, 50)))
                .body(p + "topUsersByProjectsUsed", equalTo(List.of(map("userId", "u2", "count", 2),
                        map("userId", "u1", "count", 1), map("userId", "u4", "count", 1))))
                .body(p + "topUsersByArtifacts", equalTo(List.of(map("userId", "u3", "count", 2),
                        map("userId", "u2", "count", 1), map("userId", "u4", "count", 1))))
                .body(p + "topConnectors", equalTo(List.of(map("key", "jira", "users", 2),
                        map("key", "sharepoint", "users", 2))));
    }

    @Test
    void feedbackOverallAndPerAssistant() {
        String p = "data.company.feedback.";
        query(TestTokens.owner(CO), CO, "feedback(range: " + range() + ") { overall { assistantId positive negative sharePositive }"
                + " byAssistant { assistantId positive negative sharePositive } }")
                .body("errors", nullValue())
                .body(p + "overall", equalTo(map("assistantId", null, "positive", 3, "negative", 1, "sharePositive", 0.75f)))
                .body(p + "byAssistant", equalTo(List.of(
                        map("assistantId", "Y", "positive", 1, "negative", 1, "sharePositive", 0.5f),
                        map("assistantId", "X", "positive", 1, "negative", 0, "sharePositive", 1.0f),
                        map("assistantId", null, "positive", 1, "negative", 0, "sharePositive", 1.0f))));
    }

    /** Spend on days from {@code first} on: A 1.0 (gpt), B 0.5 (gpt) + 0.25 (claude), C 2.0 (claude) USD. */
    private static long spendSince(LocalDate first) {
        long[] amounts = { 1_000_000, 750_000, 2_000_000 };
        LocalDate[] days = { A, B, C };
        long sum = 0;
        for (int i = 0; i < 3; i++) {
            if (!days[i].isBefore(first)) {
                sum += amounts[i];
            }
        }
        return sum;
    }

    @Test
    void spendToDateByModelAndByUser() {
        String p = "data.company.spend.";
        query(TestTokens.owner(CO), CO, "spend { asOf monthToDate quarterToDate yearToDate"
                + " byModel { model amountMicros } lastYear: byModel(lastMonths: 12) { model amountMicros }"
                + " byUser(range: " + range() + ", first: 2) { users { userId amountMicros } nextCursor hasNextPage } }")
                .body("errors", nullValue())
                .body(p + "asOf", equalTo(TODAY.toString()))
                .body(p + "monthToDate", equalTo((int) spendSince(TODAY.withDayOfMonth(1))))
                .body(p + "quarterToDate", equalTo((int) spendSince(TODAY.with(IsoFields.DAY_OF_QUARTER, 1))))
                .body(p + "yearToDate", equalTo((int) spendSince(TODAY.withDayOfYear(1))))
                .body(p + "byModel", equalTo(List.of(map("model", "claude", "amountMicros", 2_250_000),
                        map("model", "gpt", "amountMicros", 1_500_000))))
                .body(p + "lastYear", equalTo(List.of(map("model", "claude", "amountMicros", 2_250_000),
                        map("model", "gpt", "amountMicros", 1_500_000))))
                .body(p + "byUser.users", equalTo(List.of(map("userId", "u1", "amountMicros", 3_000_000),
                        map("userId", "u2", "amountMicros", 500_000))))
                .body(p + "byUser.hasNextPage", equalTo(true));
        String cursor = query(TestTokens.owner(CO), CO, "spend { byUser(range: " + range() + ", first: 2) { nextCursor } }")
                .extract().path(p + "byUser.nextCursor");
        Api.graphql(TestTokens.owner(CO), "query($id: String!, $after: String) { company(id: $id) { spend { byUser(range: "
                + range() + ", first: 2, after: $after) { users { userId amountMicros } nextCursor hasNextPage } } } }",
                Map.of("id", CO, "after", cursor))
                .body("errors", nullValue())
                .body(p + "byUser.users", equalTo(List.of(map("userId", "u3", "amountMicros", 250_000))))
                .body(p + "byUser.nextCursor", nullValue())
                .body(p + "byUser.hasNextPage", equalTo(false));
    }

    @Test
    void spendIsNullWithACodeWhereExtraUsageIsOff() {
        query(TestTokens.owner(NO_SPEND), NO_SPEND, "id spend { monthToDate }")
                .body("data.company.id", equalTo(NO_SPEND))
                .body("data.company.spend", nullValue())
                .body("errors[0].extensions.code", equalTo("SPEND_NOT_ENABLED"))
                .body("errors[0].path", equalTo(List.of("company", "spend")));
        given().auth().oauth2(TestTokens.owner(NO_SPEND))
                .get("/exports/companies/" + NO_SPEND + "/spend-by-user.csv?from=" + A + "&to=" + C)
                .then().statusCode(409).body("code", equalTo("SPEND_NOT_ENABLED"));
    }

    @Test
    void spendByUserDownloadsAsCsv() {
        String csv = given().auth().oauth2(TestTokens.partner(CO))
                .get("/exports/companies/" + CO + "/spend-by-user.csv?from=" + A + "&to=" + C)
                .then().statusCode(200)
                .header("Content-Type", equalTo("text/csv; charset=UTF-8"))
                .header("Content-Disposition", equalTo("attachment; filename=\"spend-by-user_" + CO + "_" + A + "_" + C + ".csv\""))
                .extract().asString();
        assertEquals("user_id,amount_micros,amount_usd\r\nu1,3000000,3.000000\r\nu2,500000,0.500000\r\nu3,250000,0.250000\r\n", csv);
    }

    @Test
    void billingReportPerCompanyAndMonth() {
        String month = YearMonth.from(A).toString();
        String query = "query($after: String) { billingReport(range: " + range() + ", first: 500, after: $after) {"
                + " lines { companyId companyName month from to mau seats messages spendMicros } nextCursor hasNextPage } }";
        Map<String, Object> variables = new HashMap<>();
        variables.put("after", null);
        List<Map<String, Object>> lines = Api.graphql(TestTokens.admin(), query, variables)
                .body("errors", nullValue())
                .extract().path("data.billingReport.lines");
        assertEquals(map("companyId", CO, "companyName", "Company " + CO, "month", month, "from", A.toString(),
                "to", C.toString(), "mau", 4, "seats", 4, "messages", 7, "spendMicros", 3_750_000),
                lines.stream().filter(l -> CO.equals(l.get("companyId"))).findFirst().orElseThrow());
        assertEquals(map("companyId", NO_SPEND, "companyName", "Company " + NO_SPEND, "month", month, "from", A.toString(),
                "to", C.toString(), "mau", 1, "seats", 4, "messages", 0, "spendMicros", null),
                lines.stream().filter(l -> NO_SPEND.equals(l.get("companyId"))).findFirst().orElseThrow());

        String csv = given().auth().oauth2(TestTokens.admin()).get("/exports/billing.csv?from=" + A + "&to=" + C)
                .then().statusCode(200)
                .header("Content-Disposition", equalTo("attachment; filename=\"billing_" + A + "_" + C + ".csv\""))
                .extract().asString();
        List<String> csvLines = Arrays.asList(csv.split("\r\n"));
        assertEquals("month,company_id,company_name,from,to,mau,seats,messages,spend_micros", csvLines.get(0));
        assertEquals(true, csvLines.contains(month + "," + CO + ",Company " + CO + "," + A + "," + C + ",4,4,7,3750000"));
        assertEquals(true, csvLines.contains(month + "," + NO_SPEND + ",Company " + NO_SPEND + "," + A + "," + C + ",1,4,0,"));
    }

    @Test
    void billingReportPagesThroughEveryLineOnce() {
        String query = "query($after: String) { billingReport(range: " + range() + ", first: 1, after: $after) {"
                + " lines { companyId month } nextCursor hasNextPage } }";
        List<String> seen = new ArrayList<>();
        String after = null;
        for (int page = 0; page < 200; page++) {
            Map<String, Object> variables = new HashMap<>();
            variables.put("after", after);
            ValidatableResponse response = Api.graphql(TestTokens.admin(), query, variables).body("errors", nullValue());
            List<Map<String, Object>> lines = response.extract().path("data.billingReport.lines");
            lines.forEach(l -> seen.add(l.get("month") + "/" + l.get("companyId")));
            after = response.extract().path("data.billingReport.nextCursor");
            if (after == null) {
                break;
            }
        }
        assertEquals(seen.stream().distinct().count(), seen.size(), "no line twice");
        assertEquals(true, seen.contains(YearMonth.from(A) + "/" + CO));
        assertEquals(true, seen.contains(YearMonth.from(A) + "/" + NO_SPEND));
    }

    @Test
    void badArgumentsAreBadUserInput() {
        query(TestTokens.owner(CO), CO, "adoption(range: " + range() + ") { topConnectors(limit: 0) { key } }")
                .body("errors[0].extensions.code", equalTo("BAD_USER_INPUT"))
                .body("errors[0].message", equalTo("limit must be between 1 and 100, not 0"));
        query(TestTokens.owner(CO), CO, "spend { byModel(lastMonths: 13) { model } }")
                .body("errors[0].extensions.code", equalTo("BAD_USER_INPUT"));
        query(TestTokens.owner(CO), CO, "spend { byUser(range: " + range() + ", after: \"bm90LWEtY3Vyc29y\") { hasNextPage } }")
                .body("errors[0].extensions.code", equalTo("BAD_USER_INPUT"))
                .body("errors[0].message", equalTo("'after' is not a cursor this API gave out"));
        query(TestTokens.owner(CO), CO, "activity(range: {from: \"" + C + "\", to: \"" + A + "\"}) { pendingInvites }")
                .body("errors[0].extensions.code", equalTo("BAD_USER_INPUT"));
        given().auth().oauth2(TestTokens.owner(CO)).get("/exports/companies/" + CO + "/spend-by-user.csv?from=2026-13-01&to=x")
                .then().statusCode(400).body("code", equalTo("BAD_USER_INPUT"));
    }
}
