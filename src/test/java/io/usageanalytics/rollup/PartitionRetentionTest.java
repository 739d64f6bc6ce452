package io.usageanalytics.rollup;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.RestAssured;
import io.usageanalytics.support.Api;
import io.usageanalytics.support.Database;
import io.usageanalytics.support.TestTokens;

/**
 * Retention drops whole monthly partitions of raw events (V11): one that ends a day before the cutoff and holds
 * only rolled-up events is detached and dropped, one with an event not rolled up yet stays, and so does the one
 * the cutoff falls in; the first partition, the table as it was, loses its rolled-up rows as before. No figure
 * changes, also not after a full rebuild.
 *
 * The tests' database has monthly partitions from four months back (application.properties,
 * partitioned_months_back): the first three of them are old enough for a cutoff in last month.
 */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
class PartitionRetentionTest {

    private static final String QUERY = """
            query($id: String!, $from: Date!, $to: Date!) {
              company(id: $id) { telemetry(range: {from: $from, to: $to}) { users userMessages } }
            }""";

    @Inject
    RetentionJob retention;

    @Inject
    RollupJob rollup;

    @Inject
    Database db;

    @Test
    void wholePartitionsPastTheCutoffAreDroppedOnceRolledUpAndNoFigureChanges() {
        String c = "part-retention";
        Api.createCompany(c, "Europe/Berlin", 10, false);
        YearMonth now = YearMonth.now(ZoneOffset.UTC);
        YearMonth oldest = now.minusMonths(3);
        YearMonth older = now.minusMonths(2);
        YearMonth last = now.minusMonths(1);
        LocalDate before = LocalDate.of(2020, 1, 15);
        try {
            db.insertEvent(c, noon(oldest.atDay(10)), "USER_MESSAGE", "u1");
            db.insertEvent(c, noon(oldest.atDay(10)), "USER_MESSAGE", "u2");
            db.insertEvent(c, noon(older.atDay(10)), "USER_MESSAGE", "u1");
            db.insertEvent(c, noon(last.atDay(10)), "USER_MESSAGE", "u3");
            rollUp();
            // not rolled up yet: one in the older month, one in the first partition
            db.insertEvent(c, noon(older.atDay(12)), "USER_ACTIVE", "u9");
            db.insertEvent(c, noon(before), "USER_ACTIVE", "u8");
            assertAllFigures(c, oldest, older, last, before);

            long inOldest = count("SELECT count(*) FROM " + partition(oldest));
            long inFirst = count("SELECT count(*) FROM event_before_partitions");
            double metric = droppedMetric();
            Instant cutoff = last.atDay(15).atStartOfDay().toInstant(ZoneOffset.UTC);
            long dropped = retention.dropEventsBefore(cutoff).await().indefinitely();

            assertEquals(List.of(""), db.strings("SELECT coalesce(to_regclass($1)::text, '')", partition(oldest)),
                    "rolled up and past the cutoff: dropped");
            assertEquals(List.of("event_before_partitions", partition(older), partition(last)), db.strings("""
                    SELECT name FROM event_partition WHERE starts < $1 ORDER BY starts""",
                    now.atDay(1).atStartOfDay().atOffset(ZoneOffset.UTC)),
                    "kept: the first partition and the older month (events not rolled up), last month (the cutoff's)");
            long inFirstNow = count("SELECT count(*) FROM event_before_partitions");
            assertEquals(inOldest + inFirst - inFirstNow, dropped, "the events of the partition and the rows deleted");
            assertEquals(metric + dropped, droppedMetric());
            assertEquals(List.of("2020-01-15 u8", older.atDay(10) + " u1", older.atDay(12) + " u9", last.atDay(10) + " u3"),
                    db.strings("""
                            SELECT (occurred_at AT TIME ZONE 'UTC')::date || ' ' || user_id FROM event
                             WHERE company_id = $1 ORDER BY occurred_at""", c));
            assertAllFigures(c, oldest, older, last, before);

            rollUp();
            assertAllFigures(c, oldest, older, last, before);
            assertEquals(RollupRun.Outcome.COMPLETED, rollup.rebuildAll().await().indefinitely().outcome());
            assertAllFigures(c, oldest, older, last, before);
        } finally {
            // for the tests after this one: the month dropped is there again (empty)
            db.query("SELECT event_partitions_ensure($1, $1)", oldest.atDay(1));
        }
        assertEquals(List.of(partition(oldest)), db.strings("SELECT name FROM event_partition WHERE name = $1",
                partition(oldest)));
    }

    private void assertAllFigures(String c, YearMonth oldest, YearMonth older, YearMonth last, LocalDate before) {
        assertFigures(c, oldest.atDay(1), oldest.atEndOfMonth(), 2, 2);
        assertFigures(c, older.atDay(1), older.atEndOfMonth(), 2, 1);
        assertFigures(c, last.atDay(1), last.atEndOfMonth(), 1, 1);
        assertFigures(c, oldest.atDay(1), last.atEndOfMonth(), 4, 4);
        assertFigures(c, before, before, 1, 0);
    }

    private static void assertFigures(String company, LocalDate from, LocalDate to, int users, int userMessages) {
        Api.graphql(TestTokens.owner(company), QUERY, Map.of("id", company, "from", from.toString(), "to", to.toString()))
                .statusCode(200)
                .body("errors", nullValue())
                .body("data.company.telemetry.users", equalTo(users))
                .body("data.company.telemetry.userMessages", equalTo(userMessages));
    }

    private void rollUp() {
        assertEquals(RollupRun.Outcome.COMPLETED, rollup.rollUpNewEvents().await().indefinitely().outcome());
    }

    private long count(String sql) {
        return db.query(sql).iterator().next().getLong(0);
    }

    /** The retention's counter; 0 before the job's first use, which registers it. */
    private static double droppedMetric() {
        String metrics = RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("^analytics_retention_events_dropped_total (\\S+)$", java.util.regex.Pattern.MULTILINE)
                .matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private static OffsetDateTime noon(LocalDate day) {
        return day.atTime(12, 0).atOffset(ZoneOffset.UTC);
    }

    private static String partition(YearMonth month) {
        return "event_%d_%02d".formatted(month.getYear(), month.getMonthValue());
    }
}
