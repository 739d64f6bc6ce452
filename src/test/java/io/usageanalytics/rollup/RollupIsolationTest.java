package io.usageanalytics.rollup;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.RestAssured;
import io.restassured.response.ValidatableResponse;
import io.usageanalytics.support.Api;
import io.usageanalytics.support.Database;
import io.usageanalytics.support.Events;
import io.usageanalytics.support.TestTokens;
import io.vertx.mutiny.sqlclient.Row;

/**
 * One company's bad data never stops another company's rollups: the company is
 * held back at its own watermark, its figures stay exact from its rolled-up
 * days and its own tail, the others are rolled up, and the metrics say so.
 */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
class RollupIsolationTest {

    /** Two of these overflow a bigint: stored before ingestion bounded amounts. */
    private static final long HUGE = 5_000_000_000_000_000_000L;

    private static final String FIGURES = """
            query($id: String!, $from: Date!, $to: Date!) {
              company(id: $id) {
                telemetry(range: {from: $from, to: $to}) { users userMessages }
                spend { monthToDate }
              }
            }""";

    @Inject
    RollupJob rollup;

    @Inject
    RetentionJob retention;

    @Inject
    Database db;

    private final LocalDate today = LocalDate.now(ZoneOffset.UTC);
    /** Early on today: inside the month to date and the day's range, whenever the test runs. */
    private final Instant morning = today.atStartOfDay(ZoneOffset.UTC).plusSeconds(1).toInstant();

    @Test
    void aCompanyWhoseRollupFailsIsHeldAndEveryOtherCompanyIsRolledUp() {
        String a = "iso-bad";
        String b = "iso-good";
        Api.createCompany(a, "UTC", 10, true);
        Api.createCompany(b, "UTC", 10, true);
        post(a, "USER_MESSAGE", "a1", "SPEND", "a1");
        post(b, "USER_MESSAGE", "b1", "USER_MESSAGE", "b2");
        rollUp();

        // as stored before amounts were bounded at ingestion, ten minutes ago
        insertHugeSpend(a, 2);
        post(a, "USER_MESSAGE", "a2");
        post(b, "USER_MESSAGE", "b3", "SPEND", "b3");
        long watermarkBefore = watermark();

        rollUp();
        assertTrue(watermark() > watermarkBefore, "the watermark moved");
        Row held = db.query("SELECT watermark, failures, last_error FROM rollup_held_company WHERE company_id = $1", a)
                .iterator().next();
        assertEquals(watermarkBefore, held.getLong("watermark"), "held where its rollups are");
        assertEquals(1, held.getInteger("failures"));
        assertTrue(held.getString("last_error").contains("out of range"), held.getString("last_error"));

        // B: rolled up completely, figures from the rollups
        assertEquals(0, notRolledUp(b));
        assertEquals("3|100", db.strings("SELECT user_messages || '|' || spend_micros FROM rollup_company_day"
                + " WHERE company_id = $1 AND day = $2", b, today).get(0));
        figures(b).body("errors", nullValue())
                .body("data.company.telemetry.users", equalTo(3))
                .body("data.company.telemetry.userMessages", equalTo(3))
                .body("data.company.spend.monthToDate", equalTo(100));

        // metrics: the lag is the age of A's oldest event not rolled up, not 0
        String metrics = metrics();
        double lag = gauge(metrics, "analytics_rollup_lag_seconds");
        assertTrue(lag >= 595 && lag <= 605, "lag " + lag);
        assertEquals(1.0, gauge(metrics, "analytics_rollup_companies_held"));
        assertTrue(gauge(metrics, "analytics_rollup_company_failures_total{kind=\"held\"}") >= 1);

        // A: exact from its rolled-up days and all its events at or above its own watermark
        figures(a).body("data.company.telemetry.users", equalTo(3)) // a1, a2 and the spender of the stored rows
                .body("data.company.telemetry.userMessages", equalTo(2))
                .body("data.company.spend.monthToDate", nullValue())
                .body("errors.extensions.code", equalTo(List.of("FIGURE_OUT_OF_RANGE")))
                .body("errors[0].path", equalTo(List.of("company", "spend", "monthToDate")));
        Api.graphql(TestTokens.owner(a), "{ company(id: \"" + a + "\") { spend { byModel { model amountMicros } } } }")
                .body("errors[0].extensions.code", equalTo("FIGURE_OUT_OF_RANGE"));

        // the billing report answers for everyone; only A's spend is an error
        ValidatableResponse billing = billing();
        billing.body("data.billingReport.lines.find { it.companyId == '" + b + "' }.spendMicros", equalTo(100))
                .body("data.billingReport.lines.find { it.companyId == '" + a + "' }.messages", equalTo(2))
                .body("data.billingReport.lines.find { it.companyId == '" + a + "' }.spendMicros", nullValue())
                .body("errors.extensions.code", everyItem(equalTo("FIGURE_OUT_OF_RANGE")))
                .body("errors.size()", equalTo(1));
        String csv = RestAssured.given().auth().oauth2(TestTokens.admin())
                .get("/exports/billing.csv?from=" + today.withDayOfMonth(1) + "&to=" + today)
                .then().statusCode(200).extract().asString();
        assertTrue(csv.contains(",2,FIGURE_OUT_OF_RANGE\r\n") && csv.contains("," + b + ","), csv);

        // not due yet: a run leaves A alone and B goes on
        post(b, "USER_MESSAGE", "b4");
        rollUp();
        assertEquals(0, notRolledUp(b));
        assertEquals(1, db.query("SELECT failures FROM rollup_held_company WHERE company_id = $1", a).iterator().next()
                .getInteger(0), "not retried before retry_at");

        // the operator deletes the bad rows and asks for a retry at the next run
        db.query("DELETE FROM event WHERE company_id = $1 AND amount_micros = $2", a, HUGE);
        retryNow(a);
        rollUp();
        assertEquals(0, db.query("SELECT 1 FROM rollup_held_company WHERE company_id = $1", a).rowCount());
        assertEquals(0, notRolledUp(a));
        assertEquals("2|100", db.strings("SELECT user_messages || '|' || spend_micros FROM rollup_company_day"
                + " WHERE company_id = $1 AND day = $2", a, today).get(0));
        metrics = metrics();
        assertTrue(gauge(metrics, "analytics_rollup_lag_seconds") < 5, metrics);
        assertEquals(0.0, gauge(metrics, "analytics_rollup_companies_held"));
        figures(a).body("errors", nullValue())
                .body("data.company.telemetry.users", equalTo(2))
                .body("data.company.telemetry.userMessages", equalTo(2))
                .body("data.company.spend.monthToDate", equalTo(100));
        billing().body("errors", nullValue())
                .body("data.billingReport.lines.find { it.companyId == '" + a + "' }.spendMicros", equalTo(100));
    }

