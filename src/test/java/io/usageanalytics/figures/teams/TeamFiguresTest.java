package io.usageanalytics.figures.teams;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.path.json.JsonPath;
import io.usageanalytics.rollup.RollupJob;
import io.usageanalytics.rollup.RollupRun;
import io.usageanalytics.support.Api;
import io.usageanalytics.support.Events;
import io.usageanalytics.support.TestTokens;

/**
 * A team's figures, computed by hand: a user who moves from Sales to Engineering in the middle of the range of a
 * company in New York counts for Sales before the move and for Engineering after it, on company-local days; a
 * department with its sub-teams; the minimum team size and complementary suppression; the same answers from raw
 * events and from rollups.
 */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
class TeamFiguresTest {

    private static final String C = "teams-ny";
    private static final ZoneId NY = ZoneId.of("America/New_York");
    /** The first day of the fixture, company-local: far enough back for every event to be in the past. */
    private static final LocalDate BASE = LocalDate.now(NY).minusDays(20);

    @Inject
    RollupJob rollup;

    private static Instant at(LocalDate day, int hour) {
        return day.atTime(LocalTime.of(hour, 0)).atZone(NY).toInstant();
    }

    private static String snapshot(LocalDate day, String salesMembers, String engMembers) {
        return """
                {"asOf": "%s", "teams": [
                  {"id": "dept", "name": "Product department"},
                  {"id": "sales", "name": "Sales", "parentId": "dept", "members": [%s]},
                  {"id": "eng", "name": "Engineering", "parentId": "dept", "members": [%s]},
                  {"id": "tiny", "name": "Tiny team", "members": ["u6"]}]}""".formatted(at(day, 9), salesMembers,
                engMembers);
    }

    @BeforeEach
    void fixture() {
        if (Api.graphql(TestTokens.admin(), "{ company(id: \"" + C + "\") { id } }").extract()
                .jsonPath().getString("data.company.id") != null) {
            return;
        }
        Api.createCompany(C, "America/New_York", 50, true);
        String directory = TestTokens.directoryWriter(C);
        Api.putDirectory(directory, C, snapshot(BASE.minusDays(30), "\"u1\", \"u2\", \"u3\"", "\"u4\", \"u5\""))
                .statusCode(200);
        // u3 moves to Engineering from BASE+5 (the snapshot at 09:00 New York time that day)
        Api.putDirectory(directory, C, snapshot(BASE.plusDays(5), "\"u1\", \"u2\"", "\"u3\", \"u4\", \"u5\""))
                .statusCode(200).body("appliesFrom", equalTo(BASE.plusDays(5).toString()));
        Events events = Events.batch();
        for (LocalDate day : List.of(BASE.plusDays(2), BASE.plusDays(8))) {
            for (String user : List.of("u1", "u2", "u3", "u4", "u5", "u6", "u7")) {
                events.add(C, at(day, 12), "USER_MESSAGE", "userId", user, "chatId", "c-" + user + day,
                        "assistantId", "writer");
                events.add(C, at(day, 12), "ASSISTANT_MESSAGE", "userId", user, "chatId", "c-" + user + day,
                        "assistantId", "writer");
            }
        }
        // 02:00 UTC on BASE+5 is 21:00 on BASE+4 in New York: u3 was still in Sales
        events.add(C, BASE.plusDays(5).atStartOfDay(ZoneId.of("UTC")).plusHours(2).toInstant(), "USER_MESSAGE",
                "userId", "u3", "chatId", "c-late", "assistantId", "writer");
        events.add(C, at(BASE.plusDays(8), 13), "SPEND", "userId", "u3", "model", "m-large", "amountMicros", 700_000);
        events.add(C, at(BASE.plusDays(2), 13), "SPEND", "userId", "u3", "model", "m-large", "amountMicros", 50_000);
        events.add(C, at(BASE.plusDays(2), 13), "SPEND", "userId", "u1", "model", "m-small", "amountMicros", 20_000);
        Api.postEvents(TestTokens.writer(C), events.json()).statusCode(200).body("accepted", equalTo(events.size()));
        // k = 2 for most of these tests: loosening needs the primary owner
        Api.graphql(TestTokens.primaryOwner(C), "mutation { changePrivacyRules(companyId: \"" + C
                + "\", changes: {minTeamSize: 2}) { minTeamSize } }")
                .body("errors", nullValue()).body("data.changePrivacyRules.minTeamSize", equalTo(2));
    }

    private static final String TEAM = """
            query($c: String!, $team: String!, $sub: Boolean, $from: Date!, $to: Date!) {
              company(id: $c) { team(id: $team, withSubTeams: $sub) {
                seats
                telemetry(range: {from: $from, to: $to}) { users userMessages assistantMessages
                  promptsByAssistant { assistantId prompts } }
                activity(range: {from: $from, to: $to}) { dau { value } }
                spend { byModel(lastMonths: 1) { model amountMicros } }
              } }
            }""";

