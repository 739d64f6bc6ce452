package io.usageanalytics.rollup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/** The reader decodes PostgreSQL's binary COPY format into the values the rollup's aggregation takes. */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
class ChunkReaderTest {

    @Inject
    DataSource dataSource;

    /** Every column type the rollup's read sends, with nulls, extremes, text beyond ASCII, and the chunk's days. */
    private static final String VALUES = """
            SELECT t.n, t.company_id, t.day::text, t.starts, v.text, v.none, v.int4, v.int8, v.at
              FROM unnest(current_setting('analytics.chunk_companies')::text[],
                          current_setting('analytics.chunk_days')::date[],
                          current_setting('analytics.chunk_starts')::timestamptz[],
                          current_setting('analytics.chunk_ends')::timestamptz[])
                   WITH ORDINALITY AS t(company_id, day, starts, ends, n)
             CROSS JOIN (VALUES ('zä€😀 ''"{,}'::text, NULL::text, '-2147483648'::int4, 9223372036854775807::int8,
                                 '1999-12-31 23:59:59.999999+00'::timestamptz),
                                ('', NULL, 7, -1, 'infinity')) AS v(text, none, int4, int8, at)
             ORDER BY t.n, v.int4""";

    @Test
    void readsEveryColumnTypeOfTheRead() throws Exception {
        List<Object[]> rows = new ArrayList<>();
        try (Snapshot snapshot = new Snapshot(dataSource);
                ChunkReader reader = ChunkReader.open(dataSource, snapshot.id, VALUES)) {
            reader.read(new String[] { "acme \"q\"", "b,{c}" }, new String[] { "2026-11-30", "2026-12-01" },
                    new String[] { "2026-11-29T23:00Z", "2026-12-01T00:00:00.000001+01:00" },
                    new String[] { "2026-11-30T23:00Z", "2026-12-02T00:00+01:00" }, rows::add);
            // a second chunk on the same transaction
            reader.read(new String[] { "c" }, new String[] { "2026-12-02" }, new String[] { "2026-12-02T00:00Z" },
                    new String[] { "2026-12-03T00:00Z" }, rows::add);
        }
        assertEquals(6, rows.size());
        Instant beforeMillennium = Instant.parse("1999-12-31T23:59:59.999999Z");
        assertArrayEquals(new Object[] { 1L, "acme \"q\"", "2026-11-30", Instant.parse("2026-11-29T23:00:00Z"),
                "zä€😀 '\"{,}", null, Integer.MIN_VALUE, Long.MAX_VALUE, beforeMillennium }, rows.get(0));
        assertArrayEquals(new Object[] { 1L, "acme \"q\"", "2026-11-30", Instant.parse("2026-11-29T23:00:00Z"),
                "", null, 7, -1L, Instant.MAX }, rows.get(1));
        assertArrayEquals(new Object[] { 2L, "b,{c}", "2026-12-01", Instant.parse("2026-11-30T23:00:00.000001Z"),
                "zä€😀 '\"{,}", null, Integer.MIN_VALUE, Long.MAX_VALUE, beforeMillennium }, rows.get(2));
        assertArrayEquals(new Object[] { 1L, "c", "2026-12-02", Instant.parse("2026-12-02T00:00:00Z"),
                "zä€😀 '\"{,}", null, Integer.MIN_VALUE, Long.MAX_VALUE, beforeMillennium }, rows.get(4));
        // a text read again is the String read before, also in a later chunk; a different one is not
        assertSame(rows.get(0)[4], rows.get(2)[4]);
        assertSame(rows.get(0)[4], rows.get(4)[4]);
        assertNotSame(rows.get(0)[1], rows.get(2)[1]);
    }

    @Test
    void aColumnTypeItDoesNotDecodeIsRefusedAndTheConnectionGivenBack() throws Exception {
        // more times than the pool has JDBC connections: each one is given back
        for (int i = 0; i < 3; i++) {
            try (Snapshot snapshot = new Snapshot(dataSource)) {
                IllegalStateException refused = assertThrows(IllegalStateException.class,
                        () -> ChunkReader.open(dataSource, snapshot.id, "SELECT 1.5::numeric AS amount"));
                assertEquals("The rollup's read has a column of type numeric, which the reader does not decode",
                        refused.getMessage());
            }
        }
    }

    /** A transaction that exports its snapshot, as a rollup run does. */
    private static final class Snapshot implements AutoCloseable {

        final Connection connection;
        final String id;

        Snapshot(DataSource dataSource) throws Exception {
            connection = dataSource.getConnection();
            try (Statement statement = connection.createStatement()) {
                statement.execute("BEGIN ISOLATION LEVEL REPEATABLE READ");
                try (ResultSet exported = statement.executeQuery("SELECT pg_export_snapshot()")) {
                    exported.next();
                    id = exported.getString(1);
                }
            }
        }

        @Override
        public void close() throws Exception {
            try (connection; Statement statement = connection.createStatement()) {
                statement.execute("ROLLBACK");
            }
        }
    }
}
