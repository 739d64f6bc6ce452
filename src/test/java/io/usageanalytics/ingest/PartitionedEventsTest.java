package io.usageanalytics.ingest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.usageanalytics.rollup.RollupJob;
import io.usageanalytics.rollup.RollupRun;
import io.usageanalytics.support.Api;
import io.usageanalytics.support.Database;
import io.usageanalytics.support.Events;
import io.usageanalytics.support.TestTokens;

/**
 * Raw events partitioned by month (V11): events of different months go to their own partitions and count exactly,
 * an event id counts once across partitions (also reused with another occurredAt, also by two requests at once),
 * the partitions ahead are made by {@link EventPartitions}, and an event without a partition gets a coded answer.
 *
 * The tests' database has its first partition, event_before_partitions, end four months back (application.properties,
 * partitioned_months_back), so every event ingestion accepts goes to a monthly partition.
 */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
class PartitionedEventsTest {

    private static final String QUERY = """
            query($id: String!, $from: Date!, $to: Date!) {
              company(id: $id) {
                telemetry(range: {from: $from, to: $to}) { users userMessages assistantMessages }
              }
            }""";

    /** Three instants in three different months (UTC), 32 days apart, the newest a second ago. */
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final Instant A = NOW.minus(64, ChronoUnit.DAYS);
    private static final Instant B = NOW.minus(32, ChronoUnit.DAYS);
    private static final Instant C = NOW.minusSeconds(1);

    @Inject
    Database db;

    @Inject
    RollupJob rollup;

    @Inject
    EventPartitions partitions;

    @Test
    void theEventTableIsPartitionedByMonthAndTheFormerTableIsItsFirstPartition() {
        assertEquals(List.of("r"), db.strings(
                "SELECT partstrat::text FROM pg_partitioned_table WHERE partrelid = 'event'::regclass"));
        assertEquals(List.of("company_id,event_id,occurred_at"), db.strings("""
                SELECT string_agg(a.attname, ',' ORDER BY k.i)
                  FROM pg_index x CROSS JOIN LATERAL unnest(x.indkey) WITH ORDINALITY AS k(attnum, i)
                  JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum
                 WHERE x.indrelid = 'event'::regclass AND x.indisprimary"""));
        YearMonth first = YearMonth.now(ZoneOffset.UTC).minusMonths(3);
        assertEquals(List.of("event_before_partitions -infinity " + first.atDay(1)), db.strings("""
                SELECT name || ' ' || starts::text || ' ' || (ends AT TIME ZONE 'UTC')::date
                  FROM event_partition WHERE starts = '-infinity'"""));
        // from the first monthly partition to two months ahead, one after the other, without a gap
        List<String> monthly = new ArrayList<>();
        for (YearMonth month = first; !month.isAfter(YearMonth.now(ZoneOffset.UTC).plusMonths(2)); month = month.plusMonths(1)) {
            monthly.add(partitionName(month) + " " + month.atDay(1) + " " + month.plusMonths(1).atDay(1));
        }
        assertEquals(monthly, db.strings("""
                SELECT name || ' ' || (starts AT TIME ZONE 'UTC')::date || ' ' || (ends AT TIME ZONE 'UTC')::date
                  FROM event_partition WHERE starts > '-infinity' AND starts < $1 ORDER BY starts""",
                YearMonth.now(ZoneOffset.UTC).plusMonths(3).atDay(1).atStartOfDay().atOffset(ZoneOffset.UTC)));
        // the view of V2 reads the partitioned table, not the former one
        assertEquals(List.of("event"), db.strings("""
                SELECT DISTINCT d.refobjid::regclass::text FROM pg_rewrite r JOIN pg_depend d ON d.objid = r.oid
                 WHERE r.ev_class = 'event_measure'::regclass AND d.refobjid IN ('event'::regclass,
                       'event_before_partitions'::regclass)"""));
    }

