package io.usageanalytics.rollup.table;

import static org.hamcrest.Matchers.greaterThan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.usageanalytics.rollup.RollupJob;
import io.usageanalytics.rollup.RollupRun;
import io.usageanalytics.support.Api;
import io.usageanalytics.support.Database;
import io.usageanalytics.support.EveryEventType;
import io.usageanalytics.support.TestTokens;
import io.vertx.mutiny.sqlclient.Row;

/** Each rollup table's description agrees with the database, and the job stores what the description computes. */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
class RollupTableTest {

    @Inject
    Database db;

    @Inject
    RollupJob rollup;

    @Test
    void eachDescriptionHasTheColumnsOfItsTable() {
        for (RollupTable table : RollupTable.values()) {
            List<String> described = table.columns().stream().map(c -> c.name() + " " + c.type()).toList();
            List<String> stored = db.strings("""
                    SELECT column_name::text || ' ' || data_type::text FROM information_schema.columns
                     WHERE table_schema = current_schema() AND table_name = $1
                     ORDER BY ordinal_position""", table.table);
            assertEquals(stored, described, table.table);
            if (table.packed) {
                // and stored as: the arrays uncompressed (e: external, V13), the key as PostgreSQL's default
                List<String> packed = db.strings("""
                        SELECT a.attname::text || ' ' || format_type(a.atttypid, a.atttypmod) || ' ' || a.attstorage::text
                          FROM pg_attribute a
                         WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped
                         ORDER BY a.attnum""", table.stored);
                List<String> arrays = table.columns().stream()
                        .map(c -> c.name() + " " + (c.name().equals("company_id") ? "text x"
                                : c.name().equals("day") ? "date p"
                                : c.type() + "[] e"))
                        .toList();
                assertEquals(arrays, packed, table.stored);
            }
        }
    }

    @Test
    void everyRollupTableHasADescription() {
        List<String> stored = db.strings("""
                SELECT table_name::text FROM information_schema.columns
                 WHERE table_schema = current_schema() AND table_name LIKE 'rollup\\_%' AND column_name IN ('company_id', 'day')
                 GROUP BY table_name HAVING count(*) = 2""").stream().sorted().toList();
        List<String> described = Arrays.stream(RollupTable.values())
                .flatMap(t -> t.packed ? Stream.of(t.table, t.stored) : Stream.of(t.table))
                .sorted().toList();
        assertEquals(stored, described);
    }

    @Test
    void eachTableHoldsWhatItsDescriptionComputesFromAllEvents() {
        String c = "described";
        Api.ensureCompany(c, "UTC", 10, true);
        LocalDate first = LocalDate.now(ZoneOffset.UTC).minusDays(3);
        Api.postEvents(TestTokens.writer(c), EveryEventType.part(1, c, first)).statusCode(200);
        rollUp();
        Api.postEvents(TestTokens.writer(c), EveryEventType.part(2, c, first)).statusCode(200)
                .body("accepted", greaterThan(0));
        rollUp();

        String events = "(SELECT company_id, day, " + String.join(", ", RollupTable.EVENT_COLUMNS)
                + " FROM event_measure WHERE company_id = $1) events";
        for (RollupTable table : RollupTable.values()) {
            // the number of the run that wrote a row says when, not what: left out
            List<String> stored = sorted(db.strings("SELECT (to_jsonb(t) - 'rollup_run')::text FROM " + table.table
                    + " t WHERE company_id = $1", c));
            List<String> computed = sorted(db.strings("SELECT (to_jsonb(r) - 'rollup_run')::text FROM ("
                    + table.select(events, 0) + ") r (" + table.columnList() + ")", c));
            assertFalse(stored.isEmpty(), table.table + " has rows");
            assertEquals(computed, stored, table.table);
        }
    }

    @Test
    void rowsComputedInMemoryAreTheRowsOfEachTablesSelect() {
        String c = "described-in-memory";
        Api.ensureCompany(c, "UTC", 10, true);
        LocalDate first = LocalDate.now(ZoneOffset.UTC).minusDays(3);
        Api.postEvents(TestTokens.writer(c), EveryEventType.part(1, c, first)).statusCode(200);
        Api.postEvents(TestTokens.writer(c), EveryEventType.part(2, c, first)).statusCode(200);

        // read as the rollup job reads events (the measures of one bit each as one number)
        TailRows inMemory = new TailRows();
        for (Row event : db.query("SELECT m.day, " + TailRows.readColumns("m") + " FROM event_measure m WHERE company_id = $1",
                c)) {
            inMemory.add(event.getLocalDate(0), i -> event.getValue(i + 1));
        }
        Map<RollupTable, List<String>> computed = new EnumMap<>(RollupTable.class);
        inMemory.forEach((table, day, row) -> computed.computeIfAbsent(table, t -> new ArrayList<>())
                .add(describe(table, day, row)));

        String events = "(SELECT company_id, day, " + String.join(", ", RollupTable.EVENT_COLUMNS)
                + " FROM event_measure WHERE company_id = $1) events";
        for (RollupTable table : RollupTable.values()) {
            List<String> selected = new ArrayList<>();
            for (Row row : db.query("SELECT * FROM (" + table.select(events, 0) + ") r (" + table.columnList() + ")", c)) {
                selected.add(describe(table, row));
            }
            assertFalse(selected.isEmpty(), table.table + " has rows");
            assertEquals(sorted(selected), sorted(computed.getOrDefault(table, List.of())), table.table);
        }
    }

    /** A row computed in memory, column by column as its type reads. */
    private static String describe(RollupTable table, LocalDate day, RollupRow row) {
        StringBuilder text = new StringBuilder();
        for (RollupTable.Column column : table.columns()) {
            Object value = switch (column.name()) {
                case "company_id" -> "";
                case "day" -> day;
                default -> switch (column.type()) {
                    case "text" -> row.text(column.name());
                    case "bigint" -> row.number(column.name());
                    case "boolean" -> row.flag(column.name());
                    default -> row.instant(column.name());
                };
            };
            text.append(column.name()).append('=').append(value).append(' ');
        }
        return text.toString();
    }

    /** A row of a table's SELECT, the same way (a sum of nothing is 0 in both). */
    private static String describe(RollupTable table, Row row) {
        StringBuilder text = new StringBuilder();
        for (RollupTable.Column column : table.columns()) {
            Object value = row.getValue(column.name());
            if (column.name().equals("company_id")) {
                value = "";
            } else if (value instanceof OffsetDateTime at) {
                value = at.toInstant();
            } else if (column.type().equals("bigint")) {
                value = value == null ? 0L : ((Number) value).longValue();
            } else if (column.type().equals("boolean")) {
                value = Boolean.TRUE.equals(value);
            }
            text.append(column.name()).append('=').append(value).append(' ');
        }
        return text.toString();
    }

    private void rollUp() {
        assertEquals(RollupRun.Outcome.COMPLETED, rollup.rollUpNewEvents().await().indefinitely().outcome());
    }

    private static List<String> sorted(List<String> rows) {
        return new ArrayList<>(rows).stream().sorted().collect(Collectors.toList());
    }
}
