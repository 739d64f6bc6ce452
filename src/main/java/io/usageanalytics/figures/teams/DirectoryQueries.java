package io.usageanalytics.figures.teams;

import jakarta.enterprise.context.ApplicationScoped;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.smallrye.mutiny.Uni;
import io.usageanalytics.company.Company;
import io.usageanalytics.database.Transactions;
import io.usageanalytics.database.Transactions.Mode;
import io.usageanalytics.figures.days.DayStore;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Reads a company's teams and memberships (written by directory/DirectoryService) for its team figures, and holds
 * them per company while its directory's version lasts. Each request reads the version (one short statement), so
 * a snapshot applied through any replica is seen by the next request on every replica; the directory itself is
 * read again only when the version changed.
 */
@ApplicationScoped
public class DirectoryQueries {

    /**
     * The version of the company's directory: the row of its last snapshot, which every snapshot applied rewrites
     * in the transaction that changes the memberships (xmin: that transaction; applied_at: when it began).
     */
    private static final String VERSION = """
            SELECT xmin::text || '@' || applied_at::text FROM directory_snapshot WHERE company_id = $1""";

    /** No snapshot applied yet: no teams. */
    private static final String NONE = "none";

    private final Pool pool;
    private final DayStore days;
    /**
     * Per company, the directory of the version last read, bounded by the rows held (teams and memberships, a few
     * hundred bytes each with the members of the selections asked for): the least used are read again when asked.
     */
    private final Cache<String, Directory> held = Caffeine.newBuilder().maximumWeight(1_000_000)
            .weigher((String id, Directory directory) -> Math.max(1, directory.rows())).build();

    public DirectoryQueries(Pool pool, DayStore days) {
        this.pool = pool;
        this.days = days;
    }

    /** Every team the directory ever listed, and every membership, as of now. */
    public Uni<Directory> directory(Company company) {
        return version(pool, company.id).flatMap(version -> {
            Directory known = held.getIfPresent(company.id);
            if (known != null && known.version().equals(version)) {
                return Uni.createFrom().item(known);
            }
            // the version and what it versions in one snapshot, so the directory is held under its own version
            return pool.withConnection(connection -> Transactions.run(connection, Mode.REPEATABLE_READ_ONLY,
                    () -> version(connection, company.id).flatMap(read -> read(connection, company.id, read))))
                    // the last read is held: should it be older than another's, the next request reads again
                    .invoke(read -> {
                        held.put(company.id, read);
                        days.dropTeamsOfOtherVersions(company.id, read.version());
                    });
        });
    }

    private static Uni<String> version(SqlClient client, String companyId) {
        return client.preparedQuery(VERSION).execute(Tuple.of(companyId)).map(rows -> {
            for (Row row : rows) {
                return row.getString(0);
            }
            return NONE;
        });
    }

    private static Uni<Directory> read(SqlClient client, String companyId, String version) {
        Directory directory = new Directory(version);
        return client.preparedQuery("SELECT id, name, parent_id FROM team WHERE company_id = $1")
                .execute(Tuple.of(companyId))
                .flatMap(teams -> {
                    teams.forEach(row -> directory.addTeam(row.getString(0), row.getString(1), row.getString(2)));
                    return client.preparedQuery("""
                            SELECT team_id, user_id, valid_from, valid_until FROM team_membership WHERE company_id = $1""")
                            .execute(Tuple.of(companyId));
                })
                .map((RowSet<Row> memberships) -> {
                    memberships.forEach(row -> directory.addMembership(row.getString(0), row.getString(1),
                            row.getLocalDate(2), row.getLocalDate(3)));
                    return directory;
                });
    }
}
