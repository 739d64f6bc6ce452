package io.usageanalytics.figures.days;

import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.arc.Arc;
import io.smallrye.mutiny.Uni;
import io.usageanalytics.company.Company;
import io.usageanalytics.database.Transactions;
import io.usageanalytics.database.Transactions.Mode;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * A company's days for the figures: the rolled-up days, held in memory once
 * read ({@link HeldDays}) and read again only when a rollup run rebuilt them
 * (each rollup_company_day row names the run that built it), plus the events
 * not rolled up yet, read on every load ({@link DayReader}). A dashboard
 * request thus costs PostgreSQL one short transaction of small statements,
 * however long its range.
 */
@ApplicationScoped
public class DayStore {

    /** One load: the rolled-up days as of the transaction's snapshot, and the tail. */
    private record Loaded(Instant rolledUpAt, HeldDays.Rolled rolled, Map<LocalDate, Day> tail) {
    }

    private final Pool pool;
    private final RequestDays requestDays;
    private final DayReader reader;
    private final HeldDays held;

    DayStore(Pool pool, RequestDays requestDays, DayReader reader, HeldDays held) {
        this.pool = pool;
        this.requestDays = requestDays;
        this.reader = reader;
        this.held = held;
    }

    /**
     * The company's days for the current request, or its team's when the company is seen through one
     * ({@link TeamScope}): loaded once per request, company and scope (see RequestDays).
     */
    public Uni<CompanyDays> forRequest(Company company) {
        return Arc.container().requestContext().isActive() ? requestDays.of(company, this) : loadFor(company);
    }

    Uni<CompanyDays> loadFor(Company company) {
        return company.scope instanceof TeamScope team ? loadTeam(company, team) : load(company);
    }

    /**
     * A team's days as of now: what its members did on the days they belonged to it, rolled up or not. Its
     * rolled-up days are held like the company's, under the team and the version of the directory they were
     * counted with (a snapshot applied makes new members, so a new key), and read again when a rollup run
     * rebuilt them; the tail is read for each load, filtered by the members.
     */
    public Uni<CompanyDays> loadTeam(Company company, TeamScope team) {
        Instant computedAt = Instant.now();
        String heldAs = teamsHeldAs(company.id, team.directoryVersion()) + team.key();
        CompanyIds ids = held.ids(heldAs);
        TeamMembers members = team.members();
        return pool.withConnection(connection -> Transactions.runPipelined(connection, Mode.REPEATABLE_READ_ONLY,
                () -> reader.snapshot(connection, company.id, ids, members).flatMap(snapshot -> held
                        .daysAt(heldAs, ids, snapshot.runOfDay(), days -> reader.readTeam(connection, company.id, ids,
                                members, runsOf(days, snapshot.runOfDay())))
                        .map(rolled -> new Loaded(snapshot.rolledUpAt(), rolled, snapshot.tail())))))
                .map(loaded -> days(loaded, ids, computedAt, true));
    }

    /**
     * Drops the company's teams' days held under other versions of its directory than {@code directoryVersion}:
     * counted with memberships that are no longer the directory's, they would never be asked for again.
     */
    public void dropTeamsOfOtherVersions(String companyId, String directoryVersion) {
        held.dropHeldAs(companyId + "\u0000", teamsHeldAs(companyId, directoryVersion));
    }

    /** The start of the keys a company's teams' days are held under; the company's own is its id alone. */
    private static String teamsHeldAs(String companyId, String directoryVersion) {
        return companyId + "\u0000" + directoryVersion + "\u0000";
    }

    private static Map<LocalDate, Long> runsOf(List<LocalDate> days, Map<LocalDate, Long> runOfDay) {
        Map<LocalDate, Long> runs = new HashMap<>();
        days.forEach(day -> runs.put(day, runOfDay.get(day)));
        return runs;
    }

    /** The company's days as of now: every event acknowledged before this call is in them. */
    public Uni<CompanyDays> load(Company company) {
        Instant computedAt = Instant.now();
        CompanyIds ids = held.ids(company.id);
        // pipelined: BEGIN and the first statement of the read share a round trip
        return pool.withConnection(connection -> Transactions.runPipelined(connection, Mode.REPEATABLE_READ_ONLY,
                () -> read(connection, company.id, ids)))
                .map(loaded -> days(loaded, ids, computedAt, false));
    }

    /** The rolled-up days with the tail added, each event once; a team's without the days its members had none. */
    private static CompanyDays days(Loaded loaded, CompanyIds ids, Instant computedAt, boolean team) {
        TreeMap<LocalDate, Day> days = new TreeMap<>(loaded.rolled().days());
        loaded.tail().forEach((date, tail) -> days.merge(date, tail,
                (rolled, more) -> MergedDay.of(rolled, more)));
        if (team) {
            days.values().removeIf(Day::isEmpty);
        }
        return new CompanyDays(days, ids.users, ids.chats, ids.invites, loaded.rolledUpAt(), computedAt,
                loaded.rolled().computed(), loaded.tail().keySet());
    }

    /** The snapshot's runs and tail, then the rolled-up days at those runs, held or read in the same transaction. */
    private Uni<Loaded> read(SqlConnection connection, String companyId, CompanyIds ids) {
        return reader.snapshot(connection, companyId, ids).flatMap(snapshot -> held
                .daysAt(companyId, ids, snapshot.runOfDay(), days -> reader.readRolled(connection, companyId, ids, days))
                .map(rolled -> new Loaded(snapshot.rolledUpAt(), rolled, snapshot.tail())));
    }
}
