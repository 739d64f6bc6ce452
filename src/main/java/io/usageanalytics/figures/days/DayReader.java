package io.usageanalytics.figures.days;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.usageanalytics.database.Rows;
import io.usageanalytics.error.ApiException;
import io.usageanalytics.rollup.table.RollupTable;
import io.usageanalytics.rollup.table.TailRows;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Reads a company's days in one REPEATABLE READ snapshot and decodes their
 * rows: which run built each rolled-up day, the rollup rows of given days, and
 * the tail (the events not rolled up yet, aggregated by the rollup tables'
 * descriptions). Every row becomes part of a day through its table's decoder
 * ({@link RollupTable}).
 */
@ApplicationScoped
class DayReader {

    /** The start of a load: the rolled-up days as of the snapshot and their runs, and the tail. */
    record Snapshot(Instant rolledUpAt, Map<LocalDate, Long> runOfDay, Map<LocalDate, Day> tail) {
    }

    private final Counter daysRead;
    private final Counter refused;
    private final int maxTailEvents;

    DayReader(DaysConfig config, MeterRegistry registry) {
        this.maxTailEvents = config.maxTailEvents();
        this.daysRead = Counter.builder("analytics.figures.days.read")
                .description("Rolled-up company-days read from PostgreSQL into memory").register(registry);
        this.refused = Counter.builder("analytics.figures.loads.refused")
                .description("Loads refused with ROLLUP_BEHIND: the company had more events not rolled up yet than "
                        + "one load reads")
                .register(registry);
    }

    /**
     * The runs of the rolled-up days, then the tail when there is one, in the snapshot of the load's transaction
     * (which stays open for {@link #readRolled}). The first statement: it shares BEGIN's round trip.
     */
    Uni<Snapshot> snapshot(SqlConnection connection, String companyId, CompanyIds ids) {
        return snapshot(connection, companyId, ids, null);
    }

    /** The same for a team's days: the tail holds only what its members did on days they belonged to it. */
    Uni<Snapshot> snapshot(SqlConnection connection, String companyId, CompanyIds ids, TeamMembers team) {
        return connection.preparedQuery(DaySql.RUNS).execute(Tuple.of(companyId, maxTailEvents + 1L)).flatMap(runs -> {
            Map<LocalDate, Long> runOfDay = new HashMap<>();
            Instant rolledUpAt = null;
            long tailEvents = 0;
            for (var row : runs) {
                rolledUpAt = instant(row.getOffsetDateTime("rolled_up_at"));
                tailEvents = row.getLong("tail_events");
                LocalDate date = row.getLocalDate("day");
                if (date != null) {
                    runOfDay.put(date, row.getLong("rollup_run"));
                }
            }
            if (tailEvents > maxTailEvents) {
                refused.increment();
                return Uni.createFrom().failure(ApiException.rollupBehind(companyId, maxTailEvents));
            }
            Instant at = rolledUpAt;
            Uni<Map<LocalDate, Day>> days = tailEvents > 0 ? readTail(connection, companyId, ids, team)
                    : Uni.createFrom().item(Map.of());
            return days.map(tailDays -> new Snapshot(at, runOfDay, tailDays));
        });
    }

