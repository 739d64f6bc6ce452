package io.usageanalytics.figures.days;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.Arc;
import io.smallrye.mutiny.Uni;
import io.usageanalytics.company.Company;
import io.usageanalytics.figures.FiguresConfig;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * Loads a company's days for the figures: the rolled-up days, held in memory
 * once read and read again only when a rollup run rebuilt them (each
 * rollup_company_day row names the run that built it), plus the events not
 * rolled up yet, read on every load. A dashboard request thus costs
 * PostgreSQL one short transaction of small statements, however long its
 * range.
 */
@ApplicationScoped
public class DayStore {

    /** What one process holds of one company. */
    private static final class Held {
        final CompanyIds ids = new CompanyIds();
        final Map<LocalDate, Day> days = new ConcurrentHashMap<>();
        final AtomicLong weight = new AtomicLong();
        volatile long lastUsed;
        /** Completes when the load now reading rolled-up days of this company has kept them; null when none is. */
        final AtomicReference<CompletableFuture<Void>> reading = new AtomicReference<>();
    }

    /** One load: the rolled-up days as of the transaction's snapshot, and the tail. */
    private record Loaded(Instant rolledUpAt, Map<LocalDate, Day> rolled, Map<LocalDate, Day> tail) {
    }

    private final Pool pool;
    private final RequestDays requestDays;
    private final long maxBytes;
    private final Map<String, Held> companies = new ConcurrentHashMap<>();
    private final DayReader reader;

    public DayStore(Pool pool, RequestDays requestDays, DayReader reader, FiguresConfig config, MeterRegistry registry) {
        this.pool = pool;
        this.requestDays = requestDays;
        this.reader = reader;
        this.maxBytes = config.daysInMemoryMaxMb() * 1024L * 1024L;
        Gauge.builder("analytics.figures.days.held.bytes", companies,
                held -> held.values().stream().mapToLong(company -> company.weight.get()).sum())
                .description("Memory taken by the rolled-up company-days held, roughly").register(registry);
    }

    /** The company's days for the current request: loaded once per request and company (see RequestDays). */
    public Uni<CompanyDays> forRequest(Company company) {
        return Arc.container().requestContext().isActive() ? requestDays.of(company, this) : load(company);
    }

    /** The company's days as of now: every event acknowledged before this call is in them. */
    public Uni<CompanyDays> load(Company company) {
        Instant computedAt = Instant.now();
        Held held = companies.computeIfAbsent(company.id, id -> new Held());
        held.lastUsed = System.nanoTime();
        return pool.withConnection(connection -> read(connection, company.id, held)
                .call(loaded -> exec(connection, DaySql.COMMIT))
                .onFailure().call(e -> exec(connection, DaySql.ROLLBACK).onFailure().recoverWithNull()))
                .map(loaded -> {
                    TreeMap<LocalDate, Day> days = new TreeMap<>(loaded.rolled());
                    loaded.tail().forEach((date, tail) -> days.merge(date, tail,
                            (rolled, more) -> new DayBuilder(date).add(rolled).add(more).build()));
                    return new CompanyDays(days, held.ids.users, held.ids.chats, held.ids.invites, loaded.rolledUpAt(),
                            computedAt);
                })
                .invoke(ignored -> evictBeyondLimit(held));
    }

    /**
     * BEGIN, the runs of the rolled-up days and the tail go out together (pipelined on the connection, one
     * snapshot); the rollup rows of days this process does not hold at the right run follow in the same
     * transaction.
     */
    private Uni<Loaded> read(SqlConnection connection, String companyId, Held held) {
        return reader.begin(connection, companyId, held.ids).flatMap(snapshot -> {
            Map<LocalDate, Long> runOfDay = snapshot.runOfDay();
            held.days.values().removeIf(day -> {
                boolean gone = !runOfDay.containsKey(day.date());
                if (gone) {
                    held.weight.addAndGet(-day.weight());
                }
                return gone;
            });
            return daysAt(connection, companyId, held, runOfDay)
                    .map(rolled -> new Loaded(snapshot.rolledUpAt(), rolled, snapshot.tail()));
        });
    }

    /**
     * The rolled-up days of {@code runOfDay} at those runs: the ones held as they are, the others read in this
     * load's transaction. When another load is reading this company's days at the same time (requests arriving
     * together at a company not held yet, after a start, say), this one waits for it and takes what it kept, so
     * the history is read once.
     */
    private Uni<Map<LocalDate, Day>> daysAt(SqlConnection connection, String companyId, Held held,
            Map<LocalDate, Long> runOfDay) {
        Map<LocalDate, Day> kept = new HashMap<>();
        Map<LocalDate, Long> stale = new HashMap<>();
        runOfDay.forEach((date, run) -> {
            // taken now: another load may replace the held day with a later run meanwhile
            Day day = held.days.get(date);
            if (day != null && day.run() == run) {
                kept.put(date, day);
            } else {
                stale.put(date, run);
            }
        });
        if (stale.isEmpty()) {
            return Uni.createFrom().item(kept);
        }
        CompletableFuture<Void> mine = new CompletableFuture<>();
        CompletableFuture<Void> other = held.reading.compareAndExchange(null, mine);
        Uni<Map<LocalDate, Day>> rest;
        if (other == null) {
            rest = readRolled(connection, companyId, held, List.copyOf(stale.keySet()))
                    .onTermination().invoke(() -> {
                        held.reading.set(null);
                        mine.complete(null);
                    });
        } else {
            rest = afterward(other).flatMap(ignored -> daysAt(connection, companyId, held, stale));
        }
        return rest.map(read -> {
            kept.putAll(read);
            return kept;
        });
    }

    /** Completes with {@code other}, going on where this load started, not on the thread of the load that finished. */
    private static Uni<Void> afterward(CompletableFuture<Void> other) {
        Context context = Vertx.currentContext();
        Uni<Void> done = Uni.createFrom().completionStage(other);
        return context == null ? done : done.emitOn(command -> context.runOnContext(ignored -> command.run()));
    }

    /** Reads the rollup rows of {@code days} and keeps the days built from them. */
    private Uni<Map<LocalDate, Day>> readRolled(SqlConnection connection, String companyId, Held held,
            List<LocalDate> days) {
        return reader.readRolled(connection, companyId, held.ids, days).invoke(built -> built.forEach((date, day) -> {
            Day before = held.days.put(date, day);
            held.weight.addAndGet(day.weight() - (before == null ? 0 : before.weight()));
        }));
    }

    /** Forgets the companies used longest ago while the days held take more than the configured memory. */
    private void evictBeyondLimit(Held current) {
        long total = companies.values().stream().mapToLong(held -> held.weight.get()).sum();
        if (total <= maxBytes) {
            return;
        }
        List<Map.Entry<String, Held>> byAge = new ArrayList<>(companies.entrySet());
        byAge.sort(Comparator.comparingLong(entry -> entry.getValue().lastUsed));
        for (Map.Entry<String, Held> entry : byAge) {
            if (total <= maxBytes) {
                break;
            }
            if (entry.getValue() != current) {
                companies.remove(entry.getKey(), entry.getValue());
                total -= entry.getValue().weight.get();
            }
        }
    }

    private static Uni<Void> exec(SqlConnection connection, String sql) {
        return connection.query(sql).execute().replaceWithVoid();
    }
}
