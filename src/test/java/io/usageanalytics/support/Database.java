package io.usageanalytics.support;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/** Direct reads of the real database, to check what a request stored. */
@ApplicationScoped
public class Database {

    private final Pool pool;

    public Database(Pool pool) {
        this.pool = pool;
    }

    public long eventCount(String companyId) {
        return query("SELECT count(*) FROM event WHERE company_id = $1", companyId).iterator().next().getLong(0);
    }

    public long companyCount(String companyId) {
        return query("SELECT count(*) FROM company WHERE id = $1", companyId).iterator().next().getLong(0);
    }

    /**
     * Stores an event directly, as if it had been ingested earlier: for days
     * the ingestion window no longer accepts (daylight-saving days, retention).
     */
    public void insertEvent(String companyId, java.time.OffsetDateTime occurredAt, String type, String userId) {
        query("""
                INSERT INTO event (company_id, event_id, occurred_at, type, user_id, chat_id)
                VALUES ($1, gen_random_uuid(), $2, $3, $4, CASE WHEN $3 IN ('USER_MESSAGE', 'CHAT_CREATED') THEN 'c-' || $4 END)
                """, companyId, occurredAt, type, userId);
    }

    /** Every row of every rollup table for a company, as comparable text. */
    public List<String> rollupRows(String companyId) {
        List<String> rows = new ArrayList<>();
        for (String table : List.of("rollup_company_day", "rollup_user_day", "rollup_assistant_day", "rollup_chat_day",
                "rollup_user_project_day", "rollup_connector_user_day", "rollup_environment_user_day",
                "rollup_spend_day", "rollup_invite_day", "rollup_user_chat_day", "rollup_user_assistant_day")) {
            // the number of the run that wrote a row says when, not what: left out
            query("SELECT (to_jsonb(t) - 'rollup_run')::text AS r FROM " + table + " t WHERE company_id = $1 ORDER BY r",
                    companyId)
                    .forEach(row -> rows.add(table + " " + row.getString(0)));
        }
        return rows;
    }

    /** The first column of every row, as text. */
    public List<String> strings(String sql, Object... params) {
        List<String> values = new ArrayList<>();
        query(sql, params).forEach(row -> values.add(row.getString(0)));
        return values;
    }

    public RowSet<Row> query(String sql, Object... params) {
        return pool.preparedQuery(sql).execute(Tuple.from(params)).await().indefinitely();
    }
}
