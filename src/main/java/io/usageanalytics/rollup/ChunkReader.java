package io.usageanalytics.rollup;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Arrays;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;

/**
 * The connection a rollup run reads its chunks' events on: a JDBC connection in the run's snapshot, which reads
 * each chunk with COPY in PostgreSQL's binary format and decodes the few column types it sends by hand. The run
 * reads every touched event, and decoding them into the reactive client's rows (a row object, a list and a
 * decoded value per column, three objects per timestamp) was the largest part of the service's CPU in a full
 * rollup (docs/benchmarks.md); the run's own statements stay on the reactive connection.
 *
 * Blocking: used from one rollup thread at a time, never from an event loop. COPY takes no parameters, so a
 * chunk's days are settings of the reader's transaction, which {@link RollupSql#chunkEvents} reads.
 */
final class ChunkReader implements AutoCloseable {

    /** One row of a chunk's events: its columns decoded, in the order of the read. */
    @FunctionalInterface
    interface RowConsumer {
        void accept(Object[] columns);
    }

    private static final byte[] SIGNATURE = "PGCOPY\n\377\r\n\0".getBytes(StandardCharsets.ISO_8859_1);
    /** PostgreSQL's timestamps count microseconds from 2000-01-01 00:00 UTC. */
    private static final long POSTGRES_EPOCH_SECONDS = 946_684_800L;

    private enum Kind {
        TEXT, INT8, INT4, TIMESTAMPTZ
    }

    private final Connection connection;
    private final String copy;
    private final Kind[] kinds;
    /** By column: the texts read last, for a text column. */
    private final Texts[] texts;

    private ChunkReader(Connection connection, String copy, Kind[] kinds) {
        this.connection = connection;
        this.copy = copy;
        this.kinds = kinds;
        this.texts = new Texts[kinds.length];
        for (int i = 0; i < kinds.length; i++) {
            texts[i] = kinds[i] == Kind.TEXT ? new Texts() : null;
        }
    }

    /**
     * The texts of one column read last, by a hash of their bytes: most of an event's texts repeat (its type,
     * user, assistant, platform, version), and a text read again is the same String, with its hash computed, found
     * equal to a group's key by identity. Decoding a new String for each of them was a sixth of the aggregation's
     * time (docs/benchmarks.md).
     */
    private static final class Texts {

        /** A power of two, more than the users of a large company's day. */
        private static final int SLOTS = 1 << 13;
        private final byte[][] bytes = new byte[SLOTS][];
        private final String[] strings = new String[SLOTS];

        String of(byte[] data, int at, int length) {
            int hash = length;
            for (int i = at; i < at + length; i++) {
                hash = 31 * hash + data[i];
            }
            int slot = (hash ^ hash >>> 16) & (SLOTS - 1);
            byte[] known = bytes[slot];
            if (known != null && Arrays.equals(known, 0, known.length, data, at, at + length)) {
                return strings[slot];
            }
            String text = new String(data, at, length, StandardCharsets.UTF_8);
            bytes[slot] = Arrays.copyOfRange(data, at, at + length);
            strings[slot] = text;
            return text;
        }
    }