    /** The rolled-up days {@code days}, from the rows of every rollup table (the statements pipelined). */
    Uni<Map<LocalDate, Day>> readRolled(SqlConnection connection, String companyId, CompanyIds ids,
            List<LocalDate> days) {
        if (days.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        Map<LocalDate, DayOfRows> builders = new HashMap<>();
        Tuple params = Tuple.of(companyId, days.toArray(LocalDate[]::new));
        List<Uni<Void>> reads = new ArrayList<>();
        for (Map.Entry<RollupTable, String> read : DaySql.ROLLED.entrySet()) {
            RollupTable table = read.getKey();
            DaySql.Layout layout = DaySql.ROLLED_LAYOUT.get(table);
            RowView view = new RowView();
            int day = layout.day();
            reads.add(Rows.forEach(connection, read.getValue(), params, row -> {
                DayOfRows builder = builder(builders, row.getLocalDate(day), ids);
                for (int i = 0, rows = layout.rows(row); i < rows; i++) {
                    table.decode(view.of(row, layout, i), builder);
                }
            }));
        }
        return Uni.join().all(reads).andFailFast().map(ignored -> {
            Map<LocalDate, Day> built = new HashMap<>();
            builders.forEach((date, builder) -> built.put(date, builder.build()));
            daysRead.increment(built.size());
            return built;
        });
    }

    /**
     * A team's rolled-up days of {@code runOfDay} (each day and the run that built it): the rows of the tables that
     * name users, of its members, each counted when its user belonged to the team on its day. Every day asked for
     * is answered, an empty one when no member did anything on it, so that it is held as read at its run.
     */
    Uni<Map<LocalDate, Day>> readTeam(SqlConnection connection, String companyId, CompanyIds ids, TeamMembers team,
            Map<LocalDate, Long> runOfDay) {
        if (runOfDay.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        Map<LocalDate, DayOfRows> builders = new HashMap<>();
        Tuple params = Tuple.of(companyId, runOfDay.keySet().toArray(LocalDate[]::new));
        List<Uni<Void>> reads = new ArrayList<>();
        for (Map.Entry<RollupTable, String> read : DaySql.OF_USERS.entrySet()) {
            RollupTable table = read.getKey();
            DaySql.Layout layout = DaySql.ROLLED_LAYOUT.get(table);
            RowView view = new RowView();
            int day = layout.day();
            reads.add(Rows.forEach(connection, read.getValue(), params, row -> {
                LocalDate date = row.getLocalDate(day);
                for (int i = 0, rows = layout.rows(row); i < rows; i++) {
                    if (team.memberOn(view.of(row, layout, i).text("user_id"), date)) {
                        table.decode(view, builder(builders, date, ids, true));
                    }
                }
            }));
        }
        return Uni.join().all(reads).andFailFast().map(ignored -> {
            Map<LocalDate, Day> built = new HashMap<>();
            runOfDay.forEach((date, run) -> {
                DayOfRows builder = builder(builders, date, ids, true);
                builder.run(run);
                built.put(date, builder.build());
            });
            return built;
        });
    }

    /**
     * The events not rolled up yet, as days of their own: their rows of every rollup table, computed here. For a
     * team ({@code team} not null): only its members' events of days they belonged to it, in the tables that name
     * users.
     */
    private Uni<Map<LocalDate, Day>> readTail(SqlConnection connection, String companyId, CompanyIds ids,
            TeamMembers team) {
        TailRows rows = new TailRows();
        return Rows.forEach(connection, DaySql.TAIL, Tuple.of(companyId), row -> {
            LocalDate date = row.getLocalDate(0);
            if (team != null && !team.memberOn(row.getString(TailRows.READ_USER_ID + 1), date)) {
                return;
            }
            rows.add(date, i -> row.getValue(i + 1));
        }).map(ignored -> {
            Map<LocalDate, DayOfRows> builders = new HashMap<>();
            rows.forEach((table, date, row) -> {
                if (team == null ? !table.forTeamsOnly : table.byUser) {
                    table.decode(row, builder(builders, date, ids, team != null));
                }
            });
            Map<LocalDate, Day> days = new HashMap<>();
            builders.forEach((date, builder) -> days.put(date, builder.build()));
            return days;
        });
    }

    private static DayOfRows builder(Map<LocalDate, DayOfRows> builders, LocalDate date, CompanyIds ids) {
        return builder(builders, date, ids, false);
    }

    private static DayOfRows builder(Map<LocalDate, DayOfRows> builders, LocalDate date, CompanyIds ids,
            boolean countsOfUsers) {
        DayOfRows day = builders.get(date);
        if (day == null) {
            day = new DayOfRows(new DayBuilder(date), ids, countsOfUsers);
            builders.put(date, day);
        }
        return day;
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
