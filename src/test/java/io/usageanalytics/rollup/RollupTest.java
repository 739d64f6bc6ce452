package io.usageanalytics.rollup;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.RestAssured;
import io.restassured.response.ValidatableResponse;
import io.smallrye.mutiny.Uni;
import io.usageanalytics.support.Api;
import io.usageanalytics.support.Database;
import io.usageanalytics.support.Events;
import io.usageanalytics.support.TestTokens;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.pgclient.PgException;

/**
 * Rollups change how fast figures are computed, never what they are: the same
 * answers before and after a run, with un-rolled and late events, across
 * concurrent and failed runs, retention and daylight-saving days.
 */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
class RollupTest {

    private static final String QUERY = """
            query($id: String!, $from: Date!, $to: Date!) {
              company(id: $id) {
                telemetry(range: {from: $from, to: $to}) {
                  users chats userMessages assistantMessages positiveFeedback
                  promptsByAssistant { assistantId module prompts }
                  freshness { newestEventReceivedAt rolledUpAt }
                }
              }
            }""";

    @Inject
    RollupJob rollup;

    @Inject
    RetentionJob retention;

    @Inject
    Database db;

    @Inject
    Pool pool;

    @Inject
    DataSource dataSource;

    private static ValidatableResponse telemetry(String company, LocalDate from, LocalDate to) {
        return Api.graphql(TestTokens.owner(company), QUERY,
                Map.of("id", company, "from", from.toString(), "to", to.toString()))
                .statusCode(200)
                .body("errors", nullValue());
    }

    private static void assertFigures(String company, LocalDate from, LocalDate to, int users, int chats,
            int userMessages, int assistantMessages) {
        String p = "data.company.telemetry.";
        telemetry(company, from, to)
                .body(p + "users", equalTo(users))
                .body(p + "chats", equalTo(chats))
                .body(p + "userMessages", equalTo(userMessages))
                .body(p + "assistantMessages", equalTo(assistantMessages));
    }

    private RollupRun rollUp() {
        RollupRun run = rollup.rollUpNewEvents().await().indefinitely();
        assertEquals(RollupRun.Outcome.COMPLETED, run.outcome());
        return run;
    }

