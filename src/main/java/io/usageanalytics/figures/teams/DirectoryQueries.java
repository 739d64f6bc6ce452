package io.usageanalytics.figures.teams;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.usageanalytics.company.Company;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** Reads a company's teams and memberships (written by directory/DirectoryService) for its team figures. */
@ApplicationScoped
public class DirectoryQueries {

    private final Pool pool;

    public DirectoryQueries(Pool pool) {
        this.pool = pool;
    }

    /** Every team the directory ever listed, and every membership. */
    public Uni<Directory> directory(Company company) {
        Directory directory = new Directory();
        return pool.preparedQuery("SELECT id, name, parent_id FROM team WHERE company_id = $1")
                .execute(Tuple.of(company.id))
                .flatMap(teams -> {
                    teams.forEach(row -> directory.addTeam(row.getString(0), row.getString(1), row.getString(2)));
                    return pool.preparedQuery("""
                            SELECT team_id, user_id, valid_from, valid_until FROM team_membership WHERE company_id = $1""")
                            .execute(Tuple.of(company.id));
                })
                .map(memberships -> {
                    memberships.forEach(row -> directory.addMembership(row.getString(0), row.getString(1),
                            row.getLocalDate(2), row.getLocalDate(3)));
                    return directory;
                });
    }
}
