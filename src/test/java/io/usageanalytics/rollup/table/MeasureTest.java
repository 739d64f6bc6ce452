package io.usageanalytics.rollup.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.usageanalytics.ingest.EventType;
import io.usageanalytics.support.Api;
import io.usageanalytics.support.Database;
import io.vertx.mutiny.sqlclient.Row;

/** {@link Measure#share} gives what event_measure gives, for every type, folder kind, rating and amount. */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
class MeasureTest {

    @Inject
    Database db;

    @Test
    void eachShareIsTheViewsColumn() {
        String c = "measure-shares";
        Api.ensureCompany(c, "UTC", 10, true);
        String[] types = Arrays.stream(EventType.values()).map(Enum::name).toArray(String[]::new);
        // every combination the event table's constraints allow, stored as such (not all of them pass ingestion)
        db.query("""
                INSERT INTO event (company_id, event_id, occurred_at, type, user_id, folder_kind, rating, amount_micros)
                SELECT $1, gen_random_uuid(), now(), t.type, 'u-1', k.kind, r.rating, a.amount
                  FROM unnest($2::text[]) AS t(type)
                 CROSS JOIN (VALUES ('PROJECT'), ('DOMAIN'), ('OTHER'), (NULL)) AS k(kind)
                 CROSS JOIN (VALUES ('POSITIVE'), ('NEGATIVE'), (NULL)) AS r(rating)
                 CROSS JOIN (VALUES (NULL::bigint), (0), (1234567)) AS a(amount)""", c, types);

        Measure[] measures = Arrays.stream(Measure.values()).filter(m -> m != Measure.EVENTS).toArray(Measure[]::new);
        String columns = String.join(", ", Arrays.stream(measures).map(m -> m.column).toList());
        Map<Measure, Long> counted = new EnumMap<>(Measure.class);
        int events = 0;
        for (Row event : db.query("SELECT type, folder_kind, rating, amount_micros, " + columns
                + " FROM event_measure WHERE company_id = $1", c)) {
            events++;
            String type = event.getString(0);
            String folderKind = event.getString(1);
            String rating = event.getString(2);
            Long amount = event.getLong(3);
            for (int i = 0; i < measures.length; i++) {
                Number view = (Number) event.getValue(4 + i);
                Number share = measures[i].share(type, folderKind, rating, amount);
                assertEquals(view == null ? null : view.longValue(), share == null ? null : share.longValue(),
                        measures[i] + " of " + type + ", " + folderKind + ", " + rating + ", " + amount);
                counted.merge(measures[i], share == null ? 0 : share.longValue(), Long::sum);
            }
        }
        assertEquals(types.length * 4 * 3 * 3, events);
        // each measure counted some of them: the comparison above is not only of zeros
        for (Measure measure : measures) {
            assertTrue(counted.getOrDefault(measure, 0L) > 0, measure + " counts some event");
        }
        // FEEDBACK with a rating: 4 folder kinds x 3 amounts each
        assertEquals(12, counted.get(Measure.POSITIVE_FEEDBACK));
        // SPEND of 1,234,567 micros: 4 folder kinds x 3 ratings
        assertEquals(12 * 1_234_567L, counted.get(Measure.SPEND_MICROS));
        // events ingestion would refuse: gone before any other test's rollup run sees them
        db.query("DELETE FROM event WHERE company_id = $1", c);
    }
}
