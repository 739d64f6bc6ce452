package io.usageanalytics.figures.report;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.usageanalytics.rollup.RollupJob;
import io.usageanalytics.rollup.RollupRun;
import io.usageanalytics.support.Api;
import io.usageanalytics.support.Database;
import io.usageanalytics.support.Events;
import io.usageanalytics.support.TestTokens;

/**
 * The per-user report, computed by hand: six users of a company in Kolkata (UTC+05:30, so that company-local days
 * differ from UTC ones) over a few days, a user who moves from Sales to Engineering in the range, every figure of
 * every row; the same rows from raw events, partly rolled up and rolled up; every order, page by page; the team
 * filter; the CSV and NDJSON downloads byte for byte; the errors of bad arguments.
 */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
class UserReportTest {

    private static final String C = "report-kol";
    private static final String NO_SPEND = "report-kol-nospend";
    private static final ZoneId KOLKATA = ZoneId.of("Asia/Kolkata");
    /** Day 0 of the fixture, company-local: far enough back for every event to lie in the past. */
    private static final LocalDate BASE = LocalDate.now(KOLKATA).minusDays(20);
    /** The range of most tests: days 2 to 8. */
    private static final LocalDate FROM = day(2);
    private static final LocalDate TO = day(8);
    /** A user id that needs quoting in CSV and escaping in JSON, and that a spreadsheet would run as a formula. */
    private static final String Q6 = "=q,\"6\"";

    private static final String REPORT = """
            query($c: String!, $from: Date!, $to: Date!, $sort: UserReportOrder, $team: String, $sub: Boolean,
                  $first: Int, $after: String) {
              company(id: $c) { userReport(range: {from: $from, to: $to}, sortBy: $sort, team: $team,
                                           withSubTeams: $sub, first: $first, after: $after) {
                users { userId firstActiveDay lastActiveDay activeDays chatsCreated userMessages assistantMessages
                        projectsUsed artifactsCreated connectorsUsed positiveFeedback negativeFeedback spendMicros
                        teamIds }
                totalUsers nextCursor hasNextPage freshness { computedAt }
              } }
            }""";

    @Inject
    RollupJob rollup;

    @Inject
    Database db;

    private static LocalDate day(int n) {
        return BASE.plusDays(n);
    }

    private static Instant at(int day, int hour, int minute) {
        return day(day).atTime(hour, minute).atZone(KOLKATA).toInstant();
    }

    /** One event of the fixture; the late ones arrive after a rollup in the partly rolled-up case. */
    private record Event(boolean late, Instant at, String type, Object[] attributes) {
    }

    private static Event event(int day, int hour, int minute, String type, Object... attributes) {
        return new Event(false, at(day, hour, minute), type, attributes);
    }

    private static Event late(int day, int hour, int minute, String type, Object... attributes) {
        return new Event(true, at(day, hour, minute), type, attributes);
    }

