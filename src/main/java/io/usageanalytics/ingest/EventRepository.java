package io.usageanalytics.ingest;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.usageanalytics.database.Transactions;
import io.usageanalytics.database.Transactions.Mode;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;

/**
 * Stores batches of raw events, idempotent per company and event id: an event whose id its company sent before is
 * not stored again, whatever its occurredAt.
 *
 * The event table is partitioned by occurred_at (V11), so its key is (company_id, event_id, occurred_at): the same
 * event delivered again conflicts on it and is skipped by the INSERT. An id reused with another occurredAt does not
 * conflict (it may even land in another partition); it is found after the INSERT, in the same transaction, and this
 * transaction's row is deleted again. The check runs under a lock per company taken just before it, so of two
 * transactions storing the same id, the second to take the lock sees the first one's committed row (READ
 * COMMITTED: each statement sees what committed before it started) and gives its own up. The lock is held from the
 * check to the commit only: inserts of one company still run in parallel.
 */
@ApplicationScoped
public class EventRepository {

    /*
     * One INSERT for the whole batch, the columns passed as arrays. A row whose (company_id, event_id,
     * occurred_at) exists already, committed by an earlier delivery or a concurrent one, is skipped.
     */
    private static final String INSERT = """
            INSERT INTO event (company_id, event_id, occurred_at, type, user_id, chat_id, assistant_id, module,
                               folder_kind, rating, project_id, connector, invite_id, model, amount_micros,
                               app_version, platform, deployment)
            SELECT * FROM unnest($1::text[], $2::uuid[], $3::timestamptz[], $4::text[], $5::text[], $6::text[],
                                 $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[],
                                 $13::text[], $14::text[], $15::bigint[], $16::text[], $17::text[], $18::text[])
            ON CONFLICT (company_id, event_id, occurred_at) DO NOTHING
            """;

    /*
     * A transaction lock per company of the batch, in the order of the keys, so that two batches of the same
     * companies never wait for each other in a circle. The key is the company id's 64-bit hash; two companies that
     * share one only wait for each other a little more. The subquery (kept apart by DISTINCT and OFFSET) hands the
     * keys over sorted, and the locks are taken in that order.
     */
    private static final String LOCK = """
            SELECT pg_advisory_xact_lock(k)
              FROM (SELECT DISTINCT hashtextextended(c, 0) AS k FROM unnest($1::text[]) c ORDER BY k OFFSET 0) keys""";

    /*
     * The events of the batch whose (company_id, event_id) is now stored more than once: this transaction's row
     * and one committed before this statement started. Looked up id by id through the primary key of each
     * partition: one index descent per id and partition. (One scan per partition with all the batch's ids as keys,
     * "event_id = ANY(...)", was planned through the (company_id, occurred_at) index instead, reading every event
     * of the company: four times slower ingestion on M.)
     */
    private static final String STORED_TWICE = """
            SELECT b.company_id, b.event_id
              FROM unnest($1::text[], $2::uuid[]) AS b(company_id, event_id)
             WHERE (SELECT count(*) FROM event d WHERE d.company_id = b.company_id AND d.event_id = b.event_id) > 1""";

    /* This transaction's rows of those events: the other row was there first. */
    private static final String DELETE_OWN = """
            DELETE FROM event
             WHERE (company_id, event_id) IN (SELECT * FROM unnest($1::text[], $2::uuid[]))
               AND ingest_txid = pg_current_xact_id()::text::bigint""";

    /** PostgreSQL's answer to a row for which event has no partition: "no partition of relation found for row". */
    private static final String CHECK_VIOLATION = "23514";

    private final Pool pool;