    @Test
    void eventsOfThreeMonthsAreStoredInTheirPartitionsAndCountedExactly() {
        String c = "part-three-months";
        Api.createCompany(c, "UTC", 10, false);
        Api.postEvents(TestTokens.writer(c), Events.batch()
                .add(c, A, "USER_MESSAGE", "userId", "u1", "chatId", "c1")
                .add(c, A, "ASSISTANT_MESSAGE", "chatId", "c1")
                .add(c, B, "USER_MESSAGE", "userId", "u2", "chatId", "c2")
                .add(c, B, "USER_MESSAGE", "userId", "u1", "chatId", "c2")
                .add(c, C, "USER_MESSAGE", "userId", "u3", "chatId", "c3")
                .json())
                .statusCode(200)
                .body("accepted", equalTo(5))
                .body("duplicates", equalTo(0))
                .body("rejected", empty());
        assertEquals(List.of(partitionName(A) + " 2", partitionName(B) + " 2", partitionName(C) + " 1"), db.strings("""
                SELECT tableoid::regclass::text || ' ' || count(*) FROM event WHERE company_id = $1
                 GROUP BY tableoid ORDER BY min(occurred_at)""", c));

        assertFigures(c, A, A, 1, 1, 1);
        assertFigures(c, B, B, 2, 2, 0);
        assertFigures(c, C, C, 1, 1, 0);
        assertFigures(c, A, C, 3, 4, 1);
        rollUp();
        assertEquals(3, db.query("SELECT 1 FROM rollup_company_day WHERE company_id = $1", c).rowCount());
        assertFigures(c, A, A, 1, 1, 1);
        assertFigures(c, B, B, 2, 2, 0);
        assertFigures(c, C, C, 1, 1, 0);
        assertFigures(c, A, C, 3, 4, 1);
    }

    @Test
    void theSameBatchTwiceIsStoredOnce() {
        String c = "part-batch-twice";
        Api.createCompany(c, "UTC", 10, false);
        String batch = Events.batch()
                .add(c, A, "USER_MESSAGE", "userId", "u1", "chatId", "c1")
                .add(c, B, "USER_MESSAGE", "userId", "u2", "chatId", "c2")
                .add(c, C, "USER_MESSAGE", "userId", "u3", "chatId", "c3")
                .json();
        Api.postEvents(TestTokens.writer(c), batch).statusCode(200)
                .body("received", equalTo(3)).body("accepted", equalTo(3)).body("duplicates", equalTo(0));
        assertFigures(c, A, C, 3, 3, 0);

        Api.postEvents(TestTokens.writer(c), batch).statusCode(200)
                .body("received", equalTo(3)).body("accepted", equalTo(0)).body("duplicates", equalTo(3))
                .body("rejected", empty());
        assertEquals(3, db.eventCount(c));
        assertFigures(c, A, C, 3, 3, 0);
        rollUp();
        Api.postEvents(TestTokens.writer(c), batch).statusCode(200)
                .body("accepted", equalTo(0)).body("duplicates", equalTo(3));
        assertEquals(3, db.eventCount(c));
        assertFigures(c, A, C, 3, 3, 0);
    }