    /**
     * What the users did. In the range (days 2-8):
     * <ul>
     * <li>u1: active on days 2, 4, 6 (and 0 before, 9 after); 1 chat, 2 messages, 1 answer naming them (one more
     * answer in their chat names nobody), projects p1 and p2 (p1 again on day 4), 2 artifacts, 1 connector, 1
     * positive feedback, 1.5 USD;</li>
     * <li>u2: a message at 00:10 on day 3 (18:40 UTC on day 2), days 3, 5, 8 (a message at 23:50 on day 8; an event
     * at 00:20 on day 9 is after the range); 1 chat, 2 messages, 2 connectors, 2 negative feedback, 0.5 USD in two
     * events;</li>
     * <li>u3: active on day 0 only: not listed;</li>
     * <li>u4: active every day from 1 to 8; on day 7 2 chats, 5 messages, 3 answers naming them, 1 project, 1
     * artifact;</li>
     * <li>u5: day 8 only: 1 message, 3 positive feedback, 2 USD;</li>
     * <li>Q6: day 5 only: 2 messages, 1 connector.</li>
     * </ul>
     */
    private static List<Event> events() {
        List<Event> events = new ArrayList<>();
        events.add(event(0, 10, 0, "USER_ACTIVE", "userId", "u1"));
        events.add(event(2, 10, 0, "CHAT_CREATED", "userId", "u1", "chatId", "c1"));
        events.add(event(2, 10, 1, "USER_MESSAGE", "userId", "u1", "chatId", "c1"));
        events.add(late(2, 10, 2, "USER_MESSAGE", "userId", "u1", "chatId", "c1"));
        events.add(event(2, 10, 3, "ASSISTANT_MESSAGE", "userId", "u1", "chatId", "c1"));
        events.add(event(2, 10, 4, "ASSISTANT_MESSAGE", "chatId", "c1"));
        events.add(event(2, 11, 0, "PROJECT_USED", "userId", "u1", "projectId", "p1"));
        events.add(event(2, 11, 1, "PROJECT_USED", "userId", "u1", "projectId", "p2"));
        events.add(late(4, 10, 0, "PROJECT_USED", "userId", "u1", "projectId", "p1"));
        events.add(event(4, 10, 1, "CONNECTOR_USED", "userId", "u1", "connector", "sharepoint"));
        events.add(event(4, 10, 2, "FEEDBACK", "userId", "u1", "rating", "POSITIVE"));
        events.add(event(6, 10, 0, "SPEND", "userId", "u1", "model", "m1", "amountMicros", 1_500_000));
        events.add(event(6, 10, 1, "ARTIFACT_CREATED", "userId", "u1"));
        events.add(late(6, 10, 2, "ARTIFACT_CREATED", "userId", "u1"));
        events.add(event(9, 10, 0, "USER_MESSAGE", "userId", "u1", "chatId", "c1"));

        events.add(event(3, 0, 10, "USER_MESSAGE", "userId", "u2", "chatId", "c2"));
        events.add(event(3, 12, 0, "CHAT_CREATED", "userId", "u2", "chatId", "c2"));
        events.add(event(3, 12, 1, "FEEDBACK", "userId", "u2", "rating", "NEGATIVE"));
        events.add(late(3, 12, 2, "FEEDBACK", "userId", "u2", "rating", "NEGATIVE"));
        events.add(event(3, 12, 3, "CONNECTOR_USED", "userId", "u2", "connector", "sharepoint"));
        events.add(event(3, 12, 4, "CONNECTOR_USED", "userId", "u2", "connector", "confluence"));
        events.add(event(5, 10, 0, "SPEND", "userId", "u2", "model", "m1", "amountMicros", 250_000));
        events.add(late(5, 10, 1, "SPEND", "userId", "u2", "model", "m2", "amountMicros", 250_000));
        events.add(late(8, 23, 50, "USER_MESSAGE", "userId", "u2", "chatId", "c2"));
        events.add(event(9, 0, 20, "USER_ACTIVE", "userId", "u2"));

        events.add(event(0, 9, 0, "USER_MESSAGE", "userId", "u3", "chatId", "c3"));

        for (int d = 1; d <= 8; d++) {
            events.add(event(d, 8, 0, "USER_ACTIVE", "userId", "u4"));
        }
        for (int i = 0; i < 5; i++) {
            events.add((i < 3 ? event(7, 9, i, "USER_MESSAGE", "userId", "u4", "chatId", "c4")
                    : late(7, 9, i, "USER_MESSAGE", "userId", "u4", "chatId", "c4b")));
        }
        for (int i = 0; i < 3; i++) {
            events.add(event(7, 10, i, "ASSISTANT_MESSAGE", "userId", "u4", "chatId", "c4"));
        }
        events.add(event(7, 11, 0, "CHAT_CREATED", "userId", "u4", "chatId", "c4"));
        events.add(late(7, 11, 1, "CHAT_CREATED", "userId", "u4", "chatId", "c4b"));
        events.add(event(7, 11, 2, "ARTIFACT_CREATED", "userId", "u4"));
        events.add(event(7, 11, 3, "PROJECT_USED", "userId", "u4", "projectId", "p1"));

        events.add(event(8, 9, 0, "USER_MESSAGE", "userId", "u5", "chatId", "c5"));
        for (int i = 0; i < 3; i++) {
            events.add(event(8, 9, 1 + i, "FEEDBACK", "userId", "u5", "rating", "POSITIVE"));
        }
        events.add(late(8, 9, 5, "SPEND", "userId", "u5", "model", "m2", "amountMicros", 2_000_000));

        events.add(event(5, 9, 0, "USER_MESSAGE", "userId", Q6, "chatId", "c6"));
        events.add(event(5, 9, 1, "USER_MESSAGE", "userId", Q6, "chatId", "c6"));
        events.add(late(5, 9, 2, "CONNECTOR_USED", "userId", Q6, "connector", "drive"));
        return events;
    }

    /** The directory: u2 moves from Sales to Engineering on day 5 (09:00 local); u4 joins Sales then. */
    private static String snapshot(int day, String sales, String eng) {
        return """
                {"asOf": "%s", "teams": [
                  {"id": "dept", "name": "Product department"},
                  {"id": "sales", "name": "Sales", "parentId": "dept", "members": [%s]},
                  {"id": "eng", "name": "Engineering", "parentId": "dept", "members": [%s]},
                  {"id": "ops", "name": "Operations", "members": ["u4"]}]}""".formatted(at(day, 9, 0), sales, eng);
    }

    /** Creates the company with its directory and sends the fixture's events: all, or those not late / late. */
    private static void create(String company, boolean extraUsage) {
        Api.createCompany(company, KOLKATA.getId(), 20, extraUsage);
        String directory = TestTokens.directoryWriter(company);
        Api.putDirectory(directory, company, snapshot(-30, "\"u1\", \"u2\"", "\"u3\"")).statusCode(200);
        Api.putDirectory(directory, company, snapshot(5, "\"u1\", \"u4\"", "\"u2\", \"u3\""))
                .statusCode(200).body("appliesFrom", equalTo(day(5).toString()));
    }