    public EventRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * Inserts the events and answers how many were new: the rest were stored before (by an earlier delivery, a
     * concurrent one, or earlier in this batch: the first event of an id in the batch is the one stored).
     */
    public Uni<Integer> insert(List<TelemetryEvent> events) {
        List<TelemetryEvent> once = firstOfEachId(events);
        if (once.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        Tuple params = columns(once);
        String[] companies = once.stream().map(TelemetryEvent::companyId).distinct().toArray(String[]::new);
        Tuple ids = Tuple.of(params.getArrayOfStrings(0), params.getArrayOfUUIDs(1));
        return pool.withConnection(connection -> Transactions.run(connection, Mode.READ_COMMITTED,
                () -> connection.preparedQuery(INSERT).execute(params).flatMap(inserted -> inserted.rowCount() == 0
                        ? Uni.createFrom().item(0)
                        : connection.preparedQuery(LOCK).execute(Tuple.of(companies))
                                .flatMap(locked -> connection.preparedQuery(STORED_TWICE).execute(ids))
                                .flatMap(twice -> twice.rowCount() == 0
                                        ? Uni.createFrom().item(inserted.rowCount())
                                        : connection.preparedQuery(DELETE_OWN).execute(idsOf(twice))
                                                .map(deleted -> inserted.rowCount() - deleted.rowCount())))));
    }

    /** Whether a failure of {@link #insert} is an event for whose occurredAt the event table has no partition. */
    public static boolean noPartition(Throwable failure) {
        return failure instanceof PgException pg && CHECK_VIOLATION.equals(pg.getSqlState())
                && pg.getErrorMessage() != null && pg.getErrorMessage().startsWith("no partition");
    }

    /** The events in batch order, without the later ones of an id the batch has already (per company). */
    private static List<TelemetryEvent> firstOfEachId(List<TelemetryEvent> events) {
        Set<String> seen = new HashSet<>();
        List<TelemetryEvent> once = new ArrayList<>(events.size());
        for (TelemetryEvent event : events) {
            if (seen.add(event.companyId() + ' ' + event.eventId())) {
                once.add(event);
            }
        }
        return once;
    }

    private static Tuple idsOf(RowSet<Row> rows) {
        List<String> companies = new ArrayList<>();
        List<UUID> ids = new ArrayList<>();
        for (Row row : rows) {
            companies.add(row.getString(0));
            ids.add(row.getUUID(1));
        }
        return Tuple.of(companies.toArray(String[]::new), ids.toArray(UUID[]::new));
    }

    /** The parameters of {@link #INSERT}: one array per column. */
    private static Tuple columns(List<TelemetryEvent> events) {
        int n = events.size();
        String[] companyIds = new String[n];
        UUID[] eventIds = new UUID[n];
        OffsetDateTime[] occurredAt = new OffsetDateTime[n];
        String[] types = new String[n];
        String[][] texts = new String[TEXT_ATTRIBUTES.length][n];
        Long[] amounts = new Long[n];
        String[] appVersions = new String[n];
        String[] platforms = new String[n];
        String[] deployments = new String[n];
        for (int i = 0; i < n; i++) {
            TelemetryEvent event = events.get(i);
            companyIds[i] = event.companyId();
            eventIds[i] = event.eventId();
            occurredAt[i] = event.occurredAt();
            types[i] = event.type().name();
            for (int a = 0; a < TEXT_ATTRIBUTES.length; a++) {
                texts[a][i] = event.text(TEXT_ATTRIBUTES[a]);
            }
            amounts[i] = event.amountMicros();
            appVersions[i] = event.appVersion();
            platforms[i] = event.platform();
            deployments[i] = event.deployment();
        }
        Tuple params = Tuple.tuple()
                .addArrayOfString(companyIds)
                .addArrayOfUUID(eventIds)
                .addArrayOfOffsetDateTime(occurredAt)
                .addArrayOfString(types);
        for (String[] column : texts) {
            params.addArrayOfString(column);
        }
        return params.addArrayOfLong(amounts)
                .addArrayOfString(appVersions)
                .addArrayOfString(platforms)
                .addArrayOfString(deployments);
    }

    /** The text attributes in the column order of {@link #INSERT} ($5 to $14). */
    private static final Attribute[] TEXT_ATTRIBUTES = {
            Attribute.USER_ID, Attribute.CHAT_ID, Attribute.ASSISTANT_ID, Attribute.MODULE, Attribute.FOLDER_KIND,
            Attribute.RATING, Attribute.PROJECT_ID, Attribute.CONNECTOR, Attribute.INVITE_ID, Attribute.MODEL };
}