    @Test
    void figuresAreTheSameBeforeAndAfterRollupsWithUnrolledAndLateEvents() {
        String c = "roll-kolkata";
        Api.createCompany(c, "Asia/Kolkata", 10, false);
        ZoneId zone = ZoneId.of("Asia/Kolkata");
        LocalDate d1 = LocalDate.now(zone).minusDays(6);
        LocalDate d2 = d1.plusDays(1);
        LocalDate d3 = d1.plusDays(2);
        String writer = TestTokens.writer(c);

        // first batch: d1 and d2 (02:00 local on d2 is still d1 in UTC)
        Api.postEvents(writer, Events.batch()
                .add(c, at(d1, 10, zone), "CHAT_CREATED", "userId", "u1", "chatId", "c1")
                .add(c, at(d1, 10, zone), "USER_MESSAGE", "userId", "u1", "chatId", "c1", "assistantId", "a", "module", "m")
                .add(c, at(d1, 10, zone), "ASSISTANT_MESSAGE", "chatId", "c1", "assistantId", "a", "module", "m")
                .add(c, at(d2, 2, zone), "USER_MESSAGE", "userId", "u2", "chatId", "c1")
                .json()).statusCode(200).body("accepted", equalTo(4));
        assertFigures(c, d1, d3, 2, 1, 2, 1);
        assertFigures(c, d2, d2, 1, 0, 1, 0);

        rollUp();
        assertEquals(2, db.query("SELECT 1 FROM rollup_company_day WHERE company_id = $1", c).rowCount(),
                "both days are now served from the rollups");
        assertFigures(c, d1, d3, 2, 1, 2, 1);
        assertFigures(c, d2, d2, 1, 0, 1, 0);
        telemetry(c, d1, d3).body("data.company.telemetry.promptsByAssistant", equalTo(List.of(
                Map.of("assistantId", "a", "module", "m", "prompts", 1),
                prompts(null, null, 1))));

        // more events, not rolled up yet: in the answer at once
        Api.postEvents(writer, Events.batch()
                .add(c, at(d2, 9, zone), "CHAT_CREATED", "userId", "u2", "chatId", "c2")
                .add(c, at(d3, 9, zone), "USER_MESSAGE", "userId", "u3", "chatId", "c2", "assistantId", "a", "module", "m")
                .add(c, at(d3, 9, zone), "USER_MESSAGE", "userId", "u1", "chatId", "c2", "assistantId", "a", "module", "m")
                .json()).statusCode(200).body("accepted", equalTo(3));
        assertFigures(c, d1, d3, 3, 2, 4, 1);
        assertFigures(c, d2, d2, 1, 1, 1, 0);
        telemetry(c, d1, d3).body("data.company.telemetry.promptsByAssistant", equalTo(List.of(
                Map.of("assistantId", "a", "module", "m", "prompts", 3),
                prompts(null, null, 1))));
        rollUp();
        assertFigures(c, d1, d3, 3, 2, 4, 1);

        // a late event for d1, which is rolled up already
        Api.postEvents(writer, Events.batch()
                .add(c, at(d1, 23, zone), "USER_MESSAGE", "userId", "u4", "chatId", "c1")
                .json()).statusCode(200);
        assertFigures(c, d1, d1, 2, 1, 2, 1);
        assertFigures(c, d1, d3, 4, 2, 5, 1);
        rollUp();
        assertFigures(c, d1, d1, 2, 1, 2, 1);
        assertFigures(c, d1, d3, 4, 2, 5, 1);
        assertEquals(2L, db.query("SELECT user_messages FROM rollup_company_day WHERE company_id = $1 AND day = $2",
                c, d1).iterator().next().getLong(0), "the late event's day was rebuilt");
        telemetry(c, d1, d3).body("data.company.telemetry.freshness.rolledUpAt", org.hamcrest.Matchers.notNullValue());
    }

    /**
     * {@code count} user messages at 10:00 UTC of {@code days} days from {@code first}, the i-th on day i % days, of
     * user "u" + i % users in chat "c" + i % chats.
     */
    private void insertMessages(String company, LocalDate first, int count, int days, int users, int chats) {
        db.query("""
                INSERT INTO event (company_id, event_id, occurred_at, type, user_id, chat_id)
                SELECT $1, gen_random_uuid(), $2::timestamptz + (i % $4) * interval '1 day', 'USER_MESSAGE',
                       'u' || (i % $5), 'c' || (i % $6)
                  FROM generate_series(1, $3) i""", company, at(first, 10, ZoneOffset.UTC).atOffset(ZoneOffset.UTC),
                count, days, users, chats);
    }