    /**
     * Begins the reader's transaction in {@code snapshot} (exported by the run) and learns the types of the
     * columns of {@code events} ({@link RollupSql#chunkEvents}). Closes the connection when that fails.
     */
    static ChunkReader open(DataSource dataSource, String snapshot, String events) throws SQLException {
        Connection connection = dataSource.getConnection();
        try {
            try (Statement statement = connection.createStatement()) {
                // autocommit stays on, so that the pool's connection keeps its settings: the transaction is ours
                statement.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
                statement.execute(RollupSql.readerSnapshot(snapshot));
                statement.execute(RollupSql.NO_MEMOIZE);
                statement.execute(RollupSql.BITMAP_READS);
            }
            Kind[] kinds;
            try (PreparedStatement described = connection.prepareStatement(events)) {
                ResultSetMetaData columns = described.getMetaData();
                kinds = new Kind[columns.getColumnCount()];
                for (int i = 0; i < kinds.length; i++) {
                    kinds[i] = kind(columns.getColumnTypeName(i + 1));
                }
            }
            return new ChunkReader(connection, "COPY (" + events + ") TO STDOUT (FORMAT binary)", kinds);
        } catch (SQLException | RuntimeException e) {
            try {
                close(connection);
            } catch (SQLException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    private static Kind kind(String type) {
        return switch (type) {
            case "text", "varchar" -> Kind.TEXT;
            case "int8" -> Kind.INT8;
            case "int4" -> Kind.INT4;
            case "timestamptz" -> Kind.TIMESTAMPTZ;
            default -> throw new IllegalStateException("The rollup's read has a column of type " + type
                    + ", which the reader does not decode");
        };
    }

    /** Reads the events of the company-days given as arrays (as text: see {@link RollupSql#chunkEvents}). */
    void read(String[] companies, String[] days, String[] starts, String[] ends, RowConsumer rows) throws SQLException {
        try (PreparedStatement chunk = connection.prepareStatement(RollupSql.SET_CHUNK)) {
            chunk.setArray(1, connection.createArrayOf("text", companies));
            chunk.setArray(2, connection.createArrayOf("text", days));
            chunk.setArray(3, connection.createArrayOf("text", starts));
            chunk.setArray(4, connection.createArrayOf("text", ends));
            chunk.execute();
        }
        CopyOut out = connection.unwrap(PGConnection.class).getCopyAPI().copyOut(copy);
        try {
            boolean first = true;
            for (byte[] data = out.readFromCopy(); data != null; data = out.readFromCopy()) {
                int at = 0;
                if (first) {
                    at = header(data);
                    first = false;
                }
                while (at < data.length) {
                    at = row(data, at, rows);
                }
            }
        } finally {
            if (out.isActive()) {
                out.cancelCopy();
            }
        }
    }

    /** The position after the header of the first message. */
    private static int header(byte[] data) {
        if (data.length < SIGNATURE.length + 8 || !Arrays.equals(data, 0, SIGNATURE.length, SIGNATURE, 0, SIGNATURE.length)) {
            throw new IllegalStateException("Not PostgreSQL's binary COPY format");
        }
        int extension = int4(data, SIGNATURE.length + 4);
        return SIGNATURE.length + 8 + extension;
    }

    /** Decodes the row (or the trailer) at {@code at}; returns the position after it. */
    private int row(byte[] data, int at, RowConsumer rows) {
        int count = (short) (((data[at] & 0xff) << 8) | (data[at + 1] & 0xff));
        at += 2;
        if (count == -1) {
            return data.length; // the trailer: no more rows
        }
        if (count != kinds.length) {
            throw new IllegalStateException("A row of " + count + " columns, not " + kinds.length);
        }
        Object[] columns = new Object[count];
        for (int i = 0; i < count; i++) {
            int length = int4(data, at);
            at += 4;
            if (length < 0) {
                continue; // null
            }
            columns[i] = switch (kinds[i]) {
                case TEXT -> texts[i].of(data, at, length);
                case INT8 -> int8(data, at);
                case INT4 -> int4(data, at);
                case TIMESTAMPTZ -> instant(int8(data, at));
            };
            at += length;
        }
        rows.accept(columns);
        return at;
    }

    private static Instant instant(long micros) {
        if (micros == Long.MAX_VALUE) {
            return Instant.MAX; // 'infinity'
        }
        if (micros == Long.MIN_VALUE) {
            return Instant.MIN;
        }
        return Instant.ofEpochSecond(POSTGRES_EPOCH_SECONDS + Math.floorDiv(micros, 1_000_000L),
                Math.floorMod(micros, 1_000_000L) * 1_000L);
    }

    private static int int4(byte[] data, int at) {
        return ((data[at] & 0xff) << 24) | ((data[at + 1] & 0xff) << 16) | ((data[at + 2] & 0xff) << 8)
                | (data[at + 3] & 0xff);
    }

    private static long int8(byte[] data, int at) {
        return ((long) int4(data, at) << 32) | (int4(data, at + 4) & 0xffffffffL);
    }

    /** Ends the read-only transaction and gives the connection back. */
    @Override
    public void close() throws SQLException {
        close(connection);
    }

    private static void close(Connection connection) throws SQLException {
        try (connection; Statement statement = connection.createStatement()) {
            statement.execute("ROLLBACK");
        }
    }
}
