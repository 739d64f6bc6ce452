package io.usageanalytics.figures;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.json.Json;

import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

import io.quarkus.arc.Arc;
import io.quarkus.arc.InjectableContext;
import io.quarkus.arc.ManagedContext;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.graphql.execution.ExecutionResponse;
import io.smallrye.graphql.execution.ExecutionResponseWriter;
import io.smallrye.graphql.execution.ExecutionService;
import io.smallrye.graphql.execution.context.SmallRyeContextManager;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.usageanalytics.company.Company;
import io.usageanalytics.company.CompanyLookup;
import io.usageanalytics.error.ApiException;
import io.usageanalytics.figures.activity.ActivityQueries;
import io.usageanalytics.figures.adoption.AdoptionQueries;
import io.usageanalytics.figures.feedback.FeedbackQueries;
import io.usageanalytics.figures.spend.SpendQueries;
import io.usageanalytics.figures.telemetry.TelemetryQueries;
import io.usageanalytics.time.DateRange;
import io.usageanalytics.time.Granularity;
import io.usageanalytics.time.Period;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.WebClient;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * After a start, computes the console's first view (the last 30 days by day) for the companies with the most
 * events of the last week, and throws the figures away. Their days are then held and the figure code has run, so
 * the first dashboard after a start or a deploy answers as fast as the later ones instead of paying for a cold JVM
 * and a year of days read at once. No caller is involved and nothing leaves the service: this is the service
 * reading its own rollups, as the rollup job does.
 *
 * The service reports itself not ready until the warm-up is done or its time is up, so a Kubernetes rollout sends
 * people to a replica only once it answers at full speed. A failed warm-up is logged and changes nothing else.
 */
@Readiness
@ApplicationScoped
public class WarmUp implements AsyncHealthCheck {

    private static final Logger LOG = Logger.getLogger(WarmUp.class);
    private static final String NAME = "figures warm-up";
    static final int CONSOLE_DAYS = 30;

    /** The companies whose days most likely matter first: the most events over the last week. */
    private static final String BUSIEST = """
            SELECT company_id FROM rollup_company_day
             WHERE day >= $1
             GROUP BY company_id
             ORDER BY sum(events) DESC, company_id
             LIMIT $2""";

    /**
     * Asked as nobody: every field is refused, as for a request without a token that got this far, but parsing,
     * validation, the access check, the error path and the answer's JSON have run once.
     */
    private static final String AS_NOBODY = """
            query WarmUp($id: String!) {
              companies { id name timeZone seats extraUsageEnabled }
              company(id: $id) { id name activity(range: {from: "2026-01-01", to: "2026-01-30"}) { dau { from value } } }
            }""";

    /** What the console's page loads before its first figures (charts.js names the chart library's files). */
    private static final List<String> CONSOLE_FILES = List.of("/console/app.css", "/console/app.js",
            "/console/i18n.js", "/console/charts.js", "/console/oidc.js", "/console/config.json",
            "/console/lib/echarts/dist/echarts.common.min.js", "/console/lib/echarts/lib/i18n/langDE.js");

    /** A JSON Web Token in form only: RS256 in the header, no key id, a signature that matches nothing. */
    private static final String NOT_A_VALID_TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ3YXJtLXVwIn0.bm90LXNpZ25lZA";

    private final Vertx vertx;
    private final CurrentIdentityAssociation identities;
    private final Pool pool;
    private final CompanyLookup companies;
    private final ActivityQueries activity;
    private final AdoptionQueries adoption;
    private final TelemetryQueries telemetry;
    private final FeedbackQueries feedback;
    private final SpendQueries spend;
    private final int maxCompanies;
    private final Duration maxDuration;
    private volatile boolean done;
    private volatile int warmed;