    @Test
    void eventsOfAHeldCompanyAreCountedOnceWhileHeldAndAfterItRecovers() {
        String a = "iso-held-events";
        Api.createCompany(a, "UTC", 10, true);
        LocalDate yesterday = today.minusDays(1);
        post(a, "USER_MESSAGE", "u1");
        postOn(yesterday, a, "USER_MESSAGE", "u2");
        rollUp();
        insertHugeSpend(a, 2);
        rollUp();
        assertEquals(1, db.query("SELECT 1 FROM rollup_held_company WHERE company_id = $1", a).rowCount());

        // events arriving while held, over several runs, one of them late for a day rolled up before the hold
        post(a, "USER_MESSAGE", "u3");
        rollUp();
        postOn(yesterday, a, "USER_MESSAGE", "u4");
        post(a, "SPEND", "u1");
        rollUp();
        assertCounts(a, yesterday, 2, 2, 5, 4); // u1-u4 and the spender; u2, u4 yesterday

        // a retry that fails again: still held, the pause doubles, nothing counted twice
        retryNow(a);
        rollUp();
        Row held = db.query("SELECT failures, retry_at > now() + interval '90 seconds' AS doubled FROM rollup_held_company"
                + " WHERE company_id = $1", a).iterator().next();
        assertEquals(2, held.getInteger("failures"));
        assertTrue(held.getBoolean("doubled"), "the second pause is twice the first");
        assertTrue(gauge(metrics(), "analytics_rollup_company_failures_total{kind=\"retry\"}") >= 1);
        assertCounts(a, yesterday, 2, 2, 5, 4);

        db.query("DELETE FROM event WHERE company_id = $1 AND amount_micros = $2", a, HUGE);
        retryNow(a);
        rollUp();
        assertEquals(0, db.query("SELECT 1 FROM rollup_held_company WHERE company_id = $1", a).rowCount());
        assertEquals(0, notRolledUp(a));
        assertCounts(a, yesterday, 2, 2, 4, 4);
        figures(a).body("data.company.spend.monthToDate", equalTo(100));
        List<String> rows = db.rollupRows(a);
        rollUp();
        assertCounts(a, yesterday, 2, 2, 4, 4);
        assertEquals(rows, db.rollupRows(a), "a later run changes nothing");
        assertEquals(RollupRun.Outcome.COMPLETED, rollup.rebuildAll().await().indefinitely().outcome());
        assertEquals(rows, db.rollupRows(a), "a full rebuild gives the same tables");
    }