    @Test
    void anEventIdReusedWithAnotherOccurredAtIsADuplicate() {
        String c = "part-reused-id";
        Api.createCompany(c, "UTC", 10, false);
        String writer = TestTokens.writer(c);
        UUID id = UUID.randomUUID();
        Api.postEvents(writer, Events.batch().add(id, c, A, "USER_MESSAGE", "userId", "u1", "chatId", "c1").json())
                .statusCode(200).body("accepted", equalTo(1)).body("duplicates", equalTo(0));

        // another month: another partition
        Api.postEvents(writer, Events.batch().add(id, c, B, "USER_MESSAGE", "userId", "u2", "chatId", "c1").json())
                .statusCode(200).body("received", equalTo(1)).body("accepted", equalTo(0)).body("duplicates", equalTo(1));
        // the same month, another time
        Api.postEvents(writer, Events.batch().add(id, c, A.plusSeconds(3600), "USER_MESSAGE", "userId", "u3",
                "chatId", "c1").json())
                .statusCode(200).body("accepted", equalTo(0)).body("duplicates", equalTo(1));
        // next to new events, after a rollup
        rollUp();
        Api.postEvents(writer, Events.batch()
                .add(c, B, "USER_MESSAGE", "userId", "u4", "chatId", "c4")
                .add(id, c, C, "USER_MESSAGE", "userId", "u5", "chatId", "c1")
                .json())
                .statusCode(200).body("received", equalTo(2)).body("accepted", equalTo(1)).body("duplicates", equalTo(1));
        assertEquals(List.of(id + " " + A + " u1"), db.strings("""
                SELECT event_id || ' ' || to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') || ' ' || user_id
                  FROM event WHERE company_id = $1 AND event_id = $2""", c, id));
        assertEquals(2, db.eventCount(c));
        assertFigures(c, A, C, 2, 2, 0);
        assertFigures(c, A, A, 1, 1, 0);
        assertFigures(c, C, C, 0, 0, 0);

        // twice in one batch with two times: the first is stored, the second is a duplicate
        UUID twice = UUID.randomUUID();
        Api.postEvents(writer, Events.batch()
                .add(twice, c, B, "USER_MESSAGE", "userId", "u6", "chatId", "c6")
                .add(twice, c, A, "USER_MESSAGE", "userId", "u7", "chatId", "c7")
                .json())
                .statusCode(200).body("received", equalTo(2)).body("accepted", equalTo(1)).body("duplicates", equalTo(1));
        assertEquals(List.of("u6"), db.strings("SELECT user_id FROM event WHERE company_id = $1 AND event_id = $2", c, twice));
        assertFigures(c, A, C, 3, 3, 0);
    }

    /**
     * A batch of several companies (a writer for every company): each company's reused id is a duplicate, and two
     * such batches at once, with the companies in opposite orders, both finish (the locks are taken in one order).
     */
    @Test
    void aBatchOfSeveralCompaniesCountsEachReusedIdOnce() throws Exception {
        String c1 = "part-many-a";
        String c2 = "part-many-b";
        Api.createCompany(c1, "UTC", 10, false);
        Api.createCompany(c2, "UTC", 10, false);
        UUID id1 = UUID.randomUUID();
        UUID id2 = UUID.randomUUID();
        String writer = TestTokens.writer("*");
        Api.postEvents(writer, Events.batch()
                .add(id1, c1, A, "USER_MESSAGE", "userId", "u1", "chatId", "c1")
                .add(id2, c2, A, "USER_MESSAGE", "userId", "u1", "chatId", "c1")
                .json())
                .statusCode(200).body("accepted", equalTo(2)).body("duplicates", equalTo(0));
        Api.postEvents(writer, Events.batch()
                .add(id2, c2, B, "USER_MESSAGE", "userId", "u2", "chatId", "c1")
                .add(c2, B, "USER_MESSAGE", "userId", "u3", "chatId", "c3")
                .add(id1, c1, C, "USER_MESSAGE", "userId", "u2", "chatId", "c1")
                .add(c1, C, "USER_MESSAGE", "userId", "u3", "chatId", "c3")
                // the same id in another company is another event
                .add(id1, c2, C, "USER_MESSAGE", "userId", "u4", "chatId", "c4")
                .json())
                .statusCode(200).body("received", equalTo(5)).body("accepted", equalTo(3)).body("duplicates", equalTo(2));

        ExecutorService threads = Executors.newFixedThreadPool(2);
        int accepted = 0;
        int duplicates = 0;
        try {
            for (int round = 0; round < 10; round++) {
                UUID a = UUID.randomUUID();
                UUID b = UUID.randomUUID();
                CyclicBarrier start = new CyclicBarrier(2);
                List<Callable<Map<String, Integer>>> requests = new ArrayList<>();
                for (String body : List.of(
                        Events.batch().add(a, c1, A.plusSeconds(round), "USER_ACTIVE", "userId", "r" + round)
                                .add(b, c2, A.plusSeconds(round), "USER_ACTIVE", "userId", "r" + round).json(),
                        Events.batch().add(b, c2, C.minusSeconds(round), "USER_ACTIVE", "userId", "r" + round)
                                .add(a, c1, C.minusSeconds(round), "USER_ACTIVE", "userId", "r" + round).json())) {
                    requests.add(() -> {
                        start.await();
                        return given().auth().oauth2(writer).contentType(ContentType.JSON).body(body).post("/events")
                                .then().statusCode(200).extract().path("$");
                    });
                }
                for (Future<Map<String, Integer>> answer : threads.invokeAll(requests)) {
                    accepted += answer.get().get("accepted");
                    duplicates += answer.get().get("duplicates");
                }
            }
        } finally {
            threads.shutdown();
        }
        assertEquals(20, accepted);
        assertEquals(20, duplicates);
        assertEquals(2 + 10, db.eventCount(c1));
        assertEquals(1 + 2 + 10, db.eventCount(c2));
        assertFigures(c1, A, C, 12, 2, 0);
        assertFigures(c2, A, C, 13, 3, 0);
    }