    public WarmUp(Vertx vertx, CurrentIdentityAssociation identities, Pool pool, CompanyLookup companies,
            ActivityQueries activity, AdoptionQueries adoption, TelemetryQueries telemetry, FeedbackQueries feedback,
            SpendQueries spend,
            @ConfigProperty(name = "analytics.warm-up.companies") int maxCompanies,
            @ConfigProperty(name = "analytics.warm-up.max-duration") Duration maxDuration) {
        this.vertx = vertx;
        this.identities = identities;
        this.pool = pool;
        this.companies = companies;
        this.activity = activity;
        this.adoption = adoption;
        this.telemetry = telemetry;
        this.feedback = feedback;
        this.spend = spend;
        this.maxCompanies = maxCompanies;
        this.maxDuration = maxDuration;
    }

    /** After the other start-up work (such as the demo data), without holding up the start. */
    void onStart(@Observes @Priority(5000) StartupEvent event) {
        if (maxCompanies <= 0) {
            done = true;
            return;
        }
        long started = System.nanoTime();
        run().ifNoItem().after(maxDuration).recoverWithItem(() -> {
            LOG.infof("Warm-up stopped after %s with %d companies warm; the others load on their first request",
                    maxDuration, warmed);
            return null;
        }).subscribe().with(nothing -> {
            done = true;
            LOG.infof("Warm-up: the console's view computed for %d companies in %d ms", warmed,
                    (System.nanoTime() - started) / 1_000_000);
        }, failure -> {
            done = true;
            LOG.warnf(failure, "Warm-up failed; figures load on their first request instead");
        });
    }

    /** The requests, then the busiest companies one after the other: never more than one connection at a time. */
    Uni<Void> run() {
        return askOverHttp().flatMap(nothing -> askAsNobody()).flatMap(nothing -> askAsNobody())
                .flatMap(nothing -> busiestCompanies());
    }

