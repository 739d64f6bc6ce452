package io.usageanalytics.rollup;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import io.smallrye.mutiny.Uni;
import io.usageanalytics.company.Company;
import io.usageanalytics.company.CompanyLookup;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Drops raw events past the retention. Rollups are never touched, so every
 * figure of those days stays as it was.
 *
 * Only events already rolled up are dropped, only whole company-local days,
 * and only two days after the retention: ingestion accepts events up to the
 * retention, and a rollup rebuilds a late event's whole local day from raw
 * events, so a day is either complete in the raw table or gone from it, and
 * every day that can still receive an event is complete.
 */
@ApplicationScoped
public class RetentionJob {

    private static final Logger LOG = Logger.getLogger(RetentionJob.class);
    static final Duration WHOLE_DAY_MARGIN = Duration.ofDays(2);
    private static final int BATCH = 10_000;

    /** Only events below the company's effective watermark: a held company's newer events are not rolled up. */
    private static final String DROP_BATCH = """
            DELETE FROM event WHERE ctid IN (
                SELECT e.ctid FROM event e, rollup_state s
                 WHERE e.company_id = $1 AND e.occurred_at < $2
                   AND e.ingest_txid < coalesce((SELECT h.watermark FROM rollup_held_company h WHERE h.company_id = $1),
                                                s.watermark)
                 LIMIT $3)""";

    private final Pool pool;
    private final CompanyLookup companies;
    private final Duration retention;
    private final Counter dropped;

    public RetentionJob(Pool pool, CompanyLookup companies,
            @ConfigProperty(name = "analytics.retention.raw-events") Duration retention, MeterRegistry registry) {
        this.pool = pool;
        this.companies = companies;
        this.retention = retention;
        this.dropped = Counter.builder("analytics.retention.events.dropped")
                .description("Raw events dropped after the retention").register(registry);
    }

    @Scheduled(identity = "retention", every = "${analytics.retention.interval}", delayed = "${analytics.rollup.initial-delay}",
            concurrentExecution = ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return dropExpiredEvents().replaceWithVoid()
                .onFailure().invoke(e -> LOG.errorf(e, "Retention run failed; it is retried at the next run"))
                .onFailure().recoverWithNull();
    }

    /** Drops rolled-up raw events older than the retention (plus the whole-day margin); answers how many. */
    public Uni<Long> dropExpiredEvents() {
        return dropEventsBefore(Instant.now().minus(retention).minus(WHOLE_DAY_MARGIN));
    }

    Uni<Long> dropEventsBefore(Instant cutoff) {
        OffsetDateTime before = cutoff.atOffset(ZoneOffset.UTC);
        return companies.listAllById()
                .flatMap(all -> {
                    Uni<Long> total = Uni.createFrom().item(0L);
                    for (Company company : all) {
                        OffsetDateTime dayStart = startOfDay(cutoff, company.zone());
                        total = total.flatMap(sum -> dropAll(company.id, dayStart).map(n -> sum + n));
                    }
                    return total;
                })
                .invoke(n -> {
                    dropped.increment(n);
                    if (n > 0) {
                        LOG.infof("Dropped %d raw events that occurred before %s", n, before);
                    }
                });
    }

    /**
     * The start of the local day in {@code zone} that contains {@code instant}: only whole days are dropped. The
     * same instant as PostgreSQL's {@code ((t AT TIME ZONE zone)::date)::timestamp AT TIME ZONE zone}, also where
     * midnight falls in a daylight-saving gap (the end of the gap), except where midnight occurs twice: this is
     * the first one, where PostgreSQL takes the second and would cut off the day's first hour.
     */
    static OffsetDateTime startOfDay(Instant instant, ZoneId zone) {
        return LocalDate.ofInstant(instant, zone).atStartOfDay(zone).toOffsetDateTime();
    }

    /** Deletes in batches so that no single transaction grows with the backlog. */
    private Uni<Long> dropAll(String companyId, OffsetDateTime before) {
        return pool.preparedQuery(DROP_BATCH).execute(Tuple.of(companyId, before, BATCH))
                .flatMap(rows -> rows.rowCount() < BATCH
                        ? Uni.createFrom().item((long) rows.rowCount())
                        : dropAll(companyId, before).map(more -> more + rows.rowCount()));
    }
}
