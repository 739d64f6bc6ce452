package io.usageanalytics.directory;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.usageanalytics.support.Api;
import io.usageanalytics.support.Database;
import io.usageanalytics.support.TestTokens;

/**
 * Directory snapshots against the real database: which memberships begin and end on which company-local day,
 * idempotence, the last snapshot of a day, order, and bad snapshots refused whole.
 */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
class DirectoryTest {

    @Inject
    Database db;

    private static String snapshot(String asOf, String teams) {
        return "{\"asOf\": \"" + asOf + "\", \"teams\": [" + teams + "]}";
    }

    private static final String EMEA = "{\"id\": \"emea\", \"name\": \"EMEA\"}";

    private List<String> memberships(String company) {
        return db.strings("""
                SELECT team_id || ' ' || user_id || ' ' || valid_from || ' ' || coalesce(valid_until::text, '-')
                  FROM team_membership WHERE company_id = $1 ORDER BY 1""", company);
    }

    @Test
    void aUserMovingTeamsCountsForEachFromTheCompanyLocalDayOfTheSnapshot() {
        String company = "dir-move";
        Api.createCompany(company, "Europe/Berlin", 10, false);
        String writer = TestTokens.directoryWriter(company);
        // 23:30 UTC on 1 March is 00:30 on 2 March in Berlin
        String first = snapshot("2026-03-01T23:30:00Z", EMEA + """
                , {"id": "sales", "name": "Sales", "parentId": "emea", "members": ["u-1", "u-2"]},
                  {"id": "eng", "name": "Engineering", "members": ["u-3"]}""");
        Api.putDirectory(writer, company, first).statusCode(200)
                .body("appliesFrom", equalTo("2026-03-02")).body("teams", equalTo(3))
                .body("membershipsStarted", equalTo(3)).body("membershipsEnded", equalTo(0));
        // the same snapshot again changes nothing
        Api.putDirectory(writer, company, first).statusCode(200)
                .body("membershipsStarted", equalTo(0)).body("membershipsEnded", equalTo(0))
                .body("teamsRemoved", equalTo(0));
        Api.putDirectory(writer, company, snapshot("2026-03-10T10:00:00Z", EMEA + """
                , {"id": "sales", "name": "Sales", "parentId": "emea", "members": ["u-1"]},
                  {"id": "eng", "name": "Engineering", "members": ["u-3", "u-2"]}""")).statusCode(200)
                .body("appliesFrom", equalTo("2026-03-10"))
                .body("membershipsStarted", equalTo(1)).body("membershipsEnded", equalTo(1));
        assertEquals(List.of("eng u-2 2026-03-10 -", "eng u-3 2026-03-02 -", "sales u-1 2026-03-02 -",
                "sales u-2 2026-03-02 2026-03-10"), memberships(company));
    }

    @Test
    void theLastSnapshotOfADayDecidesThatDay() {
        String company = "dir-sameday";
        Api.createCompany(company, "UTC", 10, false);
        String writer = TestTokens.directoryWriter(company);
        String inSales = "{\"id\": \"sales\", \"name\": \"Sales\", \"members\": [\"u-1\"]}";
        String inEng = "{\"id\": \"eng\", \"name\": \"Engineering\", \"members\": [\"u-1\"]}";
        String engEmpty = "{\"id\": \"eng\", \"name\": \"Engineering\"}";
        String salesEmpty = "{\"id\": \"sales\", \"name\": \"Sales\"}";
        Api.putDirectory(writer, company, snapshot("2026-04-01T08:00:00Z", inSales + ", " + engEmpty))
                .statusCode(200);
        Api.putDirectory(writer, company, snapshot("2026-04-05T09:00:00Z", salesEmpty + ", " + inEng))
                .statusCode(200).body("membershipsStarted", equalTo(1)).body("membershipsEnded", equalTo(1));
        assertEquals(List.of("eng u-1 2026-04-05 -", "sales u-1 2026-04-01 2026-04-05"), memberships(company));
        // later that day the move is taken back: as if it had never happened
        Api.putDirectory(writer, company, snapshot("2026-04-05T17:00:00Z", inSales + ", " + engEmpty))
                .statusCode(200).body("membershipsStarted", equalTo(1)).body("membershipsEnded", equalTo(1));
        assertEquals(List.of("sales u-1 2026-04-01 -"), memberships(company));
        // an older snapshot is refused and changes nothing
        Api.putDirectory(writer, company, snapshot("2026-04-05T16:59:59Z", salesEmpty + ", " + inEng))
                .statusCode(409).body("code", equalTo("SNAPSHOT_OUT_OF_ORDER"));
        assertEquals(List.of("sales u-1 2026-04-01 -"), memberships(company));
    }

