package io.usageanalytics.rollup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.usageanalytics.support.Database;

/**
 * Retention drops whole company-local days: the cutoff is the start of the
 * company's day, computed in Java as the SQL it replaces computed it, across
 * daylight-saving changes, midnights that do not exist and skipped days; where
 * midnight occurs twice, the first one.
 */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
class RetentionCutoffTest {

    /** Zones with transitions at midnight, half-hour shifts, a skipped day (Apia, 2011-12-30), and plain ones. */
    private static final List<String> ZONES = List.of("UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata",
            "America/Sao_Paulo", "America/Havana", "America/Santiago", "America/Asuncion", "Australia/Lord_Howe",
            "Pacific/Apia", "America/St_Johns");

    @Inject
    Database db;

    @Test
    void theCutoffIsTheStartOfTheCompanysDayAsTheSqlComputedIt() {
        List<String> zones = new ArrayList<>();
        List<OffsetDateTime> instants = new ArrayList<>();
        List<OffsetDateTime> computed = new ArrayList<>();
        for (String name : ZONES) {
            ZoneId zone = ZoneId.of(name);
            for (Instant instant : aroundTransitions(zone)) {
                zones.add(name);
                instants.add(instant.atOffset(ZoneOffset.UTC));
                computed.add(RetentionJob.startOfDay(instant, zone));
            }
        }
        assertTrue(instants.size() > 5_000, "instants around every transition: " + instants.size());
        // PostgreSQL takes the second of two midnights (clocks set back from 01:00 to 00:00): the same wall time
        List<String> differences = db.strings("""
                SELECT zone || ' ' || at || ': ' || java || ' <> ' || sql
                  FROM (SELECT zone, at, java, ((at AT TIME ZONE zone)::date)::timestamp AT TIME ZONE zone AS sql
                          FROM unnest($1::text[], $2::timestamptz[], $3::timestamptz[]) AS t(zone, at, java)) c
                 WHERE java IS DISTINCT FROM sql
                   AND NOT (java < sql AND java AT TIME ZONE zone = sql AT TIME ZONE zone)
                 ORDER BY zone, at""", zones.toArray(String[]::new), instants.toArray(OffsetDateTime[]::new),
                computed.toArray(OffsetDateTime[]::new));
        assertEquals(List.of(), differences);
    }

    /** The day starts at the first midnight: the events of its first hour belong to it and are kept with it. */
    @Test
    void whereMidnightOccursTwiceTheDayStartsAtTheFirst() {
        ZoneId havana = ZoneId.of("America/Havana");
        Instant noon = Instant.parse("2018-11-04T17:00:00Z");
        assertEquals(OffsetDateTime.parse("2018-11-04T00:00-04:00"), RetentionJob.startOfDay(noon, havana));
        assertEquals(List.of("2018-11-04", "2018-11-04"), db.strings("""
                SELECT (t AT TIME ZONE 'America/Havana')::date::text
                  FROM unnest(ARRAY['2018-11-04T04:00:00Z', '2018-11-04T17:00:00Z']::timestamptz[]) AS t"""),
                "the first hour is the same day for the rollups too");
    }

    /**
     * Every half hour from a day before to a day after each of the zone's transitions from 2010 to 2022 (zones
     * whose rules changed since may differ between Java's and PostgreSQL's time zone data), or over one week.
     */
    private static List<Instant> aroundTransitions(ZoneId zone) {
        List<Instant> around = new ArrayList<>();
        Instant end = Instant.parse("2023-01-01T00:00:00Z");
        ZoneOffsetTransition transition = zone.getRules().nextTransition(Instant.parse("2010-01-01T00:00:00Z"));
        if (transition == null || !transition.getInstant().isBefore(end)) {
            for (Instant at = Instant.parse("2020-03-01T00:00:00Z"); at.isBefore(Instant.parse("2020-03-08T00:00:00Z"));
                    at = at.plus(Duration.ofMinutes(30))) {
                around.add(at);
            }
            return around;
        }
        for (; transition != null && transition.getInstant().isBefore(end);
                transition = zone.getRules().nextTransition(transition.getInstant())) {
            Instant first = transition.getInstant().minus(Duration.ofHours(26));
            for (int step = 0; step <= 104; step++) {
                around.add(first.plus(Duration.ofMinutes(30L * step)));
            }
        }
        return around;
    }
}
