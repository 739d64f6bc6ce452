package io.usageanalytics.figures.days;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
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
import java.util.function.Consumer;
import java.util.stream.Collector;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.Arc;
import io.smallrye.mutiny.Uni;
import io.usageanalytics.company.Company;
import io.usageanalytics.figures.FiguresConfig;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.sqlclient.Row;

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
        final Ordinals users = new Ordinals();
        final Ordinals chats = new Ordinals();
        final Ordinals projects = new Ordinals();
        final Ordinals invites = new Ordinals();
        /** One instance of each id and value (projects, versions, models, ...): less memory, faster lookups. */
        final Map<String, String> texts = new ConcurrentHashMap<>();
        final Map<LocalDate, Day> days = new ConcurrentHashMap<>();
        final AtomicLong weight = new AtomicLong();
        volatile long lastUsed;
        /** Completes when the load now reading rolled-up days of this company has kept them; null when none is. */
        final AtomicReference<CompletableFuture<Void>> reading = new AtomicReference<>();

        String text(Row row, int column) {
            String value = row.getString(column);
            return value == null ? null : texts.computeIfAbsent(value, v -> v);
        }
    }

    /** One load: the rolled-up days as of the transaction's snapshot, and the tail. */
    private record Loaded(Instant rolledUpAt, Map<LocalDate, Day> rolled, Map<LocalDate, Day> tail) {
    }

    private final Pool pool;
    private final RequestDays requestDays;
    private final long maxBytes;
    private final Map<String, Held> companies = new ConcurrentHashMap<>();
    private final Counter daysRead;

    public DayStore(Pool pool, RequestDays requestDays, FiguresConfig config, MeterRegistry registry) {
        this.pool = pool;
        this.requestDays = requestDays;
        this.maxBytes = config.daysInMemoryMaxMb() * 1024L * 1024L;
        this.daysRead = Counter.builder("analytics.figures.days.read")
                .description("Rolled-up company-days read from PostgreSQL into memory").register(registry);
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
                    return new CompanyDays(days, held.users, held.chats, held.invites, loaded.rolledUpAt(),
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
        Uni<Void> begin = exec(connection, DaySql.BEGIN);
        Uni<RowSet<io.vertx.mutiny.sqlclient.Row>> runs = connection.preparedQuery(DaySql.RUNS)
                .execute(Tuple.of(companyId));
        Uni<Map<LocalDate, Day>> tail = readTail(connection, companyId, held);
        return Uni.combine().all().unis(begin, runs, tail).asTuple().flatMap(started -> {
            Map<LocalDate, Long> runOfDay = new HashMap<>();
            Instant[] rolledUpAt = new Instant[1];
            started.getItem2().forEach(row -> {
                rolledUpAt[0] = instant(row.getOffsetDateTime("rolled_up_at"));
                LocalDate date = row.getLocalDate("day");
                if (date != null) {
                    runOfDay.put(date, row.getLong("rollup_run"));
                }
            });
            held.days.values().removeIf(day -> {
                boolean gone = !runOfDay.containsKey(day.date());
                if (gone) {
                    held.weight.addAndGet(-day.weight());
                }
                return gone;
            });
            return daysAt(connection, companyId, held, runOfDay)
                    .map(rolled -> new Loaded(rolledUpAt[0], rolled, started.getItem3()));
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
        if (days.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        Map<LocalDate, DayBuilder> builders = new HashMap<>();
        Tuple params = Tuple.of(companyId, days.toArray(LocalDate[]::new));
        List<Consumer<Row>> readers = List.of(
                row -> {
                    DayBuilder day = builder(builders, row);
                    day.run(row.getLong(1));
                    for (Measure measure : Measure.values()) {
                        day.count(measure, row.getLong(2 + measure.ordinal()));
                    }
                    day.received(instant(row.getOffsetDateTime(2 + Measure.values().length)));
                },
                row -> builder(builders, row).user(held.users.of(row.getString(1)), row.getLong(2), row.getLong(3)),
                row -> builder(builders, row).environment(held.text(row, 1), held.text(row, 2), held.text(row, 3),
                        held.users.of(row.getString(4))),
                row -> builder(builders, row).connector(held.text(row, 1), held.users.of(row.getString(2))),
                row -> builder(builders, row).project(held.projects.of(row.getString(1)), held.users.of(row.getString(2))),
                row -> builder(builders, row).chat(held.chats.of(row.getString(1)), row.getLong(2)),
                row -> builder(builders, row).assistant(held.text(row, 1), held.text(row, 2), row.getLong(3),
                        row.getLong(4), row.getLong(5), row.getLong(6)),
                row -> builder(builders, row).spend(held.users.of(row.getString(1)), held.text(row, 2),
                        row.getLong(3)),
                row -> builder(builders, row).invite(held.invites.of(row.getString(1)), row.getBoolean(2), row.getBoolean(3),
                        row.getBoolean(4)));
        Uni<Void> all = Uni.createFrom().voidItem();
        for (int i = 0; i < DaySql.ROLLED.size(); i++) {
            String sql = DaySql.ROLLED.get(i);
            Consumer<Row> reader = readers.get(i);
            all = all.flatMap(ignored -> forEachRow(connection, sql, params, reader));
        }
        return all.map(ignored -> {
            Map<LocalDate, Day> built = new HashMap<>();
            builders.forEach((date, builder) -> {
                Day day = builder.build();
                built.put(date, day);
                Day before = held.days.put(date, day);
                held.weight.addAndGet(day.weight() - (before == null ? 0 : before.weight()));
            });
            daysRead.increment(built.size());
            return built;
        });
    }

    /** The events not rolled up yet, as days of their own. */
    private Uni<Map<LocalDate, Day>> readTail(SqlConnection connection, String companyId, Held held) {
        Map<LocalDate, DayBuilder> builders = new HashMap<>();
        return forEachRow(connection, DaySql.TAIL, Tuple.of(companyId), row -> addEvent(builder(builders, row), row, held))
                .map(ignored -> {
                    Map<LocalDate, Day> days = new HashMap<>();
                    builders.forEach((date, builder) -> days.put(date, builder.build()));
                    return days;
                });
    }

    /** One event, the way the rollup job counts it (RollupSql): every rollup table's share of it. */
    private static void addEvent(DayBuilder day, Row row, Held held) {
        String type = row.getString(1);
        String userId = row.getString(2);
        for (Measure measure : Measure.values()) {
            day.count(measure, row.getLong(DaySql.TAIL_MEASURES + measure.ordinal()));
        }
        day.received(instant(row.getOffsetDateTime(14)));
        Integer user = userId == null ? null : held.users.of(userId);
        if (user != null) {
            day.user(user, row.getLong(DaySql.TAIL_MEASURES + Measure.PROJECTS_CREATED.ordinal()),
                    row.getLong(DaySql.TAIL_MEASURES + Measure.ARTIFACTS_CREATED.ordinal()));
            day.environment(held.text(row, 11), held.text(row, 12), held.text(row, 13), user);
        }
        long userMessages = row.getLong(DaySql.TAIL_MEASURES + Measure.USER_MESSAGES.ordinal());
        long assistantMessages = row.getLong(DaySql.TAIL_MEASURES + Measure.ASSISTANT_MESSAGES.ordinal());
        switch (type) {
            case "USER_MESSAGE", "ASSISTANT_MESSAGE", "FEEDBACK" -> {
                if (!"FEEDBACK".equals(type)) {
                    day.chat(held.chats.of(row.getString(3)), 1);
                }
                day.assistant(held.text(row, 4), held.text(row, 5), userMessages, assistantMessages,
                        row.getLong(DaySql.TAIL_MEASURES + Measure.POSITIVE_FEEDBACK.ordinal()),
                        row.getLong(DaySql.TAIL_MEASURES + Measure.NEGATIVE_FEEDBACK.ordinal()));
            }
            case "PROJECT_USED" -> {
                if (user != null) {
                    day.project(held.projects.of(row.getString(6)), user);
                }
            }
            case "CONNECTOR_USED" -> {
                if (user != null) {
                    day.connector(held.text(row, 7), user);
                }
            }
            case "SPEND" -> {
                if (user != null) {
                    day.spend(user, held.text(row, 9), row.getLong(10));
                }
            }
            case "INVITE_SENT", "INVITE_ACCEPTED", "INVITE_REVOKED" -> day.invite(held.invites.of(row.getString(8)),
                    "INVITE_SENT".equals(type), "INVITE_ACCEPTED".equals(type), "INVITE_REVOKED".equals(type));
            default -> {
            }
        }
    }

    private static DayBuilder builder(Map<LocalDate, DayBuilder> builders, Row row) {
        return builders.computeIfAbsent(row.getLocalDate(0), DayBuilder::new);
    }

    /** Runs a statement and hands each row to {@code reader} as it is decoded, without holding the result. */
    private static Uni<Void> forEachRow(SqlConnection connection, String sql, Tuple params, Consumer<Row> reader) {
        Collector<Row, Void[], Void> collector = Collector.of(() -> new Void[0], (none, row) -> reader.accept(row),
                (a, b) -> a, none -> null);
        return Uni.createFrom().completionStage(() -> connection.getDelegate().preparedQuery(sql).collecting(collector)
                .execute(params.getDelegate()).toCompletionStage())
                .replaceWithVoid();
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

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