    /** Two requests at once with one event id and two months: one of them stores it, the other counts a duplicate. */
    @Test
    void concurrentRequestsReusingAnEventIdStoreItOnce() throws Exception {
        String c = "part-concurrent";
        Api.createCompany(c, "UTC", 10, false);
        String token = TestTokens.writer(c);
        int rounds = 20;
        ExecutorService threads = Executors.newFixedThreadPool(2);
        int accepted = 0;
        int duplicates = 0;
        try {
            for (int round = 0; round < rounds; round++) {
                UUID id = UUID.randomUUID();
                CyclicBarrier start = new CyclicBarrier(2);
                List<Callable<Map<String, Integer>>> requests = new ArrayList<>();
                for (Instant at : List.of(A.plusSeconds(round), C.minusSeconds(round))) {
                    String body = Events.batch().add(id, c, at, "USER_MESSAGE", "userId", "u" + round, "chatId", "c1").json();
                    requests.add(() -> {
                        start.await();
                        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body).post("/events")
                                .then().statusCode(200).extract().path("$");
                    });
                }
                for (Future<Map<String, Integer>> answer : threads.invokeAll(requests)) {
                    accepted += answer.get().get("accepted");
                    duplicates += answer.get().get("duplicates");
                }
                assertEquals(1, db.query("SELECT 1 FROM event WHERE company_id = $1 AND event_id = $2", c, id).rowCount(),
                        "round " + round);
            }
        } finally {
            threads.shutdown();
        }
        assertEquals(rounds, accepted);
        assertEquals(rounds, duplicates);
        assertEquals(rounds, db.eventCount(c));
        assertFigures(c, A, C, rounds, rounds, 0);
        rollUp();
        assertFigures(c, A, C, rounds, rounds, 0);
    }

    @Test
    void theUpkeepCreatesMissingPartitionsAndOnlyThose() {
        YearMonth ahead = YearMonth.now(ZoneOffset.UTC).plusMonths(EventPartitions.MONTHS_AHEAD);
        String name = partitionName(ahead);
        assertEquals(List.of(), partitions.ensure().await().indefinitely(), "every partition is there already");
        db.query("DROP TABLE " + name);
        assertEquals(List.of(""), db.strings("SELECT coalesce(to_regclass($1)::text, '')", name));

        assertEquals(List.of(name), partitions.ensure().await().indefinitely());
        assertEquals(List.of(name + " " + ahead.atDay(1) + " " + ahead.plusMonths(1).atDay(1)), db.strings("""
                SELECT name || ' ' || (starts AT TIME ZONE 'UTC')::date || ' ' || (ends AT TIME ZONE 'UTC')::date
                  FROM event_partition WHERE name = $1""", name));
        assertEquals(List.of(), partitions.ensure().await().indefinitely());
        // a range that the existing partitions cover already, the first one's months included
        assertEquals(List.of(), partitions.ensure(YearMonth.of(2020, 1), ahead).await().indefinitely());
    }

    /**
     * An event whose month has no partition: the service makes it and stores the batch; when it cannot (here: a
     * table of that name is in the way), the client gets a coded answer to send the batch again, never a 500.
     */
    @Test
    void anEventWithoutAPartitionIsStoredOnceThePartitionIsMadeOrAnsweredWithACode() {
        String c = "part-missing";
        Api.createCompany(c, "UTC", 10, false);
        YearMonth month = YearMonth.from(B.atOffset(ZoneOffset.UTC));
        String name = partitionName(month);
        String aside = name + "_aside";
        String body = Events.batch().add(c, B, "USER_MESSAGE", "userId", "u1", "chatId", "c1").json();
        db.query("ALTER TABLE event DETACH PARTITION " + name);
        try {
            given().auth().oauth2(TestTokens.writer(c)).contentType(ContentType.JSON).body(body).post("/events")
                    .then().statusCode(503)
                    .header("Retry-After", "5")
                    .body("code", equalTo("SERVICE_UNAVAILABLE"))
                    .body("message", equalTo("The event store has no place yet for the time of an event in this"
                            + " batch; nothing was stored, send the batch again later"));
            assertEquals(0, db.eventCount(c));

            db.query("ALTER TABLE " + name + " RENAME TO " + aside);
            Api.postEvents(TestTokens.writer(c), body).statusCode(200)
                    .body("accepted", equalTo(1)).body("duplicates", equalTo(0));
            assertEquals(List.of(name), db.strings("SELECT tableoid::regclass::text FROM event WHERE company_id = $1", c));
            assertFigures(c, B, B, 1, 1, 0);
        } finally {
            // the partition as it was, with the event stored meanwhile
            if (!db.strings("SELECT to_regclass($1)::text", aside).contains(null)) {
                if (!db.strings("SELECT to_regclass($1)::text", name).contains(null)) {
                    db.query("ALTER TABLE event DETACH PARTITION " + name);
                    db.query("INSERT INTO " + aside + " SELECT * FROM " + name);
                    db.query("DROP TABLE " + name);
                }
                db.query("ALTER TABLE " + aside + " RENAME TO " + name);
            }
            db.query("ALTER TABLE event ATTACH PARTITION " + name + " FOR VALUES FROM ('" + month.atDay(1)
                    + " 00:00Z') TO ('" + month.plusMonths(1).atDay(1) + " 00:00Z')");
        }
        assertEquals(1, db.eventCount(c));
        assertFigures(c, B, B, 1, 1, 0);
    }

    private void rollUp() {
        assertEquals(RollupRun.Outcome.COMPLETED, rollup.rollUpNewEvents().await().indefinitely().outcome());
    }

    private static void assertFigures(String company, Instant from, Instant to, int users, int userMessages,
            int assistantMessages) {
        String p = "data.company.telemetry.";
        Api.graphql(TestTokens.owner(company), QUERY, Map.of("id", company, "from", day(from), "to", day(to)))
                .statusCode(200)
                .body("errors", nullValue())
                .body(p + "users", equalTo(users))
                .body(p + "userMessages", equalTo(userMessages))
                .body(p + "assistantMessages", equalTo(assistantMessages));
    }

    /** The company-local day of an instant for the companies here, all in UTC. */
    private static String day(Instant at) {
        return LocalDate.ofInstant(at, ZoneOffset.UTC).toString();
    }

    private static String partitionName(Instant at) {
        return partitionName(YearMonth.from(at.atOffset(ZoneOffset.UTC)));
    }

    private static String partitionName(YearMonth month) {
        return "event_%d_%02d".formatted(month.getYear(), month.getMonthValue());
    }
}
