package io.usageanalytics.company;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Reads companies for the access check of every figure request: one statement on the reactive pool, no ORM
 * session. The companies read here are not managed: changes go through {@link CompanyService}.
 */
@ApplicationScoped
public class CompanyLookup {

    private static final String COLUMNS = "SELECT id, name, seats, extra_usage_enabled, time_zone, min_team_size, per_person_views FROM company";

    private final Pool pool;

    public CompanyLookup(Pool pool) {
        this.pool = pool;
    }

    /** The company, or null when there is none with this id. */
    public Uni<Company> findById(String id) {
        return pool.preparedQuery(COLUMNS + " WHERE id = $1").execute(Tuple.of(id))
                .map(rows -> {
                    var found = rows.iterator();
                    return found.hasNext() ? company(found.next()) : null;
                });
    }

    /** The companies with these ids, ordered by id. */
    public Uni<List<Company>> findByIds(Collection<String> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return pool.preparedQuery(COLUMNS + " WHERE id = ANY($1) ORDER BY id")
                .execute(Tuple.of(ids.toArray(String[]::new)))
                .map(CompanyLookup::companies);
    }

    /** Which of these company ids exist. */
    public Uni<Set<String>> existingIds(Collection<String> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        return pool.preparedQuery("SELECT id FROM company WHERE id = ANY($1)")
                .execute(Tuple.of(ids.toArray(String[]::new)))
                .map(rows -> {
                    Set<String> existing = new HashSet<>();
                    rows.forEach(row -> existing.add(row.getString(0)));
                    return existing;
                });
    }

    /** Every company, ordered by id. */
    public Uni<List<Company>> listAllById() {
        return pool.query(COLUMNS + " ORDER BY id").execute().map(CompanyLookup::companies);
    }

    private static List<Company> companies(RowSet<Row> rows) {
        List<Company> result = new ArrayList<>(rows.size());
        rows.forEach(row -> result.add(company(row)));
        return result;
    }

    private static Company company(Row row) {
        Company company = new Company();
        company.id = row.getString("id");
        company.name = row.getString("name");
        company.seats = row.getInteger("seats");
        company.extraUsageEnabled = row.getBoolean("extra_usage_enabled");
        company.timeZone = row.getString("time_zone");
        company.minTeamSize = row.getInteger("min_team_size");
        company.perPersonViews = row.getBoolean("per_person_views");
        return company;
    }
}
