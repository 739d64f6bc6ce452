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