    @Test
    void aLargeRunIsStoredChunkByChunkWithTheSameFigures() {
        String c = "roll-large";
        Api.createCompany(c, "UTC", 10, false);
        LocalDate d1 = LocalDate.now(ZoneOffset.UTC).minusDays(12);
        // 12,000 messages over ten days, 40 users (4 on each day) and 301 chats (every chat on each day)
        insertMessages(c, d1, 12_000, 10, 40, 301);
        assertFigures(c, d1, d1.plusDays(9), 40, 0, 12_000, 0);

        List<String> steps = new ArrayList<>();
        assertEquals(RollupRun.Outcome.COMPLETED, rollup.run(false, steps::add).await().indefinitely().outcome());
        assertTrue(steps.stream().filter(RollupJob.CHUNK::equals).count() >= 2, "ten days, two chunks: " + steps);
        assertFigures(c, d1, d1.plusDays(9), 40, 0, 12_000, 0);
        assertFigures(c, d1, d1, 4, 0, 1_200, 0);
        assertEquals(10 * 301, db.query("SELECT 1 FROM rollup_chat_day WHERE company_id = $1", c).rowCount());
        assertEquals(10 * 4, db.query("SELECT 1 FROM rollup_user_day WHERE company_id = $1", c).rowCount());
        // stored packed: one row per company-day
        assertEquals(10, db.query("SELECT 1 FROM rollup_chat_day_packed WHERE company_id = $1", c).rowCount());

        db.insertEvent(c, at(d1, 11, ZoneOffset.UTC).atOffset(ZoneOffset.UTC), "USER_MESSAGE", "u1");
        steps.clear();
        assertEquals(RollupRun.Outcome.COMPLETED, rollup.run(false, steps::add).await().indefinitely().outcome());
        assertTrue(steps.contains(RollupJob.CHUNK) && steps.contains("rollup_chat_day"), "steps " + steps);
        assertFigures(c, d1, d1, 5, 0, 1_201, 0);
        assertEquals(10, db.query("SELECT 1 FROM rollup_chat_day_packed WHERE company_id = $1", c).rowCount());
    }

