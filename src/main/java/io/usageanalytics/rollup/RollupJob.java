package io.usageanalytics.rollup;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.usageanalytics.database.Transactions;
import io.usageanalytics.database.Transactions.Mode;
import io.usageanalytics.rollup.table.RollupTable;
import io.usageanalytics.rollup.table.StoredRows;
import io.usageanalytics.rollup.table.TailRows;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
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
 *
 * One company's data must not stop the others: the set-oriented statements run
 * for all touched company-days inside a savepoint; when they fail on data (a
 * sum beyond bigint, say), the run goes back to the savepoint and rebuilds
 * company by company, each in its own savepoint. A company that fails is held
 * at its old watermark (rollup_held_company, see V6) and retried later from
 * there; the others are rolled up and the watermark moves.
 */
@ApplicationScoped
public class RollupJob {

    private static final Logger LOG = Logger.getLogger(RollupJob.class);
    private static final String LOCK_NOT_AVAILABLE = "55P03";
    /** Data exceptions, integrity violations, program limits (a value too big for an index): one company's data. */
    private static final Set<String> DATA_ERROR_CLASSES = Set.of("22", "23", "54");

    private final Pool pool;
    /** For the reader of a run's events ({@link ChunkReader}). */
    private final DataSource dataSource;
    private final MeterRegistry registry;
    private final Timer duration;
    private final Counter rowsWritten;
    private final Duration retryFirst;
    private final Duration retryMax;
    /** Epoch milliseconds of the oldest event not rolled up at the last measurement; -1: none. */
    private final AtomicLong oldestUnrolledAt = new AtomicLong(-1);
    private final AtomicLong companiesHeld = new AtomicLong();
    /** Companies whose rollup failed on their data, by kind: newly held, or failing again when retried. */
    private final Map<String, Counter> failures = new HashMap<>();
    /**
     * Where a run's blocking work is done: the reader's connection and reads ({@link ChunkReader}) and the
     * aggregation of each chunk read ({@link ChunkAggregation}); two threads while a chunk is read.
     */
    private final ExecutorService aggregationThreads = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "rollup");
        thread.setDaemon(true);
        return thread;
    });

    public RollupJob(Pool pool, DataSource dataSource, MeterRegistry registry,
            @ConfigProperty(name = "analytics.rollup.retry-first") Duration retryFirst,
            @ConfigProperty(name = "analytics.rollup.retry-max") Duration retryMax) {
        this.pool = pool;
        this.dataSource = dataSource;
        this.registry = registry;
        this.retryFirst = retryFirst;
        this.retryMax = retryMax;
        this.duration = Timer.builder("analytics.rollup.duration").description("Duration of completed rollup runs")
                .register(registry);
        this.rowsWritten = Counter.builder("analytics.rollup.rows.written")
                .description("Rows written to rollup tables").register(registry);
        // grows between measurements, so a run that cannot measure does not leave an old, small value
        Gauge.builder("analytics.rollup.lag.seconds", oldestUnrolledAt,
                at -> at.get() < 0 ? 0 : Math.max(0, System.currentTimeMillis() - at.get()) / 1000.0)
                .description("Age of the oldest event not rolled up yet, of any company").register(registry);
        Gauge.builder("analytics.rollup.companies.held", companiesHeld, AtomicLong::get)
                .description("Companies whose rollup failed on their own data, held back and retried").register(registry);
        for (String kind : List.of("held", "retry")) {
            failures.put(kind, Counter.builder("analytics.rollup.company.failures")
                    .description("Companies whose rollup failed on their data: newly held, or failing again when retried")
                    .tag("kind", kind).register(registry));
        }
    }

    @PreDestroy
    void stop() {
        aggregationThreads.shutdownNow();
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

    /** The step after which the rows of a chunk of touched company-days are stored ({@link RollupSql#CHUNK_DAYS}). */
    static final String CHUNK = "chunk stored";

    /** The step after which a run of every event has taken their days ({@link RollupSql.Every}). */
    static final String EVERY_EVENT = "days of every event";

    /** The step after which the run's snapshot is exported, before its reader takes it. */
    static final String SNAPSHOT = "snapshot exported";

    /**
     * @param afterStep called after each insert with its table's name, after each chunk with {@link #CHUNK}, with
     *        {@link #EVERY_EVENT} and with {@link #SNAPSHOT}; a throw there fails the run mid-way
     */
    Uni<RollupRun> run(boolean full, Consumer<String> afterStep) {
        long started = System.nanoTime();
        return pool.withConnection(connection -> Transactions.run(connection, Mode.REPEATABLE_READ,
                        () -> new Steps(connection, full, afterStep).all()))
                .invoke(steps -> committed(steps.holds))
                .map(steps -> steps.outcome(elapsed(started)))
                // a run on another replica holds the lock: nothing to do here
                .onFailure(RollupJob::isLockNotAvailable).recoverWithItem(() -> RollupRun.skipped(elapsed(started)))
                .onItem().invoke(this::record)
                .onFailure().invoke(e -> count("failed"))
                .call(this::updateLag)
                .onFailure().call(e -> updateLag(null));
    }

    /**
     * The steps of one run, in its transaction, in order; each keeps what the later ones need. A failure anywhere
     * rolls the run back (see {@link Transactions#run}).
     */
    private final class Steps {

        private final SqlConnection connection;
        private final boolean full;
        private final Consumer<String> afterStep;
        private long watermark;
        private long from;
        private long to;
        private long run;
        private long companyDays;
        private Rebuilt rebuilt;
        private Holds holds;

        Steps(SqlConnection connection, boolean full, Consumer<String> afterStep) {
            this.connection = connection;
            this.full = full;
            this.afterStep = afterStep;
        }

        Uni<Steps> all() {
            return exec(connection, RollupSql.LOCK)
                    .call(this::readState)
                    .call(this::touch)
                    .call(this::rebuildTouched)
                    .call(this::holdFailed)
                    .call(this::advance)
                    .replaceWith(this);
        }

        /** The old watermark, the new one (the oldest transaction still running) and this run's number. */
        private Uni<Void> readState() {
            return connection.query(RollupSql.STATE).execute().invoke(rows -> {
                var row = rows.iterator().next();
                watermark = row.getLong("watermark");
                from = full ? 0 : watermark;
                to = row.getLong("new_watermark");
                run = row.getLong("run");
            }).replaceWithVoid();
        }

        /** The company-days to rebuild, in rollup_touched; in a run of every event, each company's days. */
        private Uni<Void> touch() {
            Uni<Boolean> every = from != 0 ? Uni.createFrom().item(false)
                    : connection.query(RollupSql.Every.applies(full)).execute()
                            .map(rows -> rows.iterator().next().getBoolean("every"));
            return every.flatMap(applies -> applies
                            ? exec(connection, RollupSql.Every.touched(to)).invoke(() -> afterStep.accept(EVERY_EVENT))
                            : exec(connection, RollupSql.touched(from, to, watermark, full)))
                    .flatMap(created -> connection.query(RollupSql.COUNT_TOUCHED).execute())
                    .invoke(rows -> companyDays = rows.iterator().next().getLong(0))
                    .replaceWithVoid();
        }

        /**
         * Rebuilds the touched company-days, their events read on a JDBC connection (the reader, {@link ChunkReader})
         * in this run's snapshot, so that the events of one chunk are read while the rows of the one before are
         * stored.
         */
        private Uni<Void> rebuildTouched() {
            if (companyDays == 0) {
                rebuilt = new Rebuilt(0, Map.of());
                return Uni.createFrom().voidItem();
            }
            Executor eventLoop = eventLoop();
            String events = RollupSql.chunkEvents(to);
            return connection.query(RollupSql.EXPORT_SNAPSHOT).execute()
                    .map(rows -> rows.iterator().next().getString("snapshot"))
                    .invoke(() -> afterStep.accept(SNAPSHOT))
                    .flatMap(snapshot -> blocking(() -> ChunkReader.open(dataSource, snapshot, events)))
                    .emitOn(eventLoop)
                    .flatMap(reader -> rebuildIsolated(connection, reader, run, afterStep)
                            .onTermination().call(() -> blocking(() -> {
                                reader.close();
                                return null;
                            })).emitOn(eventLoop))
                    .invoke(done -> rebuilt = done).replaceWithVoid();
        }

        /** Holds the companies that failed on their data, releases the held ones that no longer do. */
        private Uni<Void> holdFailed() {
            return hold(connection, full, watermark, rebuilt.failed()).invoke(done -> holds = done)
                    .replaceWithVoid();
        }

        /** Clears the recuts done and moves the watermark. */
        private Uni<Void> advance() {
            return exec(connection, RollupSql.RECUT_DONE).call(() -> exec(connection, RollupSql.advance(to, run)));
        }

        RollupRun outcome(Duration duration) {
            return new RollupRun(RollupRun.Outcome.COMPLETED, from, to, companyDays, rebuilt.rows(), duration);
        }
    }

    /** Rows written, and the companies whose statements failed on their data, with the database's message. */
    private record Rebuilt(long rows, Map<String, String> failed) {
    }

    /**
     * All touched company-days at once (the normal case: a few set-oriented statements); when that fails on
     * data, company by company, each in a savepoint of its own, so that every statement of one company is kept
     * or none is.
     */
    private Uni<Rebuilt> rebuildIsolated(SqlConnection connection, ChunkReader reader, long run,
            Consumer<String> afterStep) {
        return Transactions.savepoint(connection, "rollup_all",
                () -> rebuild(connection, reader, run, null, afterStep)
                        .map(rows -> new Rebuilt(rows, Map.of())),
                RollupJob::isDataError,
                e -> touchedCompanies(connection)
                        .flatMap(ids -> oneByOne(connection, reader, run, ids, afterStep)));
    }

    private static Uni<List<String>> touchedCompanies(SqlConnection connection) {
        return connection.query(RollupSql.TOUCHED_COMPANIES).execute().map(rows -> {
            List<String> ids = new ArrayList<>();
            rows.forEach(row -> ids.add(row.getString(0)));
            return ids;
        });
    }

    private Uni<Rebuilt> oneByOne(SqlConnection connection, ChunkReader reader, long run,
            List<String> companies, Consumer<String> afterStep) {
        Map<String, String> failed = new LinkedHashMap<>();
        Uni<Long> rows = Uni.createFrom().item(0L);
        for (String company : companies) {
            rows = rows.flatMap(sum -> Transactions.savepoint(connection, "rollup_company",
                    () -> rebuild(connection, reader, run, company, afterStep).map(written -> sum + written),
                    RollupJob::isDataError,
                    e -> {
                        failed.put(company, message(e));
                        return Uni.createFrom().item(sum);
                    }));
        }
        return rows.map(sum -> new Rebuilt(sum, failed));
    }

    /**
     * Deletes the touched company-days from every rollup table (of every touched company, or only of
     * {@code company}), then stores them again from their events, one chunk of days after the other.
     */
    private Uni<Long> rebuild(SqlConnection connection, ChunkReader reader, long run, String company,
            Consumer<String> afterStep) {
        boolean one = company != null;
        Uni<Void> deleted = Uni.createFrom().voidItem();
        for (RollupTable table : RollupTable.values()) {
            deleted = deleted.call(() -> exec(connection, RollupSql.deleteRecut(table, one), company))
                    .call(() -> exec(connection, RollupSql.delete(table, one), company));
        }
        return deleted.flatMap(ignored -> query(connection, RollupSql.touchedDays(one), company))
                .flatMap(days -> storeChunks(connection, reader, run, new Chunks(days), afterStep));
    }

    /**
     * The company-days of one chunk, as {@link RollupSql#chunkEvents} takes them (as texts, {@link RollupSql#SET_CHUNK}):
     * the n-th event read is of the n-th day.
     */
    private record Chunk(String[] companies, LocalDate[] days, String[] dayTexts, String[] starts, String[] ends) {

        /** Of a single company. */
        boolean ofOneCompany() {
            return Arrays.stream(companies).allMatch(companies[0]::equals);
        }
    }

    /** The touched days, in their order, cut into chunks as they are read: see {@link RollupSql#CHUNK_EVENTS}. */
    private static final class Chunks {

        private final List<Row> days = new ArrayList<>();
        /** The first day of the next chunk. */
        private int from;
        /** The days of the next chunk. */
        private int size = RollupSql.CHUNK_DAYS;

        Chunks(RowSet<Row> touched) {
            touched.forEach(days::add);
        }

        boolean hasNext() {
            return from < days.size();
        }

        Chunk next() {
            int n = Math.min(size, days.size() - from);
            Chunk chunk = new Chunk(new String[n], new LocalDate[n], new String[n], new String[n], new String[n]);
            for (int i = 0; i < n; i++) {
                Row day = days.get(from + i);
                chunk.companies[i] = day.getString("company_id");
                chunk.days[i] = day.getLocalDate("day");
                chunk.dayTexts[i] = chunk.days[i].toString();
                chunk.starts[i] = day.getOffsetDateTime("starts").toString();
                chunk.ends[i] = day.getOffsetDateTime("ends").toString();
            }
            from += n;
            return chunk;
        }

        /** Sizes the chunk after {@code chunk}, which had {@code events} events. */
        void read(Chunk chunk, long events) {
            int days = chunk.days().length;
            String last = chunk.companies()[days - 1];
            if (!hasNext() || !chunk.ofOneCompany() || !last.equals(this.days.get(from).getString("company_id"))) {
                size = RollupSql.CHUNK_DAYS;
                return;
            }
            long forEvents = RollupSql.CHUNK_EVENTS * days / Math.max(events, 1);
            size = (int) Math.max(RollupSql.CHUNK_DAYS, Math.min(Math.min(forEvents, 2L * days), RollupSql.CHUNK_DAYS_MOST));
        }
    }

    /** The rows of one chunk as stored, by table ({@link StoredRows}), and how many of the tables' rows they are. */
    private record ChunkRows(Chunk chunk, long events, Map<RollupTable, List<Tuple>> inserts, long rows) {

        /** @throws StoredRows.OutOfRange when a sum is beyond bigint */
        static ChunkRows of(Chunk chunk, long events, Map<String, TailRows> byCompany, long run) {
            Map<RollupTable, List<Tuple>> inserts = new EnumMap<>(RollupTable.class);
            long rows = 0;
            for (Map.Entry<String, TailRows> rowsOfCompany : byCompany.entrySet()) {
                for (Map.Entry<RollupTable, StoredRows.Batch> stored : StoredRows
                        .of(rowsOfCompany.getKey(), rowsOfCompany.getValue(), run).entrySet()) {
                    List<Tuple> tuples = inserts.computeIfAbsent(stored.getKey(), t -> new ArrayList<>());
                    stored.getValue().values().forEach(values -> tuples.add(Tuple.wrap(values)));
                    rows += stored.getValue().rows();
                }
            }
            return new ChunkRows(chunk, events, inserts, rows);
        }
    }

    /**
     * Stores the chunks one after the other on the run's connection, while the reader reads and aggregates the
     * next one: PostgreSQL reads and sends events on one backend while it writes rows on the other, and the
     * service aggregates one chunk while it sends the rows of the one before. Returns how many rows of the tables
     * were stored. At most two chunks are held: the one stored and the one read.
     */
    private Uni<Long> storeChunks(SqlConnection connection, ChunkReader reader, long run, Chunks chunks,
            Consumer<String> afterStep) {
        if (!chunks.hasNext()) {
            return Uni.createFrom().item(0L);
        }
        // the run's steps go on from the run's connection's event loop, whichever thread a read ends on
        Executor eventLoop = eventLoop();
        // the read of the chunk to store next, started while the one before is stored; null after the last
        AtomicReference<Uni<ChunkRows>> next = new AtomicReference<>(readAhead(reader, run, chunks.next()));
        return Multi.createBy().repeating()
                .uni(() -> next.get() == null ? Uni.createFrom().item(NO_MORE_CHUNKS)
                        : next.get().emitOn(eventLoop).flatMap(rows -> {
                            chunks.read(rows.chunk(), rows.events());
                            next.set(chunks.hasNext() ? readAhead(reader, run, chunks.next()) : null);
                            return store(connection, rows, afterStep);
                        }))
                .until(stored -> stored == NO_MORE_CHUNKS)
                .collect().with(Collectors.summingLong(Long::longValue))
                // a failed store leaves the read after it running: the reader's transaction ends after it
                .onFailure().call(() -> next.get() == null ? Uni.createFrom().voidItem()
                        : next.get().onFailure().recoverWithNull().replaceWithVoid());
    }

    /** What {@link #storeChunks} repeats gives once every chunk is stored. */
    private static final long NO_MORE_CHUNKS = -1;

    /** The current Vert.x context's event loop (the run's connection's), or the calling thread outside one. */
    private static Executor eventLoop() {
        Context context = Vertx.currentContext();
        return context == null ? Runnable::run : task -> context.runOnContext(v -> task.run());
    }

    /** {@code work}, which blocks, on a rollup thread. */
    private <T> Uni<T> blocking(Callable<T> work) {
        return Uni.createFrom().item(() -> {
            try {
                return work.call();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        }).runSubscriptionOn(aggregationThreads);
    }

    /** {@link #read} started now, its rows (or failure) kept for whoever asks for them. */
    private Uni<ChunkRows> readAhead(ChunkReader reader, long run, Chunk chunk) {
        Uni<ChunkRows> read = read(reader, run, chunk).memoize().indefinitely();
        read.subscribe().with(rows -> {
        }, failure -> {
        });
        return read;
    }

    /**
     * The rows of one chunk: its events read on {@code reader}, on a rollup thread, aggregated company by company
     * with the tables' descriptions ({@link TailRows}) on a thread of their own, and made the rows to store. A sum
     * beyond bigint fails it as PostgreSQL would.
     */
    private Uni<ChunkRows> read(ChunkReader reader, long run, Chunk chunk) {
        Map<String, TailRows> byCompany = new HashMap<>();
        TailRows[] rowsOfDay = new TailRows[chunk.days().length];
        for (int n = 0; n < rowsOfDay.length; n++) {
            rowsOfDay[n] = byCompany.computeIfAbsent(chunk.companies()[n], c -> new TailRows());
        }
        long[] events = new long[1];
        ChunkAggregation<ChunkRows> aggregation = new ChunkAggregation<>(aggregationThreads,
                () -> ChunkRows.of(chunk, events[0], byCompany, run));
        return blocking(() -> {
                    reader.read(chunk.companies(), chunk.dayTexts(), chunk.starts(), chunk.ends(), row -> {
                        int n = (int) ((Long) row[0]).longValue() - 1;
                        aggregation.add(rowsOfDay[n], chunk.days()[n], TailRows.values(i -> row[i + 1]));
                        events[0]++;
                    });
                    return null;
                })
                .flatMap(read -> Uni.createFrom().completionStage(aggregation::end))
                .onTermination().invoke((rows, failure, cancelled) -> {
                    if (failure != null || cancelled) {
                        aggregation.abort();
                    }
                });
    }

    /** Inserts one chunk's rows, table by table; returns how many of the tables' rows they are. */
    private static Uni<Long> store(SqlConnection connection, ChunkRows rows, Consumer<String> afterStep) {
        Uni<Void> written = Uni.createFrom().voidItem();
        for (Map.Entry<RollupTable, List<Tuple>> insert : rows.inserts().entrySet()) {
            RollupTable table = insert.getKey();
            written = written.call(() -> connection.preparedQuery(StoredRows.insert(table))
                    .executeBatch(insert.getValue()).invoke(() -> afterStep.accept(table.table)));
        }
        return written.replaceWith(rows.rows()).invoke(() -> afterStep.accept(CHUNK));
    }

    /** What a run changed in rollup_held_company. */
    private record Holds(List<String> released, Map<String, String> held, Map<String, String> stillFailing) {
    }

    /** Logged and counted once committed: a new hold at WARN, once; a failing retry only at DEBUG. */
    private void committed(Holds holds) {
        holds.held().forEach((company, error) -> LOG.warnf(
                "Rollup of company %s failed on its data and is held back; the other companies are rolled up. %s",
                company, error));
        holds.stillFailing().forEach((company, error) -> LOG.debugf("Rollup of held company %s failed again: %s",
                company, error));
        holds.released().forEach(company -> LOG.infof("Rollup of company %s succeeded; it is no longer held", company));
        failures.get("held").increment(holds.held().size());
        failures.get("retry").increment(holds.stillFailing().size());
    }

    /**
     * Releases the held companies that were retried and did not fail, then holds the ones that failed: at the
     * watermark they had (the global one, or their own when they were held already).
     */
    private Uni<Holds> hold(SqlConnection connection, boolean full, long watermark, Map<String, String> failed) {
        Uni<List<String>> released = connection.preparedQuery(RollupSql.release(full))
                .execute(Tuple.of(failed.keySet().toArray(String[]::new)))
                .map(rows -> {
                    List<String> ids = new ArrayList<>();
                    rows.forEach(row -> ids.add(row.getString(0)));
                    return ids;
                });
        return released.flatMap(ids -> {
            Map<String, String> held = new LinkedHashMap<>();
            Map<String, String> again = new LinkedHashMap<>();
            Uni<Void> all = Uni.createFrom().voidItem();
            for (var failure : failed.entrySet()) {
                all = all.flatMap(ignored -> connection.preparedQuery(RollupSql.HOLD)
                        .execute(Tuple.of(failure.getKey(), watermark, failure.getValue(),
                                retryFirst.toMillis() / 1000.0, retryMax.toMillis() / 1000.0))
                        .invoke(rows -> {
                            boolean first = rows.iterator().next().getInteger(0) == 1;
                            (first ? held : again).put(failure.getKey(), failure.getValue());
                        })
                        .replaceWithVoid());
            }
            return all.replaceWith(() -> new Holds(ids, held, again));
        });
    }

    private static boolean isLockNotAvailable(Throwable e) {
        return e instanceof PgException pg && LOCK_NOT_AVAILABLE.equals(pg.getSqlState());
    }

    /** Failed on a company's data (the database answered with a data error), not on locks, connections or the server. */
    private static boolean isDataError(Throwable e) {
        return e instanceof StoredRows.OutOfRange
                || e instanceof PgException pg && pg.getSqlState() != null && pg.getSqlState().length() == 5
                        && DATA_ERROR_CLASSES.contains(pg.getSqlState().substring(0, 2));
    }

    /** The database's message without its detail (which may quote event data). */
    private static String message(Throwable e) {
        if (!(e instanceof PgException pg)) {
            return e.getMessage();
        }
        return pg.getErrorMessage() + " (SQLSTATE " + pg.getSqlState() + ")";
    }

    private static Uni<Void> exec(SqlConnection connection, String sql) {
        return connection.query(sql).execute().replaceWithVoid();
    }

    /** {@code sql} for all touched companies, or with $1 = {@code company}. */
    private static Uni<Void> exec(SqlConnection connection, String sql, String company) {
        return query(connection, sql, company).replaceWithVoid();
    }

    /** {@link #exec(SqlConnection, String, String)}, with its rows. */
    private static Uni<RowSet<Row>> query(SqlConnection connection, String sql, String company) {
        return company == null ? connection.query(sql).execute()
                : connection.preparedQuery(sql).execute(Tuple.of(company));
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

    /** After every run, completed, skipped or failed: the lag is read from the database, not from the run. */
    private Uni<Void> updateLag(Object ignored) {
        return pool.query(RollupSql.LAG).execute()
                .invoke(rows -> {
                    var row = rows.iterator().next();
                    long lagMillis = Math.round(row.getDouble("lag") * 1000);
                    oldestUnrolledAt.set(lagMillis <= 0 ? -1 : System.currentTimeMillis() - lagMillis);
                    companiesHeld.set(row.getLong("held"));
                })
                .replaceWithVoid()
                .onFailure().recoverWithNull();
    }

    private static Duration elapsed(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }
}