    private static void send(String company, List<Event> events) {
        Events batch = Events.batch();
        events.forEach(e -> batch.add(company, e.at(), e.type(), e.attributes()));
        Api.postEvents(TestTokens.writer(company), batch.json()).statusCode(200).body("accepted", equalTo(batch.size()));
    }

    @BeforeEach
    void fixture() {
        if (Api.graphql(TestTokens.admin(), "{ company(id: \"" + C + "\") { id } }").extract()
                .jsonPath().getString("data.company.id") != null) {
            return;
        }
        create(C, true);
        send(C, events());
        Api.createCompany(NO_SPEND, KOLKATA.getId(), 5, false);
        send(NO_SPEND, List.of(event(3, 10, 0, "USER_MESSAGE", "userId", "u1", "chatId", "c1"),
                event(3, 10, 1, "SPEND", "userId", "u1", "model", "m1", "amountMicros", 100)));
    }

    // ---- expected rows, by hand

    private static Map<String, Object> row(String user, int first, int last, int activeDays, int chats, int messages,
            int answers, int projects, int artifacts, int connectors, int positive, int negative, Integer spend,
            List<String> teams) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("userId", user);
        row.put("firstActiveDay", day(first).toString());
        row.put("lastActiveDay", day(last).toString());
        row.put("activeDays", activeDays);
        row.put("chatsCreated", chats);
        row.put("userMessages", messages);
        row.put("assistantMessages", answers);
        row.put("projectsUsed", projects);
        row.put("artifactsCreated", artifacts);
        row.put("connectorsUsed", connectors);
        row.put("positiveFeedback", positive);
        row.put("negativeFeedback", negative);
        row.put("spendMicros", spend);
        row.put("teamIds", teams);
        return row;
    }

    private static final Map<String, Object> U1 = row("u1", 0, 6, 3, 1, 2, 1, 2, 2, 1, 1, 0, 1_500_000, List.of("sales"));
    private static final Map<String, Object> U2 = row("u2", 3, 8, 3, 1, 2, 0, 0, 0, 2, 0, 2, 500_000, List.of("eng"));
    private static final Map<String, Object> U4 = row("u4", 1, 8, 7, 2, 5, 3, 1, 1, 0, 0, 0, 0, List.of("ops", "sales"));
    private static final Map<String, Object> U5 = row("u5", 8, 8, 1, 0, 1, 0, 0, 0, 0, 3, 0, 2_000_000, List.of());
    private static final Map<String, Object> R6 = row(Q6, 5, 5, 1, 0, 2, 0, 0, 0, 1, 0, 0, 0, List.of());

    /** Latest last active day first (u2, u4, u5 on day 8 by id), then u1 (day 6), then Q6 (day 5). */
    private static final List<Map<String, Object>> BY_LAST_ACTIVE = List.of(U2, U4, U5, U1, R6);

    // ---- calls

    private static ValidatableResponse report(String token, String company, LocalDate from, LocalDate to,
            Map<String, Object> arguments) {
        Map<String, Object> variables = new HashMap<>(arguments);
        variables.put("c", company);
        variables.put("from", from.toString());
        variables.put("to", to.toString());
        return Api.graphql(token, REPORT, variables).statusCode(200);
    }

    private static JsonPath report(String company, Map<String, Object> arguments) {
        return report(TestTokens.owner(company), company, FROM, TO, arguments).body("errors", nullValue())
                .extract().jsonPath();
    }

    private static List<Map<String, Object>> users(JsonPath page) {
        return page.getList("data.company.userReport.users");
    }

    /** Every row of the report, page by page: no row twice, none missing, the cursors continuing each other. */
    private static List<Map<String, Object>> allPages(String company, String sortBy, int first, Map<String, Object> more) {
        List<Map<String, Object>> rows = new ArrayList<>();
        String after = null;
        for (int page = 0; page < 20; page++) {
            Map<String, Object> arguments = new HashMap<>(more);
            arguments.put("sort", sortBy);
            arguments.put("first", first);
            arguments.put("after", after);
            JsonPath answer = report(company, arguments);
            List<Map<String, Object>> users = users(answer);
            rows.addAll(users);
            after = answer.getString("data.company.userReport.nextCursor");
            assertEquals(after != null, answer.getBoolean("data.company.userReport.hasNextPage"));
            if (after == null) {
                return rows;
            }
            assertEquals(first, users.size(), "only the last page is short");
        }
        throw new AssertionError("more pages than rows");
    }

    // ---- figures

    @Test
    void everyFigureOfEveryRowByHand() {
        JsonPath page = report(C, Map.of());
        assertEquals(BY_LAST_ACTIVE, users(page));
        assertEquals(5, page.getInt("data.company.userReport.totalUsers"));
        assertNull(page.get("data.company.userReport.nextCursor"));
        assertEquals(false, page.getBoolean("data.company.userReport.hasNextPage"));
        assertTrue(page.getString("data.company.userReport.freshness.computedAt") != null);
    }

    @Test
    void aRangeEndsTheLastActiveDayAndTheTeamsAreThoseOfItsLastDay() {
        // days 2-4: u2 is still in Sales, u4 not yet; u1's and u4's last active day is day 4, u2's day 3
        List<Map<String, Object>> rows = users(report(TestTokens.owner(C), C, day(2), day(4), Map.of())
                .body("errors", nullValue()).extract().jsonPath());
        assertEquals(List.of("u1", "u4", "u2"), rows.stream().map(r -> r.get("userId")).toList());
        assertEquals(List.of(day(4).toString(), day(4).toString(), day(3).toString()),
                rows.stream().map(r -> r.get("lastActiveDay")).toList());
        assertEquals(List.of(List.of("sales"), List.of("ops"), List.of("sales")),
                rows.stream().map(r -> r.get("teamIds")).toList());
        // u1: 1 chat, 2 messages and p1, p2 on day 2; p1 again on day 4 is no new project
        assertEquals(row("u1", 0, 4, 2, 1, 2, 1, 2, 0, 1, 1, 0, 0, List.of("sales")), rows.get(0));
    }

    @Test
    void aUserActiveOnlyBeforeTheRangeIsNotListed() {
        List<Map<String, Object>> rows = users(report(TestTokens.owner(C), C, day(0), day(1), Map.of())
                .body("errors", nullValue()).extract().jsonPath());
        // u3 is listed over days 0-1, not over 2-8
        assertEquals(List.of("u4", "u1", "u3"), rows.stream().map(r -> r.get("userId")).toList());
        // u3 belongs to Engineering, but without activity in the range is not in its report
        assertEquals(List.of("u2"), ids(report(C, Map.of("team", "eng"))));
    }

    @Test
    void theSameRowsFromRawEventsPartlyRolledUpAndRolledUp() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String raw = "report-raw-" + suffix;
        String partly = "report-partly-" + suffix;
        create(raw, true);
        send(raw, events());
        assertEquals(BY_LAST_ACTIVE, users(report(raw, Map.of())), "raw events only");

        create(partly, true);
        send(partly, events().stream().filter(e -> !e.late()).toList());
        rollUp();
        // late events of days rolled up already (2, 3, 4, 5, 6, 7, 8): each such day is a rolled-up part and a tail
        send(partly, events().stream().filter(Event::late).toList());
        assertEquals(BY_LAST_ACTIVE, users(report(partly, Map.of())), "partly rolled up");

        rollUp();
        assertEquals(BY_LAST_ACTIVE, users(report(partly, Map.of())), "rolled up");
        assertEquals(BY_LAST_ACTIVE, users(report(raw, Map.of())), "rolled up");
        assertEquals(BY_LAST_ACTIVE, users(report(C, Map.of())));
    }

    @Test
    void spendIsNullWhereExtraUsageIsOffAndSortingByItIsSpendNotEnabled() {
        JsonPath page = report(NO_SPEND, Map.of());
        assertEquals(List.of(row("u1", 3, 3, 1, 0, 1, 0, 0, 0, 0, 0, 0, null, List.of())), users(page));
        report(TestTokens.owner(NO_SPEND), NO_SPEND, FROM, TO, Map.of("sort", "SPEND"))
                .body("data.company.userReport", nullValue())
                .body("errors[0].extensions.code", equalTo("SPEND_NOT_ENABLED"))
                .body("errors[0].path", equalTo(List.of("company", "userReport")));
    }

    @Test
    void aSumBeyondALongIsFigureOutOfRangeNeverWrapped() {
        String company = "report-huge-" + UUID.randomUUID().toString().substring(0, 8);
        Api.createCompany(company, KOLKATA.getId(), 5, true);
        // as stored before amounts were bounded at ingestion: 5e18 on each of two days, the sum overflows; the two
        // days lie in two months, so that no month of the billing report overflows
        LocalDate first = LocalDate.now(KOLKATA).withDayOfMonth(1);
        LocalDate lastOfMonthBefore = first.minusDays(1);
        for (LocalDate d : List.of(lastOfMonthBefore, first)) {
            db.query("""
                    INSERT INTO event (company_id, event_id, occurred_at, type, user_id, model, amount_micros)
                    VALUES ($1, gen_random_uuid(), $2, 'SPEND', 'big', 'm1', 5000000000000000000)""",
                    company, d.atTime(0, 0, 1).atZone(KOLKATA).toOffsetDateTime());
        }
        LocalDate from = lastOfMonthBefore;
        LocalDate to = first;
        report(TestTokens.owner(company), company, from, to, Map.of())
                .body("data.company.userReport", nullValue())
                .body("errors[0].extensions.code", equalTo("FIGURE_OUT_OF_RANGE"));
        // one day alone fits
        report(TestTokens.owner(company), company, to, to, Map.of()).body("errors", nullValue())
                .body("data.company.userReport.users[0].spendMicros", equalTo(5_000_000_000_000_000_000L));
        given().auth().oauth2(TestTokens.owner(company))
                .get("/exports/companies/" + company + "/users.csv?from=" + from + "&to=" + to)
                .then().statusCode(422).body("code", equalTo("FIGURE_OUT_OF_RANGE"));
    }

    // ---- orders and pages

    @Test
    void everyOrderPageByPageWithoutARowTwiceOrMissing() {
        Map<String, List<Map<String, Object>>> orders = new LinkedHashMap<>();
        orders.put("LAST_ACTIVE", BY_LAST_ACTIVE);
        // 7, 3, 3 (u1 before u2), then 1 and 1 (Q6 before u5: '=' sorts before 'u')
        orders.put("ACTIVE_DAYS", List.of(U4, U1, U2, R6, U5));
        // 5, then 2, 2, 2 by id, then 1
        orders.put("USER_MESSAGES", List.of(U4, R6, U1, U2, U5));
        // 2, 1.5, 0.5 USD, then 0 and 0 by id
        orders.put("SPEND", List.of(U5, U1, U2, R6, U4));
        orders.forEach((order, expected) -> {
            assertEquals(expected, users(report(C, Map.of("sort", order))), order);
            for (int first : new int[] { 1, 2, 3, 5 }) {
                assertEquals(expected, allPages(C, order, first, Map.of()), order + " in pages of " + first);
            }
        });
    }

    @Test
    void aPageSaysWhatFollows() {
        JsonPath first = report(C, Map.of("sort", "ACTIVE_DAYS", "first", 2));
        assertEquals(List.of(U4, U1), users(first));
        assertEquals(5, first.getInt("data.company.userReport.totalUsers"));
        assertEquals(true, first.getBoolean("data.company.userReport.hasNextPage"));
        String cursor = first.getString("data.company.userReport.nextCursor");
        JsonPath second = report(C, Map.of("sort", "ACTIVE_DAYS", "first", 2, "after", cursor));
        assertEquals(List.of(U2, R6), users(second));
        JsonPath third = report(C, Map.of("sort", "ACTIVE_DAYS", "first", 2, "after",
                second.getString("data.company.userReport.nextCursor")));
        assertEquals(List.of(U5), users(third));
        assertNull(third.get("data.company.userReport.nextCursor"));
        assertEquals(false, third.getBoolean("data.company.userReport.hasNextPage"));
        // an exactly full last page: no next page
        JsonPath whole = report(C, Map.of("first", 5));
        assertEquals(false, whole.getBoolean("data.company.userReport.hasNextPage"));
        assertNull(whole.get("data.company.userReport.nextCursor"));
    }

    @Test
    void aCursorKeepsItsPlaceWhenAUserIsAddedBeforeIt() {
        String company = "report-cursor-" + UUID.randomUUID().toString().substring(0, 8);
        create(company, true);
        send(company, events());
        JsonPath first = report(company, Map.of("sort", "ACTIVE_DAYS", "first", 2));
        assertEquals(List.of(U4, U1), users(first));
        // a new user with 2 active days comes between u1/u2 (3) and the users with 1: on the next page, once
        send(company, List.of(event(2, 9, 0, "USER_ACTIVE", "userId", "u0"), event(3, 9, 0, "USER_ACTIVE", "userId", "u0")));
        JsonPath second = report(company, Map.of("sort", "ACTIVE_DAYS", "first", 2, "after",
                first.getString("data.company.userReport.nextCursor")));
        assertEquals(List.of("u2", "u0"), users(second).stream().map(r -> r.get("userId")).toList());
        assertEquals(6, second.getInt("data.company.userReport.totalUsers"));
    }

    // ---- teams

    private static List<Object> ids(JsonPath page) {
        return users(page).stream().map(r -> r.get("userId")).toList();
    }

    @Test
    void theTeamFilterKeepsWhoBelongedToItOnADayOfTheRange() {
        // u2 was in Sales until day 4 and is in Engineering from day 5: in both over days 2-8
        assertEquals(List.of("u2", "u4", "u1"), ids(report(C, Map.of("team", "sales"))));
        assertEquals(List.of(U2), users(report(C, Map.of("team", "eng"))));
        assertEquals(List.of(U4), users(report(C, Map.of("team", "ops"))));
        // the department has no members of its own; with its sub-teams it is Sales and Engineering
        assertEquals(List.of(), ids(report(C, Map.of("team", "dept"))));
        assertEquals(0, report(C, Map.of("team", "dept")).getInt("data.company.userReport.totalUsers"));
        assertEquals(List.of("u2", "u4", "u1"), ids(report(C, Map.of("team", "dept", "sub", true))));
        assertEquals(List.of("u4", "u1", "u2"), ids(report(C, Map.of("team", "dept", "sub", true, "sort", "ACTIVE_DAYS"))));
        // over days 6-8 u2 was no longer in Sales; over 2-4 not yet in Engineering (and u3 was not active)
        assertEquals(List.of("u4", "u1"), ids(report(TestTokens.owner(C), C, day(6), day(8), Map.of("team", "sales"))
                .body("errors", nullValue()).extract().jsonPath()));
        assertEquals(List.of(), ids(report(TestTokens.owner(C), C, day(2), day(4), Map.of("team", "eng"))
                .body("errors", nullValue()).extract().jsonPath()));
        // the filter picks users; their figures are all they did in the range
        assertEquals(List.of(U2, U4), allPages(C, "LAST_ACTIVE", 1, Map.of("team", "sales")).subList(0, 2));
    }

    @Test
    void anUnknownTeamIsNotFound() {
        report(TestTokens.owner(C), C, FROM, TO, Map.of("team", "nope"))
                .body("data.company.userReport", nullValue())
                .body("errors[0].extensions.code", equalTo("NOT_FOUND"))
                .body("errors[0].message", equalTo("No team with id 'nope' in company '" + C + "'"));
        given().auth().oauth2(TestTokens.owner(C))
                .get("/exports/companies/" + C + "/users.ndjson?from=" + FROM + "&to=" + TO + "&team=nope")
                .then().statusCode(404).body("code", equalTo("NOT_FOUND"))
                .body("message", equalTo("No team with id 'nope' in company '" + C + "'"));
    }

    @Test
    void notAFieldOfATeam() {
        Api.graphql(TestTokens.owner(C), "{ company(id: \"" + C + "\") { team(id: \"sales\") { userReport(range: {from: \""
                + FROM + "\", to: \"" + TO + "\"}) { totalUsers } } } }")
                .body("data.company.team.userReport", nullValue())
                .body("errors[0].extensions.code", equalTo("BAD_USER_INPUT"));
    }

    // ---- downloads

    private static final String CSV_HEADER = "user_id,first_active_day,last_active_day,active_days,chats_created,"
            + "user_messages,assistant_messages,projects_used,artifacts_created,connectors_used,positive_feedback,"
            + "negative_feedback,spend_micros,team_ids\r\n";

    private static String download(String company, String file, String query, String contentType) {
        return given().auth().oauth2(TestTokens.partner(company))
                .get("/exports/companies/" + company + "/" + file + "?from=" + FROM + "&to=" + TO + query)
                .then().statusCode(200)
                .header("Content-Type", equalTo(contentType))
                .header("Content-Disposition", equalTo("attachment; filename=\"users_" + company + "_" + FROM + "_" + TO
                        + file.substring(file.indexOf('.')) + "\""))
                .extract().asString();
    }

    @Test
    void csvByteForByte() {
        assertEquals(CSV_HEADER
                + "u2," + day(3) + "," + day(8) + ",3,1,2,0,0,0,2,0,2,500000,eng\r\n"
                + "u4," + day(1) + "," + day(8) + ",7,2,5,3,1,1,0,0,0,0,ops sales\r\n"
                + "u5," + day(8) + "," + day(8) + ",1,0,1,0,0,0,0,3,0,2000000,\r\n"
                + "u1," + day(0) + "," + day(6) + ",3,1,2,1,2,2,1,1,0,1500000,sales\r\n"
                + "\"'=q,\"\"6\"\"\"," + day(5) + "," + day(5) + ",1,0,2,0,0,0,1,0,0,0,\r\n",
                download(C, "users.csv", "", "text/csv; charset=UTF-8"));
        assertEquals(CSV_HEADER
                + "u4," + day(1) + "," + day(8) + ",7,2,5,3,1,1,0,0,0,0,ops sales\r\n"
                + "u1," + day(0) + "," + day(6) + ",3,1,2,1,2,2,1,1,0,1500000,sales\r\n"
                + "u2," + day(3) + "," + day(8) + ",3,1,2,0,0,0,2,0,2,500000,eng\r\n",
                download(C, "users.csv", "&sortBy=ACTIVE_DAYS&team=dept&withSubTeams=true", "text/csv; charset=UTF-8"));
        assertEquals(CSV_HEADER + "u1," + day(3) + "," + day(3) + ",1,0,1,0,0,0,0,0,0,,\r\n",
                download(NO_SPEND, "users.csv", "", "text/csv; charset=UTF-8"));
        assertEquals(CSV_HEADER, download(C, "users.csv", "&team=dept", "text/csv; charset=UTF-8"));
    }

    @Test
    void ndjsonByteForByte() {
        assertEquals("{\"userId\":\"u5\",\"firstActiveDay\":\"" + day(8) + "\",\"lastActiveDay\":\"" + day(8)
                + "\",\"activeDays\":1,\"chatsCreated\":0,\"userMessages\":1,\"assistantMessages\":0,\"projectsUsed\":0,"
                + "\"artifactsCreated\":0,\"connectorsUsed\":0,\"positiveFeedback\":3,\"negativeFeedback\":0,"
                + "\"spendMicros\":2000000,\"teamIds\":[]}\n"
                + "{\"userId\":\"u1\",\"firstActiveDay\":\"" + day(0) + "\",\"lastActiveDay\":\"" + day(6)
                + "\",\"activeDays\":3,\"chatsCreated\":1,\"userMessages\":2,\"assistantMessages\":1,\"projectsUsed\":2,"
                + "\"artifactsCreated\":2,\"connectorsUsed\":1,\"positiveFeedback\":1,\"negativeFeedback\":0,"
                + "\"spendMicros\":1500000,\"teamIds\":[\"sales\"]}\n"
                + "{\"userId\":\"u2\",\"firstActiveDay\":\"" + day(3) + "\",\"lastActiveDay\":\"" + day(8)
                + "\",\"activeDays\":3,\"chatsCreated\":1,\"userMessages\":2,\"assistantMessages\":0,\"projectsUsed\":0,"
                + "\"artifactsCreated\":0,\"connectorsUsed\":2,\"positiveFeedback\":0,\"negativeFeedback\":2,"
                + "\"spendMicros\":500000,\"teamIds\":[\"eng\"]}\n"
                + "{\"userId\":\"=q,\\\"6\\\"\",\"firstActiveDay\":\"" + day(5) + "\",\"lastActiveDay\":\"" + day(5)
                + "\",\"activeDays\":1,\"chatsCreated\":0,\"userMessages\":2,\"assistantMessages\":0,\"projectsUsed\":0,"
                + "\"artifactsCreated\":0,\"connectorsUsed\":1,\"positiveFeedback\":0,\"negativeFeedback\":0,"
                + "\"spendMicros\":0,\"teamIds\":[]}\n"
                + "{\"userId\":\"u4\",\"firstActiveDay\":\"" + day(1) + "\",\"lastActiveDay\":\"" + day(8)
                + "\",\"activeDays\":7,\"chatsCreated\":2,\"userMessages\":5,\"assistantMessages\":3,\"projectsUsed\":1,"
                + "\"artifactsCreated\":1,\"connectorsUsed\":0,\"positiveFeedback\":0,\"negativeFeedback\":0,"
                + "\"spendMicros\":0,\"teamIds\":[\"ops\",\"sales\"]}\n",
                download(C, "users.ndjson", "&sortBy=SPEND", "application/x-ndjson; charset=UTF-8"));
        assertEquals("{\"userId\":\"u1\",\"firstActiveDay\":\"" + day(3) + "\",\"lastActiveDay\":\"" + day(3)
                + "\",\"activeDays\":1,\"chatsCreated\":0,\"userMessages\":1,\"assistantMessages\":0,\"projectsUsed\":0,"
                + "\"artifactsCreated\":0,\"connectorsUsed\":0,\"positiveFeedback\":0,\"negativeFeedback\":0,"
                + "\"spendMicros\":null,\"teamIds\":[]}\n",
                download(NO_SPEND, "users.ndjson", "", "application/x-ndjson; charset=UTF-8"));
        assertEquals("", download(C, "users.ndjson", "&team=dept", "application/x-ndjson; charset=UTF-8"));
    }

    @Test
    void aDownloadHasEveryRowOfEveryPage() {
        // more users than a GraphQL page holds: 600 users, one event each, on day 10
        String company = "report-many-" + UUID.randomUUID().toString().substring(0, 8);
        Api.createCompany(company, KOLKATA.getId(), 600, false);
        Events batch = Events.batch();
        for (int i = 0; i < 600; i++) {
            batch.add(company, at(10, 9, 0), "USER_ACTIVE", "userId", "m%03d".formatted(i));
        }
        Api.postEvents(TestTokens.writer(company), batch.json()).statusCode(200).body("accepted", equalTo(600));
        String csv = given().auth().oauth2(TestTokens.owner(company))
                .get("/exports/companies/" + company + "/users.csv?from=" + day(10) + "&to=" + day(10))
                .then().statusCode(200).extract().asString();
        String[] lines = csv.split("\r\n");
        assertEquals(601, lines.length);
        for (int i = 0; i < 600; i++) {
            assertEquals("m%03d,%s,%s,1,0,0,0,0,0,0,0,0,,".formatted(i, day(10), day(10)), lines[i + 1]);
        }
        String ndjson = given().auth().oauth2(TestTokens.owner(company))
                .get("/exports/companies/" + company + "/users.ndjson?from=" + day(10) + "&to=" + day(10))
                .then().statusCode(200).extract().asString();
        assertEquals(600, ndjson.split("\n").length);
        assertEquals(600, new HashSet<>(List.of(ndjson.split("\n"))).size());
    }

    // ---- errors

    @Test
    void aBadRangeIsBadUserInput() {
        report(TestTokens.owner(C), C, TO, FROM, Map.of())
                .body("data.company.userReport", nullValue())
                .body("errors[0].extensions.code", equalTo("BAD_USER_INPUT"))
                .body("errors[0].message", equalTo("The range ends (" + FROM + ") before it starts (" + TO + ")"));
        report(TestTokens.owner(C), C, TO.minusDays(1100), TO, Map.of())
                .body("errors[0].extensions.code", equalTo("BAD_USER_INPUT"))
                .body("errors[0].message", equalTo("The range covers 1101 days; at most 1100 are allowed"));
        for (String file : List.of("users.csv", "users.ndjson")) {
            given().auth().oauth2(TestTokens.owner(C)).get("/exports/companies/" + C + "/" + file + "?from=" + TO + "&to=" + FROM)
                    .then().statusCode(400).body("code", equalTo("BAD_USER_INPUT"))
                    .body("message", equalTo("The range ends (" + FROM + ") before it starts (" + TO + ")"));
            given().auth().oauth2(TestTokens.owner(C)).get("/exports/companies/" + C + "/" + file + "?from=2026-02-30&to=" + TO)
                    .then().statusCode(400).body("code", equalTo("BAD_USER_INPUT"))
                    .body("message", equalTo("from and to must be ISO dates such as 2026-11-01"));
            given().auth().oauth2(TestTokens.owner(C)).get("/exports/companies/" + C + "/" + file + "?to=" + TO)
                    .then().statusCode(400).body("code", equalTo("BAD_USER_INPUT"))
                    .body("message", equalTo("Give the range as ?from=YYYY-MM-DD&to=YYYY-MM-DD"));
        }
    }

    @Test
    void aBadCursorIsBadUserInput() {
        String ofLastActive = report(C, Map.of("first", 1)).getString("data.company.userReport.nextCursor");
        String ofSpendByUser = Api.graphql(TestTokens.owner(C), "{ company(id: \"" + C + "\") { spend { byUser(range: "
                + "{from: \"" + FROM + "\", to: \"" + TO + "\"}, first: 1) { nextCursor } } } }")
                .extract().path("data.company.spend.byUser.nextCursor");
        for (Map<String, Object> arguments : List.<Map<String, Object>>of(Map.of("after", "bm90LWEtY3Vyc29y"),
                Map.of("after", "not base64!"), Map.of("after", ofLastActive, "sort", "ACTIVE_DAYS"),
                Map.of("after", ofSpendByUser, "sort", "SPEND"))) {
            report(TestTokens.owner(C), C, FROM, TO, arguments)
                    .body("data.company.userReport", nullValue())
                    .body("errors[0].extensions.code", equalTo("BAD_USER_INPUT"))
                    .body("errors[0].message", equalTo("'after' is not a cursor this API gave out"));
        }
        report(TestTokens.owner(C), C, FROM, TO, Map.of("first", 0))
                .body("errors[0].extensions.code", equalTo("BAD_USER_INPUT"))
                .body("errors[0].message", equalTo("first must be between 1 and 500, not 0"));
        report(TestTokens.owner(C), C, FROM, TO, Map.of("first", 501))
                .body("errors[0].extensions.code", equalTo("BAD_USER_INPUT"));
    }

    @Test
    void aBadSortByIsRefusedWithItsCode() {
        Api.graphql(TestTokens.owner(C), "{ company(id: \"" + C + "\") { userReport(range: {from: \"" + FROM
                + "\", to: \"" + TO + "\"}, sortBy: NAME) { totalUsers } } }")
                .statusCode(200)
                .body("data", nullValue())
                .body("errors[0].extensions.code", equalTo("GRAPHQL_VALIDATION_FAILED"));
        report(TestTokens.owner(C), C, FROM, TO, Map.of("sort", "NAME"))
                .body("data", nullValue())
                .body("errors[0].extensions.code", equalTo("GRAPHQL_VALIDATION_FAILED"));
        for (String query : List.of("&sortBy=NAME", "&sortBy=last_active", "&withSubTeams=yes")) {
            given().auth().oauth2(TestTokens.owner(C))
                    .get("/exports/companies/" + C + "/users.csv?from=" + FROM + "&to=" + TO + query)
                    .then().statusCode(400).body("code", equalTo("BAD_USER_INPUT"))
                    .body("message", equalTo(query.contains("sortBy")
                            ? "sortBy must be one of LAST_ACTIVE, ACTIVE_DAYS, USER_MESSAGES, SPEND"
                            : "withSubTeams must be true or false"));
        }
        given().auth().oauth2(TestTokens.owner(NO_SPEND))
                .get("/exports/companies/" + NO_SPEND + "/users.ndjson?from=" + FROM + "&to=" + TO + "&sortBy=SPEND")
                .then().statusCode(409).body("code", equalTo("SPEND_NOT_ENABLED"));
    }

    private void rollUp() {
        assertEquals(RollupRun.Outcome.COMPLETED, rollup.rollUpNewEvents().await().indefinitely().outcome());
    }
}
