package io.usageanalytics.directory;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.usageanalytics.company.Company;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** The teams of a company, as its directory sync last sent them. */
@ApplicationScoped
public class TeamList {

    private final Pool pool;

    public TeamList(Pool pool) {
        this.pool = pool;
    }

    /** The company's teams ordered by id; those no longer listed only when asked for. */
    public Uni<List<Team>> teams(Company company, boolean withRemoved) {
        return pool.preparedQuery("""
                SELECT id, name, parent_id, removed_on FROM team
                 WHERE company_id = $1 AND ($2 OR removed_on IS NULL)
                 ORDER BY id""")
                .execute(Tuple.of(company.id, withRemoved))
                .map(rows -> {
                    List<Team> teams = new ArrayList<>();
                    rows.forEach(row -> teams.add(new Team(row.getString("id"), row.getString("name"),
                            row.getString("parent_id"), row.getLocalDate("removed_on"))));
                    return teams;
                });
    }
}