    @Test
    void retentionKeepsTheEventsAHeldCompanyHasNotRolledUp() {
        String c = "iso-retention";
        Api.createCompany(c, "UTC", 10, true);
        LocalDate old = LocalDate.of(2025, 1, 10);
        db.insertEvent(c, old.atTime(9, 0).atOffset(ZoneOffset.UTC), "USER_MESSAGE", "u1");
        rollUp();
        insertHugeSpend(c, 2, old.atTime(10, 0).atOffset(ZoneOffset.UTC));
        db.insertEvent(c, old.plusDays(1).atTime(9, 0).atOffset(ZoneOffset.UTC), "USER_MESSAGE", "u2");
        rollUp();
        assertEquals(1, db.query("SELECT 1 FROM rollup_held_company WHERE company_id = $1", c).rowCount());

        retention.dropEventsBefore(Instant.parse("2025-06-01T00:00:00Z")).await().indefinitely();
        assertEquals(3, db.eventCount(c), "only the rolled-up event is dropped");
        figures(c, old, old.plusDays(1)).body("data.company.telemetry.users", equalTo(3))
                .body("data.company.telemetry.userMessages", equalTo(2));

        db.query("DELETE FROM event WHERE company_id = $1 AND amount_micros = $2", c, HUGE);
        retryNow(c);
        rollUp();
        assertEquals(0, db.query("SELECT 1 FROM rollup_held_company WHERE company_id = $1", c).rowCount());
        figures(c, old, old.plusDays(1)).body("data.company.telemetry.users", equalTo(2))
                .body("data.company.telemetry.userMessages", equalTo(2));
    }

    @Test
    void theLagIsMeasuredAfterAFailedRunToo() {
        String c = "iso-lag";
        Api.createCompany(c, "UTC", 10, false);
        rollUp();
        db.query("""
                INSERT INTO event (company_id, event_id, occurred_at, received_at, type, user_id)
                VALUES ($1, gen_random_uuid(), now() - interval '5 minutes', now() - interval '5 minutes', 'USER_ACTIVE', 'u1')""",
                c);
        assertThrows(IllegalStateException.class, () -> rollup.run(false, table -> {
            throw new IllegalStateException("simulated crash after " + table);
        }).await().indefinitely());
        double lag = gauge(metrics(), "analytics_rollup_lag_seconds");
        assertTrue(lag >= 295 && lag <= 305, "lag " + lag);
        rollUp();
        assertTrue(gauge(metrics(), "analytics_rollup_lag_seconds") < 5);
    }

    private void assertCounts(String company, LocalDate yesterday, int usersYesterday, int messagesYesterday,
            int users, int messages) {
        figures(company, yesterday, yesterday).body("data.company.telemetry.users", equalTo(usersYesterday))
                .body("data.company.telemetry.userMessages", equalTo(messagesYesterday));
        figures(company, yesterday, today).body("data.company.telemetry.users", equalTo(users))
                .body("data.company.telemetry.userMessages", equalTo(messages));
    }

    @Test
    void aRunOfEveryEventReadsThemOnceAndBuildsTheSameRows() {
        String c = "iso-every";
        String b = "iso-every-bad";
        Api.createCompany(c, "America/New_York", 10, true);
        Api.createCompany(b, "UTC", 10, true);
        postOn(today.minusDays(2), c, "USER_MESSAGE", "e1", "SPEND", "e1", "USER_MESSAGE", "e2");
        post(c, "USER_MESSAGE", "e1", "USER_MESSAGE", "e3"); // the evening before today, in New York
        post(b, "USER_MESSAGE", "b1");
        rollUp();
        List<String> rows = db.rollupRows(c);
        assertEquals(2, db.query("SELECT 1 FROM rollup_company_day WHERE company_id = $1", c).rowCount());

        // the first run after a restore: from watermark 0, every event in one read, the same rows
        db.query("UPDATE rollup_state SET watermark = 0");
        List<String> steps = new ArrayList<>();
        assertEquals(RollupRun.Outcome.COMPLETED, rollup.run(false, steps::add).await().indefinitely().outcome());
        assertTrue(steps.contains(RollupJob.EVERY_EVENT), "steps " + steps);
        assertEquals(rows, db.rollupRows(c));
        figures(c, today.minusDays(3), today).body("errors", nullValue())
                .body("data.company.telemetry.users", equalTo(3))
                .body("data.company.telemetry.userMessages", equalTo(4));

        // a company's bad data in such a run: the others are rebuilt one by one from the days taken, it is held
        insertHugeSpend(b, 2);
        db.query("UPDATE rollup_state SET watermark = 0");
        steps.clear();
        assertEquals(RollupRun.Outcome.COMPLETED, rollup.run(false, steps::add).await().indefinitely().outcome());
        assertTrue(steps.contains(RollupJob.EVERY_EVENT), "steps " + steps);
        assertEquals(rows, db.rollupRows(c));
        assertEquals(1, db.query("SELECT 1 FROM rollup_held_company WHERE company_id = $1", b).rowCount());

        // with a company held, a run from watermark 0 reads the touched days as any other run
        db.query("UPDATE rollup_state SET watermark = 0");
        steps.clear();
        assertEquals(RollupRun.Outcome.COMPLETED, rollup.run(false, steps::add).await().indefinitely().outcome());
        assertTrue(!steps.contains(RollupJob.EVERY_EVENT) && steps.contains("rollup_chat_day"), "steps " + steps);
        assertEquals(rows, db.rollupRows(c));

        db.query("DELETE FROM event WHERE company_id = $1 AND amount_micros = $2", b, HUGE);
        retryNow(b);
        rollUp();
        assertEquals(0, db.query("SELECT 1 FROM rollup_held_company WHERE company_id = $1", b).rowCount());
        assertEquals(0, notRolledUp(b));
    }