    @Test
    void aTeamNoLongerListedEndsItsMembershipsAndStaysForEarlierRanges() {
        String company = "dir-removed";
        Api.createCompany(company, "UTC", 10, false);
        String writer = TestTokens.directoryWriter(company);
        Api.putDirectory(writer, company, snapshot("2026-05-01T00:00:00Z", """
                {"id": "a", "name": "Team A", "members": ["u-1"]}, {"id": "b", "name": "Team B", "members": ["u-2"]}"""))
                .statusCode(200);
        Api.putDirectory(writer, company, snapshot("2026-05-20T00:00:00Z", """
                {"id": "a", "name": "Team A renamed", "members": ["u-1"]}""")).statusCode(200)
                .body("teamsRemoved", equalTo(1)).body("membershipsEnded", equalTo(1));
        assertEquals(List.of("a u-1 2026-05-01 -", "b u-2 2026-05-01 2026-05-20"), memberships(company));
        String owner = TestTokens.owner(company);
        Api.graphql(owner, "{ company(id: \"" + company + "\") { teams { id name removedOn } } }")
                .body("errors", nullValue())
                .body("data.company.teams.id", equalTo(List.of("a")))
                .body("data.company.teams[0].name", equalTo("Team A renamed"));
        Api.graphql(owner, "{ company(id: \"" + company + "\") { teams(withRemoved: true) { id parentId removedOn } } }")
                .body("data.company.teams.id", equalTo(List.of("a", "b")))
                .body("data.company.teams[1].removedOn", equalTo("2026-05-20"));
    }

    @Test
    void aBadSnapshotIsRefusedWholeWithTheValueItsReasonNames() {
        String company = "dir-bad";
        Api.createCompany(company, "UTC", 10, false);
        String writer = TestTokens.directoryWriter(company);
        Api.putDirectory(writer, company, snapshot("2026-06-01T00:00:00Z",
                "{\"id\": \"a\", \"name\": \"A\", \"members\": [\"u-1\"]}")).statusCode(200);
        Map<String, String> refused = Map.of(
                snapshot("2026-06-02T00:00:00Z", "{\"id\": \"a\", \"name\": \"A\", \"members\": [\"u-1\", \"jane.doe@example.com\"]}"),
                "teams[0].members[1]: userId looks like an e-mail address",
                snapshot("2026-06-02T00:00:00Z", "{\"id\": \"a\", \"name\": \"A\", \"parentId\": \"b\"}, {\"id\": \"b\", \"name\": \"B\", \"parentId\": \"a\"}"),
                "parents in a cycle",
                snapshot("2026-06-02T00:00:00Z", "{\"id\": \"a\", \"name\": \"A\", \"parentId\": \"x\"}"),
                "names parent 'x', which is not a team of the snapshot",
                snapshot("2026-06-02T00:00:00Z", "{\"id\": \"a\", \"name\": \"A\"}, {\"id\": \"a\", \"name\": \"B\"}"),
                "teams[1].id: team 'a' is listed twice",
                snapshot("2026-06-02T00:00:00Z", "{\"id\": \"a\", \"name\": \"Call +49 170 1234567\"}"),
                "looks like a phone number",
                snapshot("2026-06-02T00:00:00Z", "{\"id\": \"a\", \"name\": \"A\", \"manager\": \"u-9\"}"),
                "unknown field 'teams[0].manager'",
                snapshot("2999-01-01T00:00:00Z", "{\"id\": \"a\", \"name\": \"A\"}"),
                "asOf lies in the future",
                "[]", "must be a JSON object",
                "{\"teams\": []} []", "more after the snapshot");
        refused.forEach((body, reason) -> Api.putDirectory(writer, company, body)
                .statusCode(400).body("code", equalTo("BAD_USER_INPUT")).body("message", containsString(reason)));
        assertEquals(List.of("a u-1 2026-06-01 -"), memberships(company));
        assertEquals(List.of("a"), db.strings("SELECT id FROM team WHERE company_id = $1", company));
    }
}
