package io.usageanalytics.access;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;

import jakarta.json.Json;

import org.junit.jupiter.api.Test;

/** The company claims as issuers write them: arrays, single strings, lists in a string, numbers, blanks. */
class ClaimsTest {

    private static List<String> values(Object claim) {
        return List.copyOf(Claims.values(claim));
    }

    @Test
    void aMissingClaimIsNoCompany() {
        assertEquals(Set.of(), Claims.values(null));
    }

    @Test
    void aJsonArrayGivesItsStringsInOrder() {
        assertEquals(List.of("globex", "acme", "initech"),
                values(Json.createArrayBuilder().add("globex").add("acme").add("initech").build()));
        assertEquals(List.of(), values(Json.createArrayBuilder().build()));
    }

    @Test
    void aJavaCollectionIsReadLikeAnArray() {
        assertEquals(List.of("globex", "acme"), values(List.of("globex", "acme")));
        assertEquals(List.of("acme"), values(Set.of("acme")));
    }

    @Test
    void aSingleStringIsOneCompany() {
        assertEquals(List.of("acme"), values("acme"));
        assertEquals(List.of("acme"), values(Json.createValue("acme")));
    }

    @Test
    void aStringSeparatedBySpacesOrCommasIsAList() {
        assertEquals(List.of("acme", "globex", "initech"), values("acme globex initech"));
        assertEquals(List.of("acme", "globex", "initech"), values("acme,globex,initech"));
        assertEquals(List.of("acme", "globex", "initech", "umbrella"), values("acme, globex ,initech\tumbrella"));
        assertEquals(List.of("acme", "globex"), values(" ,acme,,  globex, "));
        assertEquals(List.of("acme", "globex", "initech"),
                values(Json.createArrayBuilder().add("acme globex").add("initech").build()));
    }

    @Test
    void duplicatesAreOneCompanyInTheFirstPlaceTheyAppear() {
        assertEquals(List.of("acme", "globex"), values("acme globex acme"));
        assertEquals(List.of("acme", "globex"),
                values(Json.createArrayBuilder().add("acme").add("globex").add("acme, globex").build()));
    }

    @Test
    void numbersAreTheirJsonText() {
        assertEquals(List.of("42"), values(Json.createValue(42)));
        assertEquals(List.of("42"), values(42L));
        assertEquals(List.of("7", "acme", "12"),
                values(Json.createArrayBuilder().add(7).add("acme").add(12).build()));
    }

    @Test
    void blanksAreNoCompany() {
        assertEquals(List.of(), values(""));
        assertEquals(List.of(), values("   "));
        assertEquals(List.of(), values(" , ,\t\n"));
        assertEquals(List.of(), values(Json.createValue("")));
        assertEquals(List.of(), values(Json.createArrayBuilder().add("").add(" ").add(",").build()));
        assertEquals(List.of("acme"), values(Json.createArrayBuilder().add("").add("acme").add(" ").build()));
    }
}
