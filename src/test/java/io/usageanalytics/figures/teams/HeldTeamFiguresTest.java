package io.usageanalytics.figures.teams;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

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
 * A team's rolled-up days and the company's directory are held between requests: what changes them (a snapshot
 * applied, events ingested, a rollup run) is seen by the very next request, with the figures computed by hand.
 * Teams "a" and "b"; u1, u2 and u3 send one message each on BASE+2 and BASE+4.
 */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
class HeldTeamFiguresTest {

    private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
    private static final LocalDate BASE = LocalDate.now(ZONE).minusDays(20);

    @Inject
    RollupJob rollup;

    private static Instant at(LocalDate day, int hour) {
        return day.atTime(LocalTime.of(hour, 0)).atZone(ZONE).toInstant();
    }

    private static String snapshot(LocalDate day, String a, String b) {
        return """
                {"asOf": "%s", "teams": [
                  {"id": "a", "name": "Team A", "members": [%s]},
                  {"id": "b", "name": "Team B", "members": [%s]}]}""".formatted(at(day, 9), a, b);
    }

    /** A company with k = 1 (no team hidden), teams a = u1, u2 and b = u3 from BASE-30, and the messages rolled up. */
    private static String company(RollupJob rollup) {
        String c = "teams-held-" + UUID.randomUUID().toString().substring(0, 8);
        Api.createCompany(c, ZONE.getId(), 10, true);
        Api.putDirectory(TestTokens.directoryWriter(c), c, snapshot(BASE.minusDays(30), "\"u1\", \"u2\"", "\"u3\""))
                .statusCode(200);
        Events events = Events.batch();
        for (LocalDate day : List.of(BASE.plusDays(2), BASE.plusDays(4))) {
            for (String user : List.of("u1", "u2", "u3")) {
                events.add(c, at(day, 12), "USER_MESSAGE", "userId", user, "chatId", "c-" + user + day);
            }
        }
        Api.postEvents(TestTokens.writer(c), events.json()).statusCode(200).body("accepted", equalTo(events.size()));
        Api.graphql(TestTokens.primaryOwner(c), "mutation { changePrivacyRules(companyId: \"" + c
                + "\", changes: {minTeamSize: 1}) { minTeamSize } }").body("errors", nullValue());
        assertEquals(RollupRun.Outcome.COMPLETED, rollup.rollUpNewEvents().await().indefinitely().outcome());
        return c;
    }

    private static final String TEAM = """
            query($c: String!, $team: String!, $from: Date!, $to: Date!) {
              company(id: $c) { team(id: $team) {
                telemetry(range: {from: $from, to: $to}) { users userMessages }
                activity(range: {from: $from, to: $to}) { dau { value } }
              } }
            }""";

    private static final String BREAKDOWN = """
            query($c: String!, $from: Date!, $to: Date!) {
              company(id: $c) { teamBreakdown(range: {from: $from, to: $to}) {
                teams { teamId members activeUsers userMessages }
              } }
            }""";

    private static JsonPath ask(String c, String query, Map<String, Object> more) {
        Map<String, Object> variables = new java.util.HashMap<>(more);
        variables.put("c", c);
        variables.put("from", BASE.toString());
        variables.put("to", BASE.plusDays(10).toString());
        JsonPath answer = Api.graphql(TestTokens.owner(c), query, variables).statusCode(200).extract().jsonPath();
        assertEquals((Object) null, answer.get("errors"));
        return answer;
    }

    /** users, userMessages and the daily active users of BASE to BASE+10 of the team. */
    private static List<Object> team(String c, String team) {
        JsonPath answer = ask(c, TEAM, Map.of("team", team));
        return List.of(answer.getInt("data.company.team.telemetry.users"),
                answer.getInt("data.company.team.telemetry.userMessages"),
                answer.getList("data.company.team.activity.dau.value", Float.class).stream().map(Number::intValue)
                        .toList());
    }

    /** Per team of the top level: members, active users and messages. */
    private static Map<String, List<Integer>> breakdown(String c) {
        JsonPath answer = ask(c, BREAKDOWN, Map.of());
        Map<String, List<Integer>> rows = new java.util.TreeMap<>();
        List<Map<String, Object>> teams = answer.getList("data.company.teamBreakdown.teams");
        teams.forEach(row -> rows.put((String) row.get("teamId"), List.of((Integer) row.get("members"),
                (Integer) row.get("activeUsers"), (Integer) row.get("userMessages"))));
        return rows;
    }

    @Test
    void aSnapshotAppliedIsSeenByTheNextTeamQuery() {
        String c = company(rollup);
        assertEquals(List.of(2, 4, List.of(0, 0, 2, 0, 2, 0, 0, 0, 0, 0, 0)), team(c, "a"));
        assertEquals(Map.of("a", List.of(2, 2, 4), "b", List.of(1, 1, 2)), breakdown(c));
        // u2 and u3 swap teams from BASE+3: a is u1 and u2 on BASE+2, u1 and u3 on BASE+4
        Api.putDirectory(TestTokens.directoryWriter(c), c, snapshot(BASE.plusDays(3), "\"u1\", \"u3\"", "\"u2\""))
                .statusCode(200);
        assertEquals(List.of(3, 4, List.of(0, 0, 2, 0, 2, 0, 0, 0, 0, 0, 0)), team(c, "a"));
        assertEquals(List.of(2, 2, List.of(0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0)), team(c, "b"));
        assertEquals(Map.of("a", List.of(3, 3, 4), "b", List.of(2, 2, 2)), breakdown(c));
    }

    @Test
    void eventsOfAMemberChangeTheTeamsFiguresRolledUpOrNot() {
        String c = company(rollup);
        assertEquals(List.of(2, 4, List.of(0, 0, 2, 0, 2, 0, 0, 0, 0, 0, 0)), team(c, "a"));
        Events events = Events.batch();
        // u1 (in a) on BASE+4 and BASE+6; u3 (in b) on BASE+6: a counts u1's two, not u3's
        events.add(c, at(BASE.plusDays(4), 15), "USER_MESSAGE", "userId", "u1", "chatId", "c-more");
        events.add(c, at(BASE.plusDays(6), 15), "USER_MESSAGE", "userId", "u1", "chatId", "c-more");
        events.add(c, at(BASE.plusDays(6), 15), "USER_MESSAGE", "userId", "u3", "chatId", "c-other");
        Api.postEvents(TestTokens.writer(c), events.json()).statusCode(200).body("accepted", equalTo(3));
        List<Object> expected = List.of(2, 6, List.of(0, 0, 2, 0, 2, 0, 1, 0, 0, 0, 0));
        // not rolled up yet: the tail
        assertEquals(expected, team(c, "a"));
        assertEquals(Map.of("a", List.of(2, 2, 6), "b", List.of(1, 1, 3)), breakdown(c));
        // rolled up: BASE+4 rebuilt by a new run and BASE+6 new, both read again
        assertEquals(RollupRun.Outcome.COMPLETED, rollup.rollUpNewEvents().await().indefinitely().outcome());
        assertEquals(expected, team(c, "a"));
        assertEquals(List.of(1, 3, List.of(0, 0, 1, 0, 1, 0, 1, 0, 0, 0, 0)), team(c, "b"));
        assertEquals(Map.of("a", List.of(2, 2, 6), "b", List.of(1, 1, 3)), breakdown(c));
    }
}
