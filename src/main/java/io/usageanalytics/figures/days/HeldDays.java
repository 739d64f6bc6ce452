package io.usageanalytics.figures.days;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * The rolled-up days this process holds, per company, bounded by their
 * measured bytes ({@link Day#weight()}): the companies least worth keeping are
 * dropped beyond the configured memory and read again when asked about. Which
 * days are current is decided by each load's own snapshot (the run that built
 * each day); when days are missing or stale, one load per company reads them
 * and the others wait for it, so a history is read once however many requests
 * arrive together. The read is the load's own (in its transaction, so in its
 * snapshot), which is why it is not the cache's loader: that one would read in
 * a snapshot of its own.
 */
@ApplicationScoped
class HeldDays {

    /**
     * What is held of one company: its ids, its days, built with those ids, and what the figures computed from
     * exactly these days. Replaced as a whole when days change, so that the cache weighs it again and nothing
     * computed from other days is reused.
     */
    private record Held(CompanyIds ids, Map<LocalDate, Day> days, int bytes, Computed computed) {

        static Held of(CompanyIds ids, Map<LocalDate, Day> days, Computed.Budget budget) {
            long bytes = 0;
            for (Day day : days.values()) {
                bytes += day.weight();
            }
            // what is computed from the days takes at most half as much again as the days (64 KiB at least)
            return new Held(ids, Map.copyOf(days), (int) Math.min(Integer.MAX_VALUE, bytes),
                    new Computed(Math.max(64 << 10, bytes / 2), budget));
        }
    }

    /**
     * A load's rolled-up days; {@code computed}: what was computed from them, when they are exactly the days
     * held (null when some were read for this load).
     */
    record Rolled(Map<LocalDate, Day> days, Computed computed) {
    }

    private final Cache<String, Held> companies;
    private final Computed.Budget computed;
    /** Per company: completes when the load now reading its rolled-up days has kept them. */
    private final Map<String, CompletableFuture<Void>> reading = new ConcurrentHashMap<>();

    HeldDays(DaysConfig config, MeterRegistry registry) {
        long maxBytes = config.daysInMemoryMaxMb() * 1024L * 1024L;
        // what the figures keep with the days: at most half as much again as all the days held
        this.computed = new Computed.Budget(maxBytes / 2);
        this.companies = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                // at least 1: the cache never evicts an entry of weight 0
                .weigher((String id, Held held) -> Math.max(1, held.bytes()))
                // dropped or replaced: what was computed from those days goes with them
                .removalListener((String id, Held held, RemovalCause cause) -> {
                    if (held != null) {
                        held.computed().close();
                    }
                })
                .build();
        Gauge.builder("analytics.figures.days.held.bytes", this, HeldDays::heldBytes)
                .description("Memory taken by the rolled-up company-days held, roughly").register(registry);
        Gauge.builder("analytics.figures.computed.bytes", this, HeldDays::computedBytes)
                .description("Memory taken by what the figures computed from the held days and keep with them, "
                        + "roughly (at most half as much again as the days)")
                .register(registry);
    }

    /** The bytes the held days take, roughly ({@link Day#weight()}). */
    long heldBytes() {
        return companies.policy().eviction().map(eviction -> eviction.weightedSize().orElse(0)).orElse(0L);
    }

    /** The bytes kept with the held days by the figures computed from them, roughly ({@link Computed}). */
    long computedBytes() {
        return computed.used().get();
    }

    /** Drops what is held under keys that start with {@code prefix} but not with {@code kept}. */
    void dropHeldAs(String prefix, String kept) {
        companies.asMap().keySet().removeIf(key -> key.startsWith(prefix) && !key.startsWith(kept));
    }

    /** The ids the company's held days are built with; days to be put together with them need the same. */
    CompanyIds ids(String companyId) {
        return companies.get(companyId, id -> Held.of(new CompanyIds(), Map.of(), computed)).ids();
    }

