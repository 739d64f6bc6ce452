package io.usageanalytics.directory;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
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
 * Bodies the directory endpoint cannot read (another media type or charset, bytes that are not UTF-8) and
 * breakdowns of a team the company does not have: each a coded refusal, nothing stored.
 */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
class DirectoryBodyTest {

    private static final String COMPANY = "dir-bodies";
    private static final String SNAPSHOT = """
            {"asOf": "2026-06-01T00:00:00Z", "teams": [{"id": "a", "name": "Ä-Team", "members": ["u-1"]}]}""";

    @Inject
    Database db;

    private String writer() {
        if (db.strings("SELECT id FROM company WHERE id = $1", COMPANY).isEmpty()) {
            Api.createCompany(COMPANY, "UTC", 10, false);
        }
        return TestTokens.directoryWriter(COMPANY);
    }

    private List<String> stored() {
        return db.strings("""
                SELECT t.id || ' ' || t.name || ' ' || coalesce(m.user_id, '-')
                  FROM team t LEFT JOIN team_membership m ON m.company_id = t.company_id AND m.team_id = t.id
                 WHERE t.company_id = $1 ORDER BY 1""", COMPANY);
    }

    @Test
    void aBodyInAnotherCharsetOrMediaTypeIsRefusedWithItsCode() {
        String writer = writer();
        List<String> before = stored();
        Map<String, byte[]> refused = Map.of(
                "application/json; charset=ISO-8859-1", SNAPSHOT.getBytes(StandardCharsets.ISO_8859_1),
                "application/json; charset=UTF-16", SNAPSHOT.getBytes(StandardCharsets.UTF_16),
                "text/plain; charset=UTF-8", SNAPSHOT.getBytes(StandardCharsets.UTF_8));
        refused.forEach((type, body) -> given().auth().oauth2(writer).contentType(type).body(body)
                .put("/directory/" + COMPANY)
                .then().statusCode(415).body("code", equalTo("UNSUPPORTED_MEDIA_TYPE")));
        assertEquals(before, stored());
    }

    @Test
    void bytesThatAreNotUtf8AreRefusedAsBadInput() {
        String writer = writer();
        List<String> before = stored();
        // "Ä" in Latin-1 (0xC4) followed by '-' is not a UTF-8 sequence, though the header promises UTF-8
        given().auth().oauth2(writer).contentType("application/json; charset=UTF-8")
                .body(SNAPSHOT.getBytes(StandardCharsets.ISO_8859_1))
                .put("/directory/" + COMPANY)
                .then().statusCode(400).body("code", equalTo("BAD_USER_INPUT"))
                .body("message", containsString("not valid JSON"));
        assertEquals(before, stored());
    }

    @Test
    void theSameSnapshotInUtf8IsStoredWithItsName() {
        String writer = writer();
        given().auth().oauth2(writer).contentType("application/json; charset=utf-8")
                .body(SNAPSHOT.getBytes(StandardCharsets.UTF_8))
                .put("/directory/" + COMPANY)
                .then().statusCode(200);
        assertEquals(List.of("a Ä-Team u-1"), stored());
    }

    @Test
    void aBreakdownBelowATeamTheCompanyDoesNotHaveIsNotFound() {
        writer();
        Api.graphql(TestTokens.owner(COMPANY), """
                { company(id: "dir-bodies") { teamBreakdown(range: {from: "2026-06-01", to: "2026-06-30"},
                    parentId: "no-such-team") { minTeamSize } } }""")
                .statusCode(200)
                .body("data.company.teamBreakdown", nullValue())
                .body("errors[0].extensions.code", equalTo("NOT_FOUND"));
    }
}