    @Test
    void theReaderSeesTheRunsSnapshotOfTheEvents() throws Exception {
        String c = "roll-snapshot";
        Api.createCompany(c, "UTC", 10, false);
        LocalDate d1 = LocalDate.now(ZoneOffset.UTC).minusDays(25);
        // 2,100 messages over 21 days, read in chunks on the run's second connection
        insertMessages(c, d1, 2_100, 21, 3, 5);
        LocalDate last = d1.plusDays(20);

        List<String> steps = new ArrayList<>();
        RollupRun run = rollup.run(false, step -> {
            steps.add(step);
            if (RollupJob.SNAPSHOT.equals(step)) {
                // committed after the run took its snapshot, before its reader begins: the reader must still
                // read the events as the run's snapshot has them
                try (Connection jdbc = dataSource.getConnection();
                        PreparedStatement delete = jdbc.prepareStatement(
                                "DELETE FROM event WHERE company_id = ? AND occurred_at >= ?")) {
                    delete.setString(1, c);
                    delete.setObject(2, last.atStartOfDay().atOffset(ZoneOffset.UTC));
                    assertEquals(100, delete.executeUpdate());
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }
        }).await().indefinitely();

        assertEquals(RollupRun.Outcome.COMPLETED, run.outcome());
        // a chunk of seven days, then one of fourteen (or more, with the day before and after each company's
        // events in a run of every day): 100 events a day make a chunk twice as long as the one before
        assertTrue(steps.stream().filter(RollupJob.CHUNK::equals).count() >= 2, "steps " + steps);
        assertEquals(2_100L, db.query("SELECT sum(user_messages) FROM rollup_company_day WHERE company_id = $1", c)
                .iterator().next().getLong(0));
        assertEquals(100L, db.query("SELECT user_messages FROM rollup_company_day WHERE company_id = $1 AND day = $2",
                c, last).iterator().next().getLong(0));
    }

    @Test
    void distinctUsersOverFortyFiveDaysAreNotTheSumOfDailyUsers() {
        String c = "roll-45-days";
        Api.createCompany(c, "Europe/Berlin", 10, false);
        ZoneId zone = ZoneId.of("Europe/Berlin");
        LocalDate first = LocalDate.now(zone).minusDays(50);
        Events events = Events.batch();
        for (int d = 0; d < 45; d++) {
            LocalDate day = first.plusDays(d);
            events.add(c, at(day, 12, zone), "USER_ACTIVE", "userId", "daily-user");
            if (d % 5 == 0) {
                events.add(c, at(day, 13, zone), "USER_ACTIVE", "userId", "every-fifth-day");
            }
            if (d == 10) {
                events.add(c, at(day, 14, zone), "USER_ACTIVE", "userId", "once");
            }
        }
        Api.postEvents(TestTokens.writer(c), events.json()).statusCode(200).body("accepted", equalTo(55));
        rollUp();

        int sumOfDaily = 0;
        for (int d = 0; d < 45; d++) {
            LocalDate day = first.plusDays(d);
            sumOfDaily += telemetry(c, day, day).extract().<Integer>path("data.company.telemetry.users");
        }
        assertEquals(45 + 9 + 1, sumOfDaily);
        telemetry(c, first, first.plusDays(44)).body("data.company.telemetry.users", equalTo(3));
    }

    @Test
    void concurrentRunsProduceTheSameTablesAsOne() {
        String c = "roll-concurrent";
        Api.createCompany(c, "America/New_York", 10, false);
        ZoneId zone = ZoneId.of("America/New_York");
        LocalDate day = LocalDate.now(zone).minusDays(3);
        Events events = Events.batch();
        for (int i = 0; i < 2000; i++) {
            events.add(c, at(day.minusDays(i % 20), 8 + i % 12, zone), "USER_MESSAGE", "userId", "u" + (i % 37),
                    "chatId", "chat" + (i % 50), "assistantId", "a" + (i % 3), "module", "m" + (i % 2));
        }
        Api.postEvents(TestTokens.writer(c), events.json()).statusCode(200).body("accepted", equalTo(2000));

        List<RollupRun> runs = Uni.join().all(rollup.rollUpNewEvents(), rollup.rollUpNewEvents(),
                rollup.rollUpNewEvents()).andFailFast().await().indefinitely();
        assertTrue(runs.stream().anyMatch(r -> r.outcome() == RollupRun.Outcome.COMPLETED), runs.toString());
        List<String> afterConcurrentRuns = db.rollupRows(c);
        assertNotEquals(List.of(), afterConcurrentRuns);

        RollupRun rebuild = rollup.rebuildAll().await().indefinitely();
        assertEquals(RollupRun.Outcome.COMPLETED, rebuild.outcome());
        assertEquals(db.rollupRows(c), afterConcurrentRuns, "one complete rebuild gives the same tables");
        assertFigures(c, day.minusDays(19), day, 37, 0, 2000, 0);
    }

    @Test
    void aRunThatFailsMidwayLeavesThePreviousStateAndTheNextRunCompletes() {
        String c = "roll-failure";
        Api.createCompany(c, "UTC", 10, false);
        LocalDate day = LocalDate.now(ZoneOffset.UTC).minusDays(2);
        Api.postEvents(TestTokens.writer(c), Events.batch()
                .add(c, at(day, 9, ZoneOffset.UTC), "USER_ACTIVE", "userId", "u1").json()).statusCode(200);
        rollUp();
        List<String> before = db.rollupRows(c);
        long watermark = watermark();

        Api.postEvents(TestTokens.writer(c), Events.batch()
                .add(c, at(day, 10, ZoneOffset.UTC), "USER_MESSAGE", "userId", "u2", "chatId", "c1")
                .add(c, at(day.minusDays(1), 10, ZoneOffset.UTC), "USER_ACTIVE", "userId", "u3").json())
                .statusCode(200);
        RuntimeException crash = assertThrows(RuntimeException.class, () -> rollup.run(false, table -> {
            if (table.equals("rollup_assistant_day")) {
                throw new IllegalStateException("simulated crash after " + table);
            }
        }).await().indefinitely());
        assertEquals("simulated crash after rollup_assistant_day", crash.getMessage());
        assertEquals(before, db.rollupRows(c), "nothing of the failed run is visible");
        assertEquals(watermark, watermark());
        assertFigures(c, day.minusDays(1), day, 3, 0, 1, 0);

        rollUp();
        assertNotEquals(before, db.rollupRows(c));
        assertTrue(watermark() > watermark);
        assertFigures(c, day.minusDays(1), day, 3, 0, 1, 0);
        assertEquals(2, db.query("SELECT 1 FROM rollup_company_day WHERE company_id = $1", c).rowCount());
    }

    @Test
    void retentionDropsOldRawEventsAndNoFigureChanges() {
        String c = "roll-retention";
        Api.createCompany(c, "Europe/Berlin", 10, false);
        ZoneId zone = ZoneId.of("Europe/Berlin");
        LocalDate old = LocalDate.of(2025, 1, 10);
        db.insertEvent(c, at(old, 0, zone).plusSeconds(60).atOffset(ZoneOffset.UTC), "USER_MESSAGE", "u1");
        db.insertEvent(c, at(old, 23, zone).atOffset(ZoneOffset.UTC), "USER_MESSAGE", "u2");
        db.insertEvent(c, at(old.plusDays(1), 9, zone).atOffset(ZoneOffset.UTC), "CHAT_CREATED", "u1");
        rollUp();
        assertFigures(c, old, old.plusDays(1), 2, 1, 2, 0);
        assertFigures(c, old, old, 2, 0, 2, 0);

        // an old event that is not rolled up yet must survive the retention run
        db.insertEvent(c, at(old.plusDays(5), 9, zone).atOffset(ZoneOffset.UTC), "USER_ACTIVE", "u9");

        long dropped = retention.dropEventsBefore(Instant.parse("2025-06-01T00:00:00Z")).await().indefinitely();
        assertTrue(dropped >= 3, "dropped " + dropped);
        assertEquals(1, db.eventCount(c), "only the event not rolled up yet is left");
        assertFigures(c, old, old.plusDays(1), 2, 1, 2, 0);
        assertFigures(c, old, old, 2, 0, 2, 0);
        assertFigures(c, old, old.plusDays(5), 3, 1, 2, 0);

        rollUp();
        assertFigures(c, old, old.plusDays(5), 3, 1, 2, 0);
        RollupRun rebuild = rollup.rebuildAll().await().indefinitely();
        assertEquals(RollupRun.Outcome.COMPLETED, rebuild.outcome());
        assertFigures(c, old, old.plusDays(5), 3, 1, 2, 0);
    }

    @Test
    void daylightSavingDaysCountTheEventsOfTheir23Or25Hours() {
        dstDay("roll-dst-berlin", "Europe/Berlin", LocalDate.of(2026, 3, 29), List.of(
                "2026-03-29T00:30+01:00", "2026-03-29T01:59+01:00", "2026-03-29T03:00+02:00", "2026-03-29T23:59+02:00"));
        dstDay("roll-dst-berlin", "Europe/Berlin", LocalDate.of(2026, 10, 25), List.of(
                "2026-10-25T00:00+02:00", "2026-10-25T02:30+02:00", "2026-10-25T02:30+01:00", "2026-10-25T23:59+01:00"));
        dstDay("roll-dst-new-york", "America/New_York", LocalDate.of(2026, 3, 8), List.of(
                "2026-03-08T00:00-05:00", "2026-03-08T01:59-05:00", "2026-03-08T03:00-04:00", "2026-03-08T23:59-04:00"));
        dstDay("roll-dst-new-york", "America/New_York", LocalDate.of(2026, 11, 1), List.of(
                "2026-11-01T00:00-04:00", "2026-11-01T01:30-04:00", "2026-11-01T01:30-05:00", "2026-11-01T23:59-05:00"));
    }

    /** Four events inside the day and one just outside on either side, before and after a rollup. */
    private void dstDay(String company, String timeZone, LocalDate day, List<String> inside) {
        Api.ensureCompany(company, timeZone, 10, false);
        ZoneId zone = ZoneId.of(timeZone);
        List<OffsetDateTime> times = new ArrayList<>();
        inside.forEach(t -> times.add(OffsetDateTime.parse(t)));
        times.add(day.atStartOfDay(zone).minusSeconds(1).toOffsetDateTime());
        times.add(day.plusDays(1).atStartOfDay(zone).toOffsetDateTime());
        for (int i = 0; i < times.size(); i++) {
            db.insertEvent(company, times.get(i), "USER_MESSAGE", "dst-" + day + "-" + i);
        }
        assertFigures(company, day, day, 4, 0, 4, 0);
        rollUp();
        assertFigures(company, day, day, 4, 0, 4, 0);
        assertFigures(company, day.minusDays(1), day.plusDays(1), 6, 0, 6, 0);
    }

    @Test
    void aNewTimeZoneCutsTheDaysAnew() {
        String c = "roll-recut";
        Api.createCompany(c, "UTC", 10, false);
        LocalDate x = LocalDate.now(ZoneOffset.UTC).minusDays(5);
        Api.postEvents(TestTokens.writer(c), Events.batch()
                .add(c, at(x, 10, ZoneOffset.UTC), "USER_MESSAGE", "userId", "u1", "chatId", "c1")  // Tokyo: x, 19:00
                .add(c, at(x, 20, ZoneOffset.UTC), "USER_MESSAGE", "userId", "u2", "chatId", "c1")  // Tokyo: x+1, 05:00
                .json()).statusCode(200);
        rollUp();
        assertFigures(c, x, x, 2, 0, 2, 0);

        Api.graphql(TestTokens.admin(), "mutation { updateCompany(id: \"" + c + "\", changes: {timeZone: \"Asia/Tokyo\"}) { timeZone } }")
                .body("data.updateCompany.timeZone", equalTo("Asia/Tokyo"));
        rollUp();
        assertFigures(c, x, x, 1, 0, 1, 0);
        assertFigures(c, x.plusDays(1), x.plusDays(1), 1, 0, 1, 0);
        assertFigures(c, x.minusDays(1), x.plusDays(2), 2, 0, 2, 0);
        assertEquals(List.of(x + "|1", x.plusDays(1) + "|1"), db.strings(
                "SELECT day || '|' || user_messages FROM rollup_company_day WHERE company_id = $1 ORDER BY day", c));
        assertEquals(0, db.query("SELECT 1 FROM rollup_recut_company WHERE company_id = $1", c).rowCount());
    }

    /**
     * The rollups are still cut in the first time zone, so the recut starts from that one's first day: the
     * event's New York day (x) is before its Tokyo day (x + 1), which a recut from Tokyo would leave in place.
     */
    @Test
    void aSecondTimeZoneChangeBeforeTheRollupKeepsTheFirstOldTimeZone() {
        String c = "roll-recut-twice";
        Api.createCompany(c, "America/New_York", 10, false);
        LocalDate x = LocalDate.now(ZoneOffset.UTC).minusDays(5);
        Api.postEvents(TestTokens.writer(c), Events.batch()
                // New York: x, 16:00; Tokyo: x+1, 05:00; Kolkata: x+1, 01:30
                .add(c, at(x, 20, ZoneOffset.UTC), "USER_MESSAGE", "userId", "u1", "chatId", "c1")
                .json()).statusCode(200);
        rollUp();
        assertEquals(List.of(x + "|1"), db.strings(
                "SELECT day || '|' || user_messages FROM rollup_company_day WHERE company_id = $1 ORDER BY day", c));

        changeTimeZone(c, "Asia/Tokyo");
        changeTimeZone(c, "Asia/Kolkata");
        assertEquals(List.of("America/New_York"),
                db.strings("SELECT from_time_zone FROM rollup_recut_company WHERE company_id = $1", c));
        rollUp();
        assertEquals(List.of(x.plusDays(1) + "|1"), db.strings(
                "SELECT day || '|' || user_messages FROM rollup_company_day WHERE company_id = $1 ORDER BY day", c));
        assertFigures(c, x, x, 0, 0, 0, 0);
        assertFigures(c, x.minusDays(1), x.plusDays(2), 1, 0, 1, 0);
        assertEquals(0, db.query("SELECT 1 FROM rollup_recut_company WHERE company_id = $1", c).rowCount());
    }

    /**
     * A run rebuilds the days in the time zone of its snapshot. A change committed after that snapshot, while a
     * recut is pending already, makes the run's clearing of the recut fail (and the run roll back) rather than
     * drop the recut that the new time zone needs.
     */
    @Test
    void aTimeZoneChangeDuringARunIsNotLost() {
        String c = "roll-recut-race";
        Api.createCompany(c, "UTC", 10, false);
        changeTimeZone(c, "Asia/Tokyo");
        SqlConnection run = pool.getConnection().await().indefinitely();
        try {
            run.query("BEGIN ISOLATION LEVEL REPEATABLE READ").execute().await().indefinitely();
            assertEquals(1, run.query("SELECT 1 FROM rollup_recut_company WHERE company_id = '" + c + "'").execute()
                    .await().indefinitely().rowCount(), "the snapshot sees the pending recut");
            changeTimeZone(c, "Asia/Kolkata");
            PgException failed = assertThrows(PgException.class,
                    () -> run.query(RollupSql.RECUT_DONE).execute().await().indefinitely());
            assertEquals("40001", failed.getSqlState(), "could not serialize access due to concurrent update");
        } finally {
            run.query("ROLLBACK").execute().await().indefinitely();
            run.close().await().indefinitely();
        }
        assertEquals(List.of("UTC"), db.strings("SELECT from_time_zone FROM rollup_recut_company WHERE company_id = $1", c));
        rollUp();
        assertEquals(0, db.query("SELECT 1 FROM rollup_recut_company WHERE company_id = $1", c).rowCount());
    }

    @Test
    void changesToACompanyThatKeepItsTimeZoneRecordNoRecut() {
        String c = "roll-recut-none";
        Api.createCompany(c, "Europe/Berlin", 10, false);
        Api.graphql(TestTokens.admin(), "mutation { updateCompany(id: \"" + c
                + "\", changes: {seats: 20, timeZone: \"Europe/Berlin\"}) { seats } }")
                .body("data.updateCompany.seats", equalTo(20));
        assertEquals(0, db.query("SELECT 1 FROM rollup_recut_company WHERE company_id = $1", c).rowCount());
    }

    private static void changeTimeZone(String company, String timeZone) {
        Api.graphql(TestTokens.admin(), "mutation { updateCompany(id: \"" + company + "\", changes: {timeZone: \""
                + timeZone + "\"}) { timeZone } }")
                .body("errors", nullValue())
                .body("data.updateCompany.timeZone", equalTo(timeZone));
    }

    @Test
    void rollupRunsAreMeasured() {
        rollUp();
        String metrics = RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("analytics_rollup_runs_total{outcome=\"completed\"}"), "runs counter");
        assertTrue(metrics.contains("analytics_rollup_duration_seconds_count"), "duration timer");
        assertTrue(metrics.contains("analytics_rollup_rows_written_total"), "rows counter");
        assertTrue(metrics.contains("analytics_rollup_lag_seconds"), "lag gauge");
        assertTrue(metrics.contains("analytics_retention_events_dropped_total"), "retention counter");

        // one run over the events of a new company, everything else rolled up already
        String c = "roll-measured";
        Api.createCompany(c, "UTC", 10, true);
        LocalDate day = LocalDate.now(ZoneOffset.UTC).minusDays(4);
        Api.postEvents(TestTokens.writer(c), Events.batch()
                .add(c, at(day, 9, ZoneOffset.UTC), "USER_MESSAGE", "userId", "u1", "chatId", "c1", "assistantId", "a",
                        "module", "m")
                .add(c, at(day, 10, ZoneOffset.UTC), "ASSISTANT_MESSAGE", "chatId", "c1", "assistantId", "a")
                .add(c, at(day, 11, ZoneOffset.UTC), "SPEND", "userId", "u1", "model", "gpt", "amountMicros", 5)
                .add(c, at(day.plusDays(1), 9, ZoneOffset.UTC), "USER_ACTIVE", "userId", "u2")
                .json()).statusCode(200).body("accepted", equalTo(4));
        double runs = metric(metrics, "analytics_rollup_runs_total{outcome=\"completed\"}");
        double durations = metric(metrics, "analytics_rollup_duration_seconds_count");
        double seconds = metric(metrics, "analytics_rollup_duration_seconds_sum");
        double rows = metric(metrics, "analytics_rollup_rows_written_total");

        RollupRun run = rollUp();
        assertEquals(2, run.companyDays(), "the new company's two days, nothing else");
        assertEquals(db.rollupRows(c).size(), run.rowsWritten(), "the rows of the new company's days");
        metrics = RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
        assertEquals(runs + 1, metric(metrics, "analytics_rollup_runs_total{outcome=\"completed\"}"));
        assertEquals(durations + 1, metric(metrics, "analytics_rollup_duration_seconds_count"));
        assertEquals(seconds + run.duration().toNanos() / 1e9, metric(metrics, "analytics_rollup_duration_seconds_sum"),
                1e-6);
        assertEquals(rows + run.rowsWritten(), metric(metrics, "analytics_rollup_rows_written_total"));
        assertEquals(0, db.query("SELECT 1 FROM rollup_held_company").rowCount(), "no company is held");
        assertEquals(0.0, metric(metrics, "analytics_rollup_lag_seconds"), "every event is rolled up");
        assertEquals(0.0, metric(metrics, "analytics_rollup_companies_held"));

        // a run that finds nothing new is counted and measured too, and writes no row
        RollupRun empty = rollUp();
        assertEquals(0, empty.companyDays());
        assertEquals(0, empty.rowsWritten());
        metrics = RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
        assertEquals(runs + 2, metric(metrics, "analytics_rollup_runs_total{outcome=\"completed\"}"));
        assertEquals(durations + 2, metric(metrics, "analytics_rollup_duration_seconds_count"));
        assertEquals(rows + run.rowsWritten(), metric(metrics, "analytics_rollup_rows_written_total"));

        // retention counts the events it drops: two rolled-up events of a day long past
        LocalDate old = LocalDate.of(2025, 2, 3);
        db.insertEvent(c, at(old, 9, ZoneOffset.UTC).atOffset(ZoneOffset.UTC), "USER_ACTIVE", "u8");
        db.insertEvent(c, at(old, 10, ZoneOffset.UTC).atOffset(ZoneOffset.UTC), "USER_ACTIVE", "u9");
        rollUp();
        double dropped = metric(metrics, "analytics_retention_events_dropped_total");
        long events = db.eventCount(c);
        long n = retention.dropEventsBefore(Instant.parse("2025-02-05T00:00:00Z")).await().indefinitely();
        assertEquals(events - 2, db.eventCount(c), "the two old events are dropped");
        assertTrue(n >= 2, "dropped " + n);
        metrics = RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
        assertEquals(dropped + n, metric(metrics, "analytics_retention_events_dropped_total"));
    }

    /** The value of a metric without labels or with exactly the labels given, e.g. {@code name{outcome="x"}}. */
    private static double metric(String metrics, String name) {
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("^" + java.util.regex.Pattern.quote(name) + " (\\S+)$", java.util.regex.Pattern.MULTILINE)
                .matcher(metrics);
        assertTrue(m.find(), name + " in " + metrics);
        return Double.parseDouble(m.group(1));
    }

    private long watermark() {
        return db.query("SELECT watermark FROM rollup_state").iterator().next().getLong(0);
    }

    private static Instant at(LocalDate day, int hour, ZoneId zone) {
        return LocalDateTime.of(day, java.time.LocalTime.of(hour, 0)).atZone(zone).toInstant();
    }

    private static Map<String, Object> prompts(String assistant, String module, int count) {
        Map<String, Object> map = new java.util.HashMap<>();
        map.put("assistantId", assistant);
        map.put("module", module);
        map.put("prompts", count);
        return map;
    }
}
