package io.usageanalytics.directory;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.usageanalytics.company.Company;
import io.usageanalytics.error.ApiException;
import io.usageanalytics.error.ErrorCode;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Applies directory snapshots: records, with company-local days, which teams exist and who belongs to them from
 * when. A snapshot applies from the company-local day of its asOf: memberships it lists and the company had not
 * begin that day, those it no longer lists end that day (the user counts for the team on the days before, not on
 * that day). The last snapshot of a day decides that day: a membership begun and ended on the same day never
 * existed. Snapshots apply in the order of their asOf, one company's one at a time; an older one is refused.
 */
@ApplicationScoped
public class DirectoryService {

    /** Locks the company's snapshot row, and refuses a snapshot older than the last one. */
    private static final String CLAIM = """
            INSERT INTO directory_snapshot (company_id, as_of, as_of_day)
            SELECT c.id, $2, ($2 AT TIME ZONE c.time_zone)::date FROM company c WHERE c.id = $1
            ON CONFLICT (company_id) DO UPDATE
               SET as_of = EXCLUDED.as_of, as_of_day = EXCLUDED.as_of_day, applied_at = now()
             WHERE directory_snapshot.as_of <= EXCLUDED.as_of
            RETURNING as_of_day""";

    private static final String UPSERT_TEAMS = """
            INSERT INTO team (company_id, id, name, parent_id)
            SELECT $1, t.id, t.name, t.parent_id FROM unnest($2::text[], $3::text[], $4::text[]) AS t (id, name, parent_id)
            ON CONFLICT (company_id, id) DO UPDATE
               SET name = EXCLUDED.name, parent_id = EXCLUDED.parent_id, removed_on = NULL""";

    private static final String REMOVE_TEAMS = """
            UPDATE team SET removed_on = $3
             WHERE company_id = $1 AND removed_on IS NULL AND id <> ALL ($2::text[])""";

    /** The pairs of the snapshot, as a relation: $2 team ids, $3 user ids. */
    private static final String WANTED = "unnest($2::text[], $3::text[]) AS w (team_id, user_id)";

    /** Memberships begun on the snapshot's day (by an earlier snapshot of that day) that it no longer lists. */
    private static final String DROP_BEGUN_TODAY = """
            DELETE FROM team_membership m
             WHERE m.company_id = $1 AND m.valid_until IS NULL AND m.valid_from >= $4
               AND NOT EXISTS (SELECT 1 FROM %s WHERE w.team_id = m.team_id AND w.user_id = m.user_id)"""
            .formatted(WANTED);

    private static final String END = """
            UPDATE team_membership m SET valid_until = $4
             WHERE m.company_id = $1 AND m.valid_until IS NULL AND m.valid_from < $4
               AND NOT EXISTS (SELECT 1 FROM %s WHERE w.team_id = m.team_id AND w.user_id = m.user_id)"""
            .formatted(WANTED);

    /** Memberships an earlier snapshot of the same day ended, listed again: as if they had never ended. */
    private static final String RESUME_ENDED_TODAY = """
            UPDATE team_membership m SET valid_until = NULL
             WHERE m.company_id = $1 AND m.valid_until = $4
               AND EXISTS (SELECT 1 FROM %s WHERE w.team_id = m.team_id AND w.user_id = m.user_id)"""
            .formatted(WANTED);

    private static final String BEGIN = """
            INSERT INTO team_membership (company_id, team_id, user_id, valid_from)
            SELECT $1, w.team_id, w.user_id, $4 FROM %s
             WHERE NOT EXISTS (SELECT 1 FROM team_membership m
                                WHERE m.company_id = $1 AND m.team_id = w.team_id AND m.user_id = w.user_id
                                  AND m.valid_until IS NULL)""".formatted(WANTED);

    private final Pool pool;

    public DirectoryService(Pool pool) {
        this.pool = pool;
    }

    /** Applies the snapshot to the company (which the caller may sync) in one transaction. */
    public Uni<DirectoryChange> apply(Company company, DirectorySnapshot snapshot) {
        List<String> ids = new ArrayList<>(snapshot.teams().keySet());
        String[] names = snapshot.teams().values().stream().map(DirectorySnapshot.Team::name).toArray(String[]::new);
        String[] parents = snapshot.teams().values().stream().map(DirectorySnapshot.Team::parentId).toArray(String[]::new);
        int pairs = snapshot.memberships();
        String[] teamOfPair = new String[pairs];
        String[] userOfPair = new String[pairs];
        int i = 0;
        for (DirectorySnapshot.Team team : snapshot.teams().values()) {
            for (String user : team.members()) {
                teamOfPair[i] = team.id();
                userOfPair[i++] = user;
            }
        }
        String[] teamIds = ids.toArray(String[]::new);
        return pool.withTransaction(connection -> connection.preparedQuery(CLAIM)
                .execute(Tuple.of(company.id, snapshot.asOf().atOffset(ZoneOffset.UTC)))
                .flatMap(claimed -> {
                    if (claimed.rowCount() == 0) {
                        throw new ApiException(ErrorCode.SNAPSHOT_OUT_OF_ORDER, "A snapshot with a later asOf than "
                                + snapshot.asOf() + " was applied for company '" + company.id
                                + "'; send snapshots in the order of their asOf");
                    }
                    LocalDate day = claimed.iterator().next().getLocalDate("as_of_day");
                    return teams(connection, company.id, teamIds, names, parents, day)
                            .flatMap(removed -> memberships(connection, company.id, teamOfPair, userOfPair, day)
                                    .map(counts -> new DirectoryChange(company.id, day, teamIds.length, removed,
                                            counts[0], counts[1])));
                }));
    }

    private static Uni<Integer> teams(SqlConnection connection, String companyId, String[] ids, String[] names,
            String[] parents, LocalDate day) {
        return connection.preparedQuery(UPSERT_TEAMS).execute(Tuple.of(companyId, ids, names, parents))
                .flatMap(upserted -> connection.preparedQuery(REMOVE_TEAMS).execute(Tuple.of(companyId, ids, day)))
                .map(removed -> removed.rowCount());
    }

    /** Begun and ended memberships, as {started, ended}. */
    private static Uni<int[]> memberships(SqlConnection connection, String companyId, String[] teams, String[] users,
            LocalDate day) {
        Tuple args = Tuple.of(companyId, teams, users, day);
        int[] counts = new int[2];
        return connection.preparedQuery(DROP_BEGUN_TODAY).execute(args)
                .flatMap(dropped -> {
                    counts[1] += dropped.rowCount();
                    return connection.preparedQuery(END).execute(args);
                })
                .flatMap(ended -> {
                    counts[1] += ended.rowCount();
                    return connection.preparedQuery(RESUME_ENDED_TODAY).execute(args);
                })
                .flatMap(resumed -> {
                    counts[0] += resumed.rowCount();
                    return connection.preparedQuery(BEGIN).execute(args);
                })
                .map(begun -> {
                    counts[0] += begun.rowCount();
                    return counts;
                });
    }
}