    /**
     * The rolled-up days of {@code runOfDay} at those runs: the ones held as they are, the others read by
     * {@code read} (in the caller's transaction, so in its snapshot) and kept. When another load is reading this
     * company's days, this one waits for it and takes what it kept, so the history is read once.
     */
    Uni<Rolled> daysAt(String companyId, CompanyIds ids, Map<LocalDate, Long> runOfDay,
            Function<List<LocalDate>, Uni<Map<LocalDate, Day>>> read) {
        // deferred: a load takes its turn to read when it runs, not when it is put together
        return Uni.createFrom().deferred(() -> daysAt(companyId, ids, runOfDay, runOfDay, read));
    }

    /** {@code wanted}: the days still to find; {@code runOfDay}: every rolled-up day of the load's snapshot. */
    private Uni<Rolled> daysAt(String companyId, CompanyIds ids, Map<LocalDate, Long> wanted,
            Map<LocalDate, Long> runOfDay, Function<List<LocalDate>, Uni<Map<LocalDate, Day>>> read) {
        Held held = companies.getIfPresent(companyId);
        boolean usable = held != null && held.ids() == ids;
        Map<LocalDate, Long> stale = new HashMap<>();
        wanted.forEach((date, run) -> {
            Day day = usable ? held.days().get(date) : null;
            if (day == null || day.run() != run) {
                stale.put(date, run);
            }
        });
        if (stale.isEmpty() && wanted == runOfDay && usable && held.days().size() == wanted.size()) {
            // the usual load: every day as held, and nothing else held
            return Uni.createFrom().item(new Rolled(held.days(), held.computed()));
        }
        Map<LocalDate, Day> kept = new HashMap<>();
        wanted.forEach((date, run) -> {
            if (!stale.containsKey(date)) {
                kept.put(date, held.days().get(date));
            }
        });
        if (stale.isEmpty()) {
            if (wanted == runOfDay && usable && held.days().size() > kept.size()) {
                // days no longer rolled up (a company's days cut anew): not held any longer
                keep(companyId, ids, Map.of(), runOfDay);
            }
            return Uni.createFrom().item(new Rolled(kept, null));
        }
        CompletableFuture<Void> mine = new CompletableFuture<>();
        CompletableFuture<Void> other = reading.putIfAbsent(companyId, mine);
        Uni<Map<LocalDate, Day>> rest;
        if (other == null) {
            rest = read.apply(List.copyOf(stale.keySet()))
                    .invoke(days -> keep(companyId, ids, days, runOfDay))
                    .onTermination().invoke(() -> {
                        reading.remove(companyId, mine);
                        mine.complete(null);
                    });
        } else {
            rest = afterward(other).flatMap(ignored -> daysAt(companyId, ids, stale, runOfDay, read))
                    .map(Rolled::days);
        }
        return rest.map(found -> {
            kept.putAll(found);
            return new Rolled(kept, null);
        });
    }

    /**
     * Keeps {@code read} with the held days still rolled up ({@code current}); with other ids than the held
     * ones (the company was dropped and held anew meanwhile), only {@code read}.
     */
    private void keep(String companyId, CompanyIds ids, Map<LocalDate, Day> read, Map<LocalDate, Long> current) {
        companies.asMap().compute(companyId, (id, held) -> {
            Map<LocalDate, Day> days = new HashMap<>();
            if (held != null && held.ids() == ids) {
                held.days().forEach((date, day) -> {
                    if (current.containsKey(date)) {
                        days.put(date, day);
                    }
                });
            }
            days.putAll(read);
            return Held.of(ids, days, computed);
        });
    }

    /** Completes with {@code other}, going on where this load started, not on the thread of the load that finished. */
    private static Uni<Void> afterward(CompletableFuture<Void> other) {
        Context context = Vertx.currentContext();
        Uni<Void> done = Uni.createFrom().completionStage(other);
        return context == null ? done : done.emitOn(command -> context.runOnContext(ignored -> command.run()));
    }
}
