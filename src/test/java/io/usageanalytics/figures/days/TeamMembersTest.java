package io.usageanalytics.figures.days;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;

import org.junit.jupiter.api.Test;

/** A user's memberships over a range: on a day, on some day, on every day (valid_from included, valid_until not). */
class TeamMembersTest {

    static final LocalDate MARCH_1 = LocalDate.of(2026, 3, 1);
    static final LocalDate MARCH_10 = LocalDate.of(2026, 3, 10);
    static final LocalDate MARCH_20 = LocalDate.of(2026, 3, 20);
    static final LocalDate MARCH_31 = LocalDate.of(2026, 3, 31);

    private static boolean covers(TeamMembers members, String user, LocalDate from, LocalDate to) {
        return members.of(user).coversAll(from.toEpochDay(), to.toEpochDay());
    }

    @Test
    void aMoveFromOneTeamToTheNextOnTheSameDayLeavesNoGap() {
        // Sales until the 10th (excluded), Platform from the 10th: both in the selection "any team"
        TeamMembers anyTeam = TeamMembers.builder().add("u", MARCH_1, MARCH_10).add("u", MARCH_10, null).build();
        assertEquals(true, covers(anyTeam, "u", MARCH_1, MARCH_31));
        assertEquals(true, covers(anyTeam, "u", MARCH_10, MARCH_10));
        assertEquals(false, covers(anyTeam, "u", MARCH_1.minusDays(1), MARCH_31));
    }

    @Test
    void aDayBetweenTwoMembershipsIsAGap() {
        TeamMembers members = TeamMembers.builder().add("u", MARCH_1, MARCH_10).add("u", MARCH_10.plusDays(1), null)
                .build();
        assertEquals(false, covers(members, "u", MARCH_1, MARCH_31));
        assertEquals(true, covers(members, "u", MARCH_1, MARCH_10.minusDays(1)));
        assertEquals(true, covers(members, "u", MARCH_10.plusDays(1), MARCH_31));
        assertEquals(false, members.memberOn("u", MARCH_10));
        assertEquals(true, members.memberBetween("u", MARCH_10, MARCH_20));
    }

    @Test
    void theLastDayOfAMembershipIsTheDayBeforeItsUntil() {
        TeamMembers members = TeamMembers.builder().add("u", MARCH_1, MARCH_20).build();
        assertEquals(true, covers(members, "u", MARCH_10, MARCH_20.minusDays(1)));
        assertEquals(false, covers(members, "u", MARCH_10, MARCH_20));
        assertEquals(false, covers(members, "nobody", MARCH_10, MARCH_10));
    }
}
