package io.usageanalytics.rollup;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

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
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Drops raw events past the retention. Rollups are never touched, so every
 * figure of those days stays as it was.
 *
 * The event table is partitioned by month (V11). A monthly partition is dropped
 * whole (detached, then dropped) once it ends a day before the retention's
 * cutoff, which is itself two days after the retention, and only when every
 * event in it is rolled up. Ingestion accepts events up to the retention, and a
 * rollup rebuilds a late event's whole local day from raw events: a day that
 * can still receive an event begins after the end of every partition dropped
 * (in every time zone), so it is complete in the raw table. Raw events are kept
 * up to a month longer than the retention that way. A partition kept for an
 * event not rolled up yet leaves a gap behind it when the next one is dropped;
 * rollups rebuild no day before such a gap (RollupSql.RAW_SINCE).
 *
 * The first partition, event_before_partitions (the table as it was before
 * V11, no lower bound), is dropped the same way once all of it is past; until
 * then its rolled-up events are deleted row by row as before: only whole
 * company-local days, only two days after the retention.
 */
@ApplicationScoped
public class RetentionJob {

    private static final Logger LOG = Logger.getLogger(RetentionJob.class);
    static final Duration WHOLE_DAY_MARGIN = Duration.ofDays(2);
    /** A monthly partition is dropped when it ends this long before the cutoff: the earliest time zone's day. */
    static final Duration PARTITION_MARGIN = Duration.ofDays(1);
    private static final int BATCH = 10_000;

    /** The partitions of event, oldest first (V11). */
    private static final String PARTITIONS = """
            SELECT name, starts = '-infinity' AS unbounded, ends FROM event_partition ORDER BY starts""";

    /** Detaches and drops a partition whose events are all rolled up: how many it held; null when it stays (V11). */
    private static final String DROP_PARTITION = "SELECT event_partition_drop($1)";

    /**
     * Only events below the company's effective watermark: a held company's newer events are not rolled up. Of
     * the first partition only ({@code %1$s}): the monthly ones are dropped whole.
     */
    private static final String DROP_BATCH = """
            DELETE FROM %1$s WHERE ctid IN (
                SELECT e.ctid FROM %1$s e, rollup_state s
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
        List<String> droppedPartitions = new ArrayList<>();
        return pool.query(PARTITIONS).execute()
                .flatMap(rows -> {
                    List<Row> partitions = new ArrayList<>();
                    rows.forEach(partitions::add);
                    return dropPartitions(partitions, 0, cutoff.minus(PARTITION_MARGIN), droppedPartitions)
                            .flatMap(inPartitions -> {
                                String first = firstPartitionLeft(partitions, droppedPartitions);
                                return first == null ? Uni.createFrom().item(inPartitions)
                                        : dropRows(first, cutoff).map(n -> n + inPartitions);
                            });
                })
                .invoke(n -> {
                    dropped.increment(n);
                    if (!droppedPartitions.isEmpty()) {
                        LOG.infof("Dropped the partitions of raw events %s", droppedPartitions);
                    }
                    if (n > 0) {
                        LOG.infof("Dropped %d raw events that occurred before %s", n, before);
                    }
                });
    }

    /**
     * Drops the partitions from index {@code i} on that end by {@code until} and hold only events rolled up;
     * answers how many events they held.
     */
    private Uni<Long> dropPartitions(List<Row> partitions, int i, Instant until, List<String> droppedNames) {
        if (i == partitions.size() || partitions.get(i).getOffsetDateTime("ends").toInstant().isAfter(until)) {
            return Uni.createFrom().item(0L);
        }
        String name = partitions.get(i).getString("name");
        return pool.preparedQuery(DROP_PARTITION).execute(Tuple.of(name)).flatMap(rows -> {
            Long events = rows.iterator().next().getLong(0);
            if (events == null) {
                LOG.infof("Kept the partition of raw events %s past the retention: it holds events not rolled up yet",
                        name);
            } else {
                droppedNames.add(name);
            }
            long here = events == null ? 0 : events;
            return dropPartitions(partitions, i + 1, until, droppedNames).map(more -> more + here);
        });
    }

    /** The name of event_before_partitions when it is still there (not dropped now nor before), else null. */
    private static String firstPartitionLeft(List<Row> partitions, List<String> droppedNames) {
        for (Row partition : partitions) {
            if (partition.getBoolean("unbounded") && !droppedNames.contains(partition.getString("name"))) {
                return partition.getString("name");
            }
        }
        return null;
    }

    /** Deletes the rolled-up events of whole company-local days before the cutoff from the first partition. */
    private Uni<Long> dropRows(String partition, Instant cutoff) {
        String sql = DROP_BATCH.formatted("\"" + partition.replace("\"", "\"\"") + "\"");
        return companies.listAllById()
                .flatMap(all -> {
                    Uni<Long> total = Uni.createFrom().item(0L);
                    for (Company company : all) {
                        OffsetDateTime dayStart = startOfDay(cutoff, company.zone());
                        total = total.flatMap(sum -> dropAll(sql, company.id, dayStart).map(n -> sum + n));
                    }
                    return total;
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
    private Uni<Long> dropAll(String sql, String companyId, OffsetDateTime before) {
        return pool.preparedQuery(sql).execute(Tuple.of(companyId, before, BATCH))
                .flatMap(rows -> rows.rowCount() < BATCH
                        ? Uni.createFrom().item((long) rows.rowCount())
                        : dropAll(sql, companyId, before).map(more -> more + rows.rowCount()));
    }
}
