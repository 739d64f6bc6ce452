package io.usageanalytics.ingest;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Keeps a monthly partition of the event table (V11) ready for every month an event may be accepted for: from the
 * month of the oldest occurredAt the raw-event retention accepts to two months ahead of now (UTC months). Runs at
 * start-up, before ingestion, on the retention's schedule, and when an insert finds no partition.
 *
 * The work is PostgreSQL's {@code event_partitions_ensure} (V11): months some partition covers already are left
 * alone, so it is idempotent, and it takes a lock of its own, so replicas may run it at the same time. A month
 * dropped by retention is never created again: it ends before the oldest month asked for here.
 */
@ApplicationScoped
public class EventPartitions {

    private static final Logger LOG = Logger.getLogger(EventPartitions.class);
    private static final String ENSURE = "SELECT event_partitions_ensure($1, $2)";
    /** How many months after the current one have their partition ready. */
    static final int MONTHS_AHEAD = 2;

    private final Pool pool;
    private final Duration retention;
    private final Clock clock;

    @Inject
    public EventPartitions(Pool pool, @ConfigProperty(name = "analytics.retention.raw-events") Duration retention) {
        this(pool, retention, Clock.systemUTC());
    }

    EventPartitions(Pool pool, Duration retention, Clock clock) {
        this.pool = pool;
        this.retention = retention;
        this.clock = clock;
    }

    /**
     * Before anything is ingested: observed before the demo data's loader (lower priorities first). A failure (the database not
     * reachable yet, a lock it gave up on) does not stop the service: the next scheduled run, or the first insert
     * that finds no partition, tries again.
     */
    void onStart(@Observes @Priority(1000) StartupEvent event) {
        try {
            ensure().await().atMost(Duration.ofSeconds(30));
        } catch (RuntimeException e) {
            LOG.warnf(e, "Could not make sure that the monthly partitions of raw events exist; tried again later");
        }
    }

    @Scheduled(identity = "event-partitions", every = "${analytics.retention.interval}",
            delayed = "${analytics.rollup.initial-delay}", concurrentExecution = ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return ensure().replaceWithVoid()
                .onFailure().invoke(e -> LOG.errorf(e, "Creating the monthly partitions of raw events failed; "
                        + "retried at the next run"))
                .onFailure().recoverWithNull();
    }

    /** Creates the partitions missing from the oldest month ingestion accepts to two months ahead; answers their names. */
    public Uni<List<String>> ensure() {
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        LocalDate oldest = clock.instant().minus(retention).atOffset(ZoneOffset.UTC).toLocalDate();
        return ensure(YearMonth.from(oldest), YearMonth.from(today).plusMonths(MONTHS_AHEAD));
    }

    /** Creates the partitions missing for the months from {@code first} to {@code last}; answers their names. */
    Uni<List<String>> ensure(YearMonth first, YearMonth last) {
        return pool.preparedQuery(ENSURE).execute(Tuple.of(first.atDay(1), last.atDay(1))).map(rows -> {
            List<String> created = new ArrayList<>();
            rows.forEach(row -> created.add(row.getString(0)));
            if (!created.isEmpty()) {
                LOG.infof("Created the monthly partitions of raw events %s", created);
            }
            return created;
        });
    }
}