    private JsonPath team(String team, boolean withSubTeams) {
        return Api.graphql(TestTokens.owner(C), TEAM, Map.of("c", C, "team", team, "sub", withSubTeams,
                "from", BASE.toString(), "to", BASE.plusDays(10).toString())).statusCode(200).extract().jsonPath();
    }

    private void assertTeamFigures() {
        JsonPath sales = team("sales", false);
        assertEquals((Object) null, sales.get("errors"));
        // u1, u2 on both days; u3 on BASE+2 and late on BASE+4, before the move
        assertEquals(3, sales.getInt("data.company.team.telemetry.users"));
        assertEquals(6, sales.getInt("data.company.team.telemetry.userMessages"));
        // answers name their user: u1 and u2 on both days, u3 on BASE+2
        assertEquals(5, sales.getInt("data.company.team.telemetry.assistantMessages"));
        assertEquals(6, sales.getInt("data.company.team.telemetry.promptsByAssistant[0].prompts"));
        // today: u1 and u2
        assertEquals(2, sales.getInt("data.company.team.seats"));
        // u3's 50,000 on BASE+2 and u1's 20,000; u3's 700,000 on BASE+8 is Engineering's
        assertEquals(List.of("m-large", "m-small"), sales.getList("data.company.team.spend.byModel.model"));
        assertEquals(List.of(50_000, 20_000), sales.getList("data.company.team.spend.byModel.amountMicros"));

        JsonPath eng = team("eng", false);
        assertEquals((Object) null, eng.get("errors"));
        assertEquals(3, eng.getInt("data.company.team.telemetry.users"));
        // u4, u5 on both days, u3 on BASE+8
        assertEquals(5, eng.getInt("data.company.team.telemetry.userMessages"));
        assertEquals(List.of(700_000), eng.getList("data.company.team.spend.byModel.amountMicros"));

        JsonPath dept = team("dept", true);
        assertEquals((Object) null, dept.get("errors"));
        assertEquals(5, dept.getInt("data.company.team.telemetry.users"));
        assertEquals(11, dept.getInt("data.company.team.telemetry.userMessages"));
        assertEquals(5, dept.getInt("data.company.team.seats"));
        List<Integer> dau = dept.getList("data.company.team.activity.dau.value", Float.class).stream()
                .map(Number::intValue).toList();
        // BASE+2: u1-u5; BASE+4 (New York): u3's late message; BASE+8: u1-u5
        assertEquals(List.of(0, 0, 5, 0, 1, 0, 0, 0, 5, 0, 0), dau);
    }

    @Test
    void aUserWhoMovedCountsForEachTeamOnTheDaysTheyBelongedToIt() {
        assertTeamFigures();
    }

    @Test
    void rolledUpTheFiguresAreTheSame() {
        assertEquals(RollupRun.Outcome.COMPLETED, rollup.rollUpNewEvents().await().indefinitely().outcome());
        assertTeamFigures();
    }

    @Test
    void aTeamBelowTheMinimumSizeAnswersItsCodeNotZeros() {
        Api.graphql(TestTokens.owner(C), TEAM, Map.of("c", C, "team", "tiny", "sub", false,
                "from", BASE.toString(), "to", BASE.plusDays(10).toString()))
                .body("data.company.team.telemetry", nullValue())
                .body("errors[0].extensions.code", equalTo("BELOW_MINIMUM_GROUP_SIZE"))
                .body("errors[0].message", containsString("fewer members in the range than the company's minimum team size, 2"));
    }

    @Test
    void aTeamIsHiddenWhenSubtractingItFromTheCompanyWouldRevealASmallerOne() {
        // k = 3: at the top, "tiny" (u6) and the users in no team (u7) are 2 together; the department must join
        // them, or the company's figures minus the department's would be theirs
        Api.graphql(TestTokens.owner(C), "mutation { changePrivacyRules(companyId: \"" + C
                + "\", changes: {minTeamSize: 3}) { minTeamSize } }").body("errors", nullValue());
        try {
            for (String[] team : List.of(new String[] {"dept", "true"}, new String[] {"sales", "false"},
                    new String[] {"eng", "false"})) {
                Api.graphql(TestTokens.owner(C), TEAM, Map.of("c", C, "team", team[0], "sub", Boolean.parseBoolean(team[1]),
                        "from", BASE.toString(), "to", BASE.plusDays(10).toString()))
                        .body("data.company.team.telemetry", nullValue())
                        .body("errors[0].extensions.code", equalTo("BELOW_MINIMUM_GROUP_SIZE"));
            }
        } finally {
            Api.graphql(TestTokens.primaryOwner(C), "mutation { changePrivacyRules(companyId: \"" + C
                    + "\", changes: {minTeamSize: 2}) { minTeamSize } }").body("errors", nullValue());
        }
    }