    /**
     * Requests over HTTP as anyone may send them: the console's page and files (gzipped, as browsers ask), and
     * one GraphQL request with a token that fails verification, refused with 401. The HTTP routes, the static
     * files' compression, the document check and the token verification have then run once.
     */
    Uni<Void> askOverHttp() {
        WebClient client = WebClient.create(io.vertx.mutiny.core.Vertx.newInstance(vertx));
        String body = Json.createObjectBuilder().add("query", AS_NOBODY)
                .add("variables", Json.createObjectBuilder().add("id", "-")).build().toString();
        // the server may not listen yet when the start-up observers run, and a random port is known only then
        Uni<Void> page = Uni.createFrom().deferred(() -> client.get(boundPort(), host(), "/")
                .putHeader("Accept-Encoding", "gzip").send())
                .onFailure().retry().withBackOff(Duration.ofMillis(50), Duration.ofMillis(500)).atMost(20)
                .replaceWithVoid();
        Uni<Void> files = page;
        for (String file : CONSOLE_FILES) {
            files = files.flatMap(nothing -> client.get(boundPort(), host(), file).followRedirects(true)
                    .putHeader("Accept-Encoding", "gzip").send().replaceWithVoid());
        }
        return files
                .flatMap(nothing -> client.post(boundPort(), host(), "/graphql")
                        .putHeader("Authorization", "Bearer " + NOT_A_VALID_TOKEN)
                        .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(body)))
                .replaceWithVoid()
                .onFailure().invoke(failure -> LOG.debugf("Warm-up request over HTTP failed: %s", failure))
                .onFailure().recoverWithNull()
                .eventually(client::close);
    }

    private static int boundPort() {
        String name = LaunchMode.current() == LaunchMode.TEST ? "quarkus.http.test-port" : "quarkus.http.port";
        return ConfigProvider.getConfig().getOptionalValue(name, Integer.class).orElse(8080);
    }

    private static String host() {
        return ConfigProvider.getConfig().getOptionalValue("quarkus.http.host", String.class)
                .filter(host -> !host.equals("0.0.0.0")).orElse("localhost");
    }

    /** The GraphQL engine's first request, in-process, with the anonymous identity; the answer is dropped. */
    Uni<Void> askAsNobody() {
        var request = Json.createObjectBuilder().add("query", AS_NOBODY)
                .add("variables", Json.createObjectBuilder().add("id", "-")).build();
        ExecutionService execution = Arc.container().instance(ExecutionService.class).get();
        Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        return Uni.createFrom().<Void> emitter(done -> context.runOnContext(start -> {
            ManagedContext requests = Arc.container().requestContext();
            requests.activate();
            InjectableContext.ContextState state = requests.getState();
            try {
                identities.setIdentity(QuarkusSecurityIdentity.builder().setAnonymous(true).build());
                Map<String, Object> metaData = new ConcurrentHashMap<>();
                metaData.put("runBlocking", false);
                metaData.put("httpHeaders", Map.of());
                metaData.put("state", state);
                execution.executeAsync(request, metaData, new ExecutionResponseWriter() {
                    @Override
                    public void write(ExecutionResponse response) {
                        response.getExecutionResultAsString();
                        requests.destroy(state);
                        done.complete(null);
                    }

                    @Override
                    public void fail(Throwable failure) {
                        requests.destroy(state);
                        done.complete(null);
                    }
                });
            } finally {
                SmallRyeContextManager.clearCurrentSmallRyeContext();
                requests.deactivate();
            }
        }));
    }

    private Uni<Void> busiestCompanies() {
        LocalDate weekAgo = LocalDate.now().minusDays(8);
        return pool.preparedQuery(BUSIEST).execute(Tuple.of(weekAgo, maxCompanies))
                .map(rows -> {
                    List<String> ids = new ArrayList<>();
                    for (Row row : rows) {
                        ids.add(row.getString(0));
                    }
                    return ids;
                })
                .flatMap(companies::findByIds)
                .flatMap(found -> {
                    Uni<Void> all = Uni.createFrom().voidItem();
                    for (Company company : found) {
                        all = all.flatMap(nothing -> consoleView(company).invoke(() -> warmed++)
                                .onFailure(ApiException.class).invoke(refused -> LOG.infof(
                                        "Warm-up skipped company '%s': %s", company.id, refused.getMessage()))
                                .onFailure(ApiException.class).recoverWithNull());
                    }
                    // a second round finds the days held and runs the figure code again, as later requests do
                    for (Company company : found) {
                        all = all.flatMap(nothing -> consoleView(company)
                                .onFailure(ApiException.class).recoverWithNull());
                    }
                    return all;
                });
    }

    /** The figures of the console's first view, as its dashboard and spend queries ask for them. */
    Uni<Void> consoleView(Company company) {
        LocalDate today = LocalDate.now(company.zone());
        DateRange range = new DateRange(today.minusDays(CONSOLE_DAYS - 1), today);
        List<Period> days = Period.of(range, Granularity.DAY);
        List<LocalDate> ends = days.stream().map(Period::to).toList();
        List<Uni<?>> figures = new ArrayList<>(List.of(
                activity.activeInWindow(company, ends, 1), activity.activeInWindow(company, ends, 7),
                activity.activeInWindow(company, ends, 30), activity.pendingInvites(company, today),
                adoption.created(company, days), adoption.chatMessages(company, days),
                adoption.usersEver(company, true, ends), adoption.usersEver(company, false, ends),
                adoption.topProjectUsers(company, range, 10), adoption.topArtifactUsers(company, range, 10),
                adoption.topConnectors(company, range, 10), telemetry.counts(company, range),
                feedback.summary(company, range)));
        for (ActivityQueries.Breakdown breakdown : ActivityQueries.Breakdown.values()) {
            figures.add(activity.usersBy(company, range, breakdown));
        }
        if (company.extraUsageEnabled) {
            figures.add(spend.total(company, range));
            figures.add(spend.byModel(company, range));
            figures.add(spend.byUser(company, range, null, 50));
        }
        // one after the other: the first loads the company's days, the others find them held
        Uni<Void> all = Uni.createFrom().voidItem();
        for (Uni<?> figure : figures) {
            all = all.flatMap(nothing -> figure.replaceWithVoid());
        }
        return all;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return Uni.createFrom().item(HealthCheckResponse.named(NAME).status(done).withData("companies", warmed)
                .build());
    }
}
