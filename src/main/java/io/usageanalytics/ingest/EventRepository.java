package io.usageanalytics.ingest;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** Stores batches of raw events: one statement, one round trip, idempotent per company and event id. */
@ApplicationScoped
public class EventRepository {

    /*
     * One INSERT for the whole batch, the columns passed as arrays. A row whose
     * (company_id, event_id) exists already, committed by an earlier delivery or
     * a concurrent one, is skipped, so the row count is exactly the new events.
     */
    private static final String INSERT = """
            INSERT INTO event (company_id, event_id, occurred_at, type, user_id, chat_id, assistant_id, module,
                               folder_kind, rating, project_id, connector, invite_id, model, amount_micros,
                               app_version, platform, deployment)
            SELECT * FROM unnest($1::text[], $2::uuid[], $3::timestamptz[], $4::text[], $5::text[], $6::text[],
                                 $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[],
                                 $13::text[], $14::text[], $15::bigint[], $16::text[], $17::text[], $18::text[])
            ON CONFLICT (company_id, event_id) DO NOTHING
            """;

    private final Pool pool;

    public EventRepository(Pool pool) {
        this.pool = pool;
    }

    /** Inserts the events and answers how many were new (the rest were already stored). */
    public Uni<Integer> insert(List<TelemetryEvent> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().item(0);
        }
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
        params.addArrayOfLong(amounts)
                .addArrayOfString(appVersions)
                .addArrayOfString(platforms)
                .addArrayOfString(deployments);
        return pool.preparedQuery(INSERT).execute(params).map(rows -> rows.rowCount());
    }

    /** The text attributes in the column order of {@link #INSERT} ($5 to $14). */
    private static final Attribute[] TEXT_ATTRIBUTES = {
            Attribute.USER_ID, Attribute.CHAT_ID, Attribute.ASSISTANT_ID, Attribute.MODULE, Attribute.FOLDER_KIND,
            Attribute.RATING, Attribute.PROJECT_ID, Attribute.CONNECTOR, Attribute.INVITE_ID, Attribute.MODEL };
}
