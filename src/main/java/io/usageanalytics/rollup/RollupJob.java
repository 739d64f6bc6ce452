package io.usageanalytics.rollup;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.pgclient.PgException;

/**
 * Rolls new events up into the per-day rollup tables, on a schedule.
 *
 * A run is one REPEATABLE READ transaction: it locks rollup_state (NOWAIT, so a
 * run on another replica makes this one skip), takes the oldest transaction
 * still running as the new watermark, rebuilds every company-day that received
 * events between the old and the new watermark from all events of that day
 * below the new watermark, and moves the watermark. A failure anywhere rolls
 * all of it back; the next run starts from the old watermark again.
 */
@ApplicationScoped
public class RollupJob {

    private static final Logger LOG = Logger.getLogger(RollupJob.class);
    private static final String LOCK_NOT_AVAILABLE = "55P03";

    private final Pool pool;
    private final MeterRegistry registry;
    private final Timer duration;
    private final Counter rowsWritten;
    private final AtomicLong lagSeconds = new AtomicLong();

    public RollupJob(Pool pool, MeterRegistry registry) {
        this.pool = pool;
        this.registry = registry;
        this.duration = Timer.builder("analytics.rollup.duration").description("Duration of completed rollup runs")
                .register(registry);
        this.rowsWritten = Counter.builder("analytics.rollup.rows.written")
                .description("Rows written to rollup tables").register(registry);
        Gauge.builder("analytics.rollup.lag.seconds", lagSeconds, AtomicLong::get)
                .description("Age of the oldest event not rolled up yet").register(registry);
    }

    @Scheduled(identity = "rollup", every = "${analytics.rollup.interval}", delayed = "${analytics.rollup.initial-delay}",
            concurrentExecution = ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return rollUpNewEvents().replaceWithVoid()
                .onFailure().invoke(e -> LOG.errorf(e, "Rollup run failed; the next run starts from the same watermark"))
                .onFailure().recoverWithNull();
    }

    /** Rolls up the events stored since the last run: only the days they touch. */
    public Uni<RollupRun> rollUpNewEvents() {
        return run(false, step -> {
        });
    }

    /** Rebuilds every day that still has raw events (days before the raw retention keep their rollups). */
    public Uni<RollupRun> rebuildAll() {
        return run(true, step -> {
        });
    }

    /** @param afterStep called after each statement with its name; a throw there fails the run mid-way */
    Uni<RollupRun> run(boolean full, Consumer<String> afterStep) {
        long started = System.nanoTime();
        return pool.withConnection(connection -> connection.begin()
                .flatMap(tx -> inTransaction(connection, tx, full, afterStep, started)))
                .onItem().invoke(this::record)
                .onFailure().invoke(e -> count("failed"))
                .call(this::updateLag);
    }

    private Uni<RollupRun> inTransaction(SqlConnection connection, Transaction tx, boolean full,
            Consumer<String> afterStep, long started) {
        Uni<RollupRun> work = exec(connection, "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                .flatMap(ignored -> exec(connection, RollupSql.LOCK))
                .flatMap(ignored -> connection.query(RollupSql.STATE).execute())
                .flatMap(state -> {
                    var row = state.iterator().next();
                    long from = full ? 0 : row.getLong("watermark");
                    long to = row.getLong("new_watermark");
                    long run = row.getLong("run");
                    return exec(connection, RollupSql.touched(from, to))
                            .flatMap(ignored -> connection.query(RollupSql.COUNT_TOUCHED).execute())
                            .flatMap(touched -> {
                                long companyDays = touched.iterator().next().getLong(0);
                                return rebuild(connection, to, run, afterStep)
                                        .flatMap(rows -> exec(connection, RollupSql.RECUT_DONE)
                                                .flatMap(ignored -> exec(connection, RollupSql.advance(to, run)))
                                                .flatMap(ignored -> tx.commit())
                                                .replaceWith(new RollupRun(RollupRun.Outcome.COMPLETED, from, to,
                                                        companyDays, rows, elapsed(started))));
                            });
                });
        return work.onFailure().recoverWithUni(e -> tx.rollback().onFailure().recoverWithNull().flatMap(ignored -> {
            if (e instanceof PgException pg && LOCK_NOT_AVAILABLE.equals(pg.getSqlState())) {
                return Uni.createFrom().item(RollupRun.skipped(elapsed(started)));
            }
            return Uni.createFrom().failure(e);
        }));
    }

    /** Deletes and re-inserts the touched days of every rollup table, one statement after another. */
    private Uni<Long> rebuild(SqlConnection connection, long watermark, long run, Consumer<String> afterStep) {
        List<String> inserts = RollupSql.inserts(watermark, run);
        Uni<Long> rows = Uni.createFrom().item(0L);
        for (int i = 0; i < RollupSql.TABLES.size(); i++) {
            String table = RollupSql.TABLES.get(i);
            String insert = inserts.get(i);
            rows = rows.flatMap(sum -> exec(connection, RollupSql.deleteRecut(table))
                    .flatMap(ignored -> exec(connection, RollupSql.delete(table)))
                    .flatMap(ignored -> connection.query(insert).execute())
                    .map(inserted -> {
                        afterStep.accept(table);
                        return sum + inserted.rowCount();
                    }));
        }
        return rows;
    }

    private static Uni<Void> exec(SqlConnection connection, String sql) {
        return connection.query(sql).execute().replaceWithVoid();
    }

    private void record(RollupRun run) {
        count(run.outcome() == RollupRun.Outcome.COMPLETED ? "completed" : "skipped");
        if (run.outcome() == RollupRun.Outcome.COMPLETED) {
            duration.record(run.duration());
            rowsWritten.increment(run.rowsWritten());
            LOG.debugf("Rolled up %d company-days (%d rows) up to transaction %d in %d ms", run.companyDays(),
                    run.rowsWritten(), run.toWatermark(), run.duration().toMillis());
        }
    }

    private void count(String outcome) {
        Counter.builder("analytics.rollup.runs").description("Rollup runs by outcome").tag("outcome", outcome)
                .register(registry).increment();
    }

    private Uni<Void> updateLag(Object ignored) {
        return pool.query(RollupSql.LAG).execute()
                .invoke(rows -> lagSeconds.set(Math.round(rows.iterator().next().getDouble("lag"))))
                .replaceWithVoid()
                .onFailure().recoverWithNull();
    }

    private static Duration elapsed(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }
}
