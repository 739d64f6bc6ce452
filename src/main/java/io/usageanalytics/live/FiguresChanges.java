package io.usageanalytics.live;

import java.time.Instant;
import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgConnectOptions;

/**
 * Which companies' figures changed, for every replica: ingestion announces the companies of a committed batch
 * with PostgreSQL's NOTIFY (delivered to listeners only after the commit), every replica LISTENs on one
 * connection of its own and hands its subscribers at most one notice per company per {@link LiveConfig#coalesce()}.
 * The first change after a quiet period is told at once; further ones within the period are told together at its
 * end.
 */
@ApplicationScoped
public class FiguresChanges {

    static final String CHANNEL = "analytics_figures_changed";
    private static final Logger LOG = Logger.getLogger(FiguresChanges.class);
    private static final String NOTIFY = "SELECT pg_notify('" + CHANNEL + "', c) FROM unnest($1::text[]) AS c";

    private final Pool pool;
    private final Vertx vertx;
    private final LiveConfig config;
    private final String url;
    private final String user;
    private final String password;
    private final BroadcastProcessor<CompanyFiguresChanged> changes = BroadcastProcessor.create();
    /** Companies told within the current period, with whether another change came since. */
    private final ConcurrentHashMap<String, Boolean> period = new ConcurrentHashMap<>();
    private volatile PgSubscriber subscriber;

    public FiguresChanges(Pool pool, Vertx vertx, LiveConfig config,
            @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") String user,
            @ConfigProperty(name = "quarkus.datasource.password") java.util.Optional<String> password) {
        this.pool = pool;
        this.vertx = vertx;
        this.config = config;
        this.url = url;
        this.user = user;
        this.password = password.orElse("");
    }

    void start(@Observes StartupEvent event) {
        PgConnectOptions options = PgConnectOptions.fromUri(url.startsWith("vertx-reactive:") ? url.substring(15) : url)
                .setUser(user).setPassword(password);
        PgSubscriber listener = PgSubscriber.subscriber(vertx, options)
                // reconnect for as long as the service runs: a database restart must not end live notices
                .reconnectPolicy(retries -> 2000L);
        listener.channel(CHANNEL).handler(this::changed);
        listener.connect().subscribe().with(ok -> LOG.debug("Listening for figure changes"),
                failure -> LOG.warnf("Cannot listen for figure changes yet (%s); retrying", failure.getMessage()));
        subscriber = listener;
    }

    void stop(@Observes ShutdownEvent event) {
        PgSubscriber listener = subscriber;
        if (listener != null) {
            listener.closeAndForget();
        }
    }

    /** Announces, after their batch committed, that these companies' figures changed. Never fails the caller. */
    public void announce(Collection<String> companyIds) {
        if (companyIds.isEmpty()) {
            return;
        }
        pool.preparedQuery(NOTIFY).execute(Tuple.of(companyIds.toArray(String[]::new))).subscribe().with(
                rows -> { },
                failure -> LOG.debugf("Figure changes not announced: %s", failure.getMessage()));
    }

    /** The notices of one company, from now on. */
    public Multi<CompanyFiguresChanged> of(String companyId) {
        return changes.filter(change -> change.companyId().equals(companyId));
    }

    /** A notice from PostgreSQL: tell it now, or at the end of the company's current period. */
    private void changed(String companyId) {
        boolean[] quiet = new boolean[1];
        period.compute(companyId, (id, again) -> {
            quiet[0] = again == null;
            return again == null ? Boolean.FALSE : Boolean.TRUE;
        });
        if (quiet[0]) {
            tell(companyId);
            vertx.setTimer(config.coalesce().toMillis(), id -> endPeriod(companyId));
        }
    }

    private void endPeriod(String companyId) {
        if (Boolean.TRUE.equals(period.remove(companyId))) {
            changed(companyId);
        }
    }

    private void tell(String companyId) {
        changes.onNext(new CompanyFiguresChanged(companyId, Instant.now()));
    }
}