    private static final String BREAKDOWN = """
            query($c: String!, $parent: String, $from: Date!, $to: Date!) {
              company(id: $c) { teamBreakdown(range: {from: $from, to: $to}, parentId: $parent) {
                minTeamSize mergedTeams
                teams { teamId name ownMembersOnly members activeUsers dau wau mau userMessages chats projects
                        artifacts connectors spendMicros }
                noTeam { members }
                otherTeams { teamId members activeUsers userMessages spendMicros }
              } }
            }""";

    private JsonPath breakdown(String parent) {
        Map<String, Object> variables = new java.util.HashMap<>(Map.of("c", C, "from", BASE.toString(),
                "to", BASE.plusDays(10).toString()));
        variables.put("parent", parent);
        return Api.graphql(TestTokens.owner(C), BREAKDOWN, variables).statusCode(200).extract().jsonPath();
    }

    @Test
    void theTopLevelShowsTheDepartmentAndMergesTheSmallRowsIntoOtherTeams() {
        JsonPath top = breakdown(null);
        assertEquals((Object) null, top.get("errors"));
        String b = "data.company.teamBreakdown.";
        assertEquals(List.of("dept"), top.getList(b + "teams.teamId"));
        assertEquals(Map.ofEntries(Map.entry("teamId", "dept"), Map.entry("name", "Product department"),
                Map.entry("ownMembersOnly", false), Map.entry("members", 5), Map.entry("activeUsers", 5),
                Map.entry("dau", 0), Map.entry("wau", 5), Map.entry("mau", 5), Map.entry("userMessages", 11),
                Map.entry("chats", 0), Map.entry("projects", 0), Map.entry("artifacts", 0), Map.entry("connectors", 0),
                Map.entry("spendMicros", 770_000)), top.getMap(b + "teams[0]"));
        // "tiny" (u6) and the users in no team (u7) are one each: together they are 2, the minimum
        assertEquals(List.of("", "tiny"), top.getList(b + "mergedTeams"));
        assertEquals((Object) null, top.get(b + "noTeam"));
        assertEquals(Map.of("members", 2, "activeUsers", 2, "userMessages", 4, "spendMicros", 0),
                withoutNulls(top.getMap(b + "otherTeams")));
    }

    @Test
    void theDepartmentsLevelCountsTheMoverForEachTeamOnItsDays() {
        JsonPath dept = breakdown("dept");
        assertEquals((Object) null, dept.get("errors"));
        String b = "data.company.teamBreakdown.";
        assertEquals(List.of("eng", "sales"), dept.getList(b + "teams.teamId"));
        assertEquals(List.of(3, 3), dept.getList(b + "teams.activeUsers"));
        assertEquals(List.of(5, 6), dept.getList(b + "teams.userMessages"));
        assertEquals(List.of(700_000, 70_000), dept.getList(b + "teams.spendMicros"));
        assertEquals(List.of(), dept.getList(b + "mergedTeams"));
        assertEquals((Object) null, dept.get(b + "otherTeams"));
    }

    @Test
    void withALargerMinimumTheDepartmentJoinsOtherTeamsAndItsLevelIsNotShown() {
        Api.graphql(TestTokens.owner(C), "mutation { changePrivacyRules(companyId: \"" + C
                + "\", changes: {minTeamSize: 3}) { minTeamSize } }").body("errors", nullValue());
        try {
            JsonPath top = breakdown(null);
            String b = "data.company.teamBreakdown.";
            assertEquals(List.of(), top.getList(b + "teams"));
            assertEquals(List.of("", "dept", "tiny"), top.getList(b + "mergedTeams"));
            assertEquals(7, top.getInt(b + "otherTeams.members"));
            assertEquals(15, top.getInt(b + "otherTeams.userMessages"));
            Api.graphql(TestTokens.owner(C), BREAKDOWN, Map.of("c", C, "parent", "dept", "from", BASE.toString(),
                    "to", BASE.plusDays(10).toString()))
                    .body("data.company.teamBreakdown", nullValue())
                    .body("errors[0].extensions.code", equalTo("BELOW_MINIMUM_GROUP_SIZE"));
        } finally {
            Api.graphql(TestTokens.primaryOwner(C), "mutation { changePrivacyRules(companyId: \"" + C
                    + "\", changes: {minTeamSize: 2}) { minTeamSize } }").body("errors", nullValue());
        }
    }

    private static Map<String, Object> withoutNulls(Map<String, Object> map) {
        Map<String, Object> kept = new java.util.TreeMap<>();
        map.forEach((k, v) -> {
            if (v != null) {
                kept.put(k, v);
            }
        });
        return kept;
    }

    @Test
    void anUnknownTeamIsNotFound() {
        Api.graphql(TestTokens.owner(C), TEAM, Map.of("c", C, "team", "nope", "sub", false,
                "from", BASE.toString(), "to", BASE.plusDays(10).toString()))
                .body("data.company.team", nullValue())
                .body("errors[0].extensions.code", equalTo("NOT_FOUND"));
    }
}