    /** Events of {@code company} this morning: type and user, pairwise; SPEND is 100 micro-USD of model m1. */
    private void post(String company, String... typesAndUsers) {
        postOn(today, company, typesAndUsers);
    }

    private void postOn(LocalDate day, String company, String... typesAndUsers) {
        Instant at = day.equals(today) ? morning : day.atStartOfDay(ZoneOffset.UTC).plusHours(12).toInstant();
        Events events = Events.batch();
        for (int i = 0; i < typesAndUsers.length; i += 2) {
            String type = typesAndUsers[i];
            String user = typesAndUsers[i + 1];
            if (type.equals("SPEND")) {
                events.add(company, at, type, "userId", user, "model", "m1", "amountMicros", 100);
            } else {
                events.add(company, at, type, "userId", user, "chatId", "c-" + user);
            }
        }
        Api.postEvents(TestTokens.writer(company), events.json()).statusCode(200)
                .body("accepted", equalTo(events.size()));
    }

    private void insertHugeSpend(String company, int rows) {
        insertHugeSpend(company, rows, OffsetDateTime.ofInstant(morning, ZoneOffset.UTC));
    }

    private void insertHugeSpend(String company, int rows, OffsetDateTime occurredAt) {
        for (int i = 0; i < rows; i++) {
            db.query("""
                    INSERT INTO event (company_id, event_id, occurred_at, received_at, type, user_id, model, amount_micros)
                    VALUES ($1, gen_random_uuid(), $2, now() - interval '10 minutes', 'SPEND', 'spender', 'm1', $3)""",
                    company, occurredAt, HUGE);
        }
    }

    private void retryNow(String company) {
        db.query("UPDATE rollup_held_company SET retry_at = now() WHERE company_id = $1", company);
    }

    private void rollUp() {
        assertEquals(RollupRun.Outcome.COMPLETED, rollup.rollUpNewEvents().await().indefinitely().outcome());
    }

    private long watermark() {
        return db.query("SELECT watermark FROM rollup_state").iterator().next().getLong(0);
    }

    /** Events of the company at or above the global watermark. */
    private long notRolledUp(String company) {
        return db.query("SELECT count(*) FROM event e, rollup_state s WHERE e.company_id = $1 AND e.ingest_txid >= s.watermark",
                company).iterator().next().getLong(0);
    }

    private ValidatableResponse figures(String company) {
        return figures(company, today, today);
    }

    private static ValidatableResponse figures(String company, LocalDate from, LocalDate to) {
        return Api.graphql(TestTokens.owner(company), FIGURES,
                Map.of("id", company, "from", from.toString(), "to", to.toString())).statusCode(200);
    }

    private ValidatableResponse billing() {
        return Api.graphql(TestTokens.admin(), "{ billingReport(range: {from: \"" + today.withDayOfMonth(1) + "\", to: \""
                + today + "\"}, first: 1000) { lines { companyId messages spendMicros } hasNextPage } }")
                .statusCode(200)
                .body("data.billingReport.hasNextPage", equalTo(false));
    }

    private static String metrics() {
        return RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
    }

    /** The value of a sample in the Prometheus text, {@code name} with its labels as written there. */
    private static double gauge(String metrics, String name) {
        Matcher m = Pattern.compile("^" + Pattern.quote(name) + " (\\S+)$", Pattern.MULTILINE).matcher(metrics);
        assertTrue(m.find(), name + " in " + metrics);
        return Double.parseDouble(m.group(1));
    }
}
