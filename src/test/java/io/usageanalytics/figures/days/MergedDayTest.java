package io.usageanalytics.figures.days;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.usageanalytics.rollup.table.Measure;

class MergedDayTest {

    private static final LocalDate DATE = LocalDate.of(2026, 3, 9);

    @ParameterizedTest(name = "seed {0}: {1} and {2} users")
    @CsvSource({ "1, 2000, 30", "2, 30, 2000", "3, 500, 500", "4, 0, 40", "5, 40, 0", "6, 5000, 5000" })
    void mergingTwoPartsGivesWhatBuildingThemTogetherGives(long seed, int usersOfRolled, int usersOfTail) {
        Random random = new Random(seed);
        Day rolled = day(random, usersOfRolled, 7);
        Day tail = day(random, usersOfTail, 0);
        Day built = new DayBuilder(DATE).add(rolled).add(tail).build();
        assertSameDay(built, MergedDay.of(rolled, tail));
    }

    /** A day of {@code users} random users of 6,000, with something of every kind. */
    private static Day day(Random random, int users, long run) {
        DayBuilder day = new DayBuilder(DATE);
        day.run(run);
        for (Measure measure : Measure.values()) {
            day.count(measure, random.nextInt(1000));
        }
        day.received(Instant.ofEpochSecond(1_770_000_000L + random.nextInt(86_400)));
        for (int i = 0; i < users; i++) {
            int user = random.nextInt(6000);
            day.user(user, random.nextInt(3), random.nextInt(3));
            day.environment(random.nextInt(5) == 0 ? null : "3." + random.nextInt(4), "web", "prod", user);
            if (random.nextInt(4) == 0) {
                day.connector("c" + random.nextInt(6), user);
                day.project(random.nextInt(400), user);
            }
            day.chat(random.nextInt(50_000), random.nextInt(9));
            day.assistant(random.nextInt(3) == 0 ? null : "a" + random.nextInt(3), random.nextBoolean() ? null : "mail",
                    random.nextInt(5), random.nextInt(5), random.nextInt(2), random.nextInt(2));
            if (random.nextInt(3) == 0) {
                day.spend(user, "m" + random.nextInt(3), random.nextInt(10_000));
            }
            day.invite(random.nextInt(900), random.nextBoolean(), random.nextInt(4) == 0, random.nextInt(9) == 0);
            day.countOfUser(user, Measure.USER_MESSAGES, random.nextInt(4), false);
            day.countOfUser(user, Measure.POSITIVE_FEEDBACK, random.nextInt(2), false);
        }
        return day.build();
    }

    private static void assertSameDay(Day expected, Day actual) {
        assertEquals(expected.date(), actual.date());
        assertEquals(expected.run(), actual.run());
        assertArrayEquals(expected.counts(), actual.counts());
        assertEquals(expected.newestReceivedAt(), actual.newestReceivedAt());
        assertEquals(expected.users(), actual.users());
        assertEquals(expected.projectCreators(), actual.projectCreators());
        assertEquals(expected.artifactCreators(), actual.artifactCreators());
        assertArrayEquals(expected.artifactsCreated(), actual.artifactsCreated());
        assertEquals(expected.usersByAppVersion(), actual.usersByAppVersion());
        assertEquals(expected.usersByPlatform(), actual.usersByPlatform());
        assertEquals(expected.usersByDeployment(), actual.usersByDeployment());
        assertEquals(expected.connectorUsers(), actual.connectorUsers());
        assertArrayEquals(expected.projectUsers(), actual.projectUsers());
        assertEquals(expected.chats(), actual.chats());
        assertEquals(expected.chatMessages(), actual.chatMessages());
        assertEquals(new HashSet<>(expected.assistants()), new HashSet<>(actual.assistants()));
        assertEquals(expected.assistants().size(), actual.assistants().size());
        assertEquals(expected.spenders(), actual.spenders());
        assertArrayEquals(expected.spendOfSpender(), actual.spendOfSpender());
        assertEquals(expected.spendByModel(), actual.spendByModel());
        assertEquals(expected.invitesSent(), actual.invitesSent());
        assertEquals(expected.invitesClosed(), actual.invitesClosed());
        assertEquals(expected.countsOfUsers().keySet(), actual.countsOfUsers().keySet());
        Map<Measure, Day.UserCounts> counts = new HashMap<>(actual.countsOfUsers());
        expected.countsOfUsers().forEach((measure, each) -> {
            assertEquals(each.users(), counts.get(measure).users(), measure.name());
            assertArrayEquals(each.values(), counts.get(measure).values(), measure.name());
        });
    }
}
