package io.usageanalytics.figures;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.json.Json;
import jakarta.json.JsonObject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.Claims;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

import io.quarkus.arc.Arc;
import io.quarkus.arc.InjectableContext;
import io.quarkus.arc.ManagedContext;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.graphql.execution.ExecutionResponse;
import io.smallrye.graphql.execution.ExecutionResponseWriter;
import io.smallrye.graphql.execution.ExecutionService;
import io.smallrye.graphql.execution.context.SmallRyeContextManager;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.usageanalytics.access.AccessConfig;
import io.usageanalytics.access.Roles;
import io.usageanalytics.company.Company;
import io.usageanalytics.company.CompanyLookup;
import io.usageanalytics.console.ConsoleDocuments;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.WebClient;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * After a start, runs the console's first view (its own GraphQL documents, the last 30 days by day) for the
 * companies with the most events of the last week, and throws the answers away. Their days are then held, and
 * parsing, validation, the resolvers and the answer's JSON have run for exactly what the console asks, so the first
 * dashboard after a start or a deploy answers as fast as the later ones instead of paying for a cold JVM and a year
 * of days read at once.
 *
 * The documents run in-process as a caller of this class's own making (subject {@code warm-up}, the owner role of
 * the one company warmed, no token): no request can carry it, and nothing of the answers leaves the service.
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
            "/console/documents.js", "/console/i18n.js", "/console/charts.js", "/console/oidc.js",
            "/console/config.json", "/console/lib/echarts/dist/echarts.common.min.js",
            "/console/lib/echarts/lib/i18n/langDE.js");

    /** A JSON Web Token in form only: RS256 in the header, no key id, a signature that matches nothing. */
    private static final String NOT_A_VALID_TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ3YXJtLXVwIn0.bm90LXNpZ25lZA";

    private final Vertx vertx;
    private final CurrentIdentityAssociation identities;
    private final Pool pool;
    private final CompanyLookup companies;
    private final String companyClaim;
    private final int maxCompanies;
    private final Duration maxDuration;
    private volatile boolean done;
    private volatile int warmed;

    public WarmUp(Vertx vertx, CurrentIdentityAssociation identities, Pool pool, CompanyLookup companies,
            AccessConfig access,
            @ConfigProperty(name = "analytics.warm-up.companies") int maxCompanies,
            @ConfigProperty(name = "analytics.warm-up.max-duration") Duration maxDuration) {
        this.vertx = vertx;
        this.identities = identities;
        this.pool = pool;
        this.companies = companies;
        this.companyClaim = access.companyClaim();
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
        return execute(request, QuarkusSecurityIdentity.builder().setAnonymous(true).build()).replaceWithVoid();
    }

    /**
     * Runs a GraphQL request in-process as {@code caller}, as the HTTP endpoint would after the token check, and
     * drops the answer: whether it has the company's data.
     */
    private Uni<Boolean> execute(JsonObject request, SecurityIdentity caller) {
        ExecutionService execution = Arc.container().instance(ExecutionService.class).get();
        Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        return Uni.createFrom().<Boolean> emitter(done -> context.runOnContext(start -> {
            ManagedContext requests = Arc.container().requestContext();
            requests.activate();
            InjectableContext.ContextState state = requests.getState();
            try {
                identities.setIdentity(caller);
                Map<String, Object> metaData = new ConcurrentHashMap<>();
                metaData.put("runBlocking", false);
                metaData.put("httpHeaders", Map.of());
                metaData.put("state", state);
                execution.executeAsync(request, metaData, new ExecutionResponseWriter() {
                    @Override
                    public void write(ExecutionResponse response) {
                        response.getExecutionResultAsString();
                        Object data = response.getExecutionResult().getData();
                        boolean company = data instanceof Map<?, ?> fields && fields.get("company") != null;
                        if (!response.getExecutionResult().getErrors().isEmpty()) {
                            LOG.debugf("Warm-up answer with errors: %s", response.getExecutionResult().getErrors());
                        }
                        requests.destroy(state);
                        done.complete(company);
                    }

                    @Override
                    public void fail(Throwable failure) {
                        LOG.debugf("Warm-up request failed: %s", failure);
                        requests.destroy(state);
                        done.complete(false);
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
                    Map<String, String> documents = ConsoleDocuments.read();
                    Uni<Void> all = Uni.createFrom().voidItem();
                    for (Company company : found) {
                        all = all.flatMap(nothing -> consoleView(company, documents)).invoke(answers -> {
                            if (answers == documents.size()) {
                                warmed++;
                            } else {
                                LOG.infof("Warm-up: the console's view of company '%s' did not answer in full",
                                        company.id);
                            }
                        }).replaceWithVoid();
                    }
                    // a second round finds the days held and runs the figure code again, as later requests do
                    for (Company company : found) {
                        all = all.flatMap(nothing -> consoleView(company, documents)).replaceWithVoid();
                    }
                    return all;
                });
    }

    /**
     * The console's first view of the company, as its owner's console asks for it: each of its documents for the
     * last 30 days by day, one after the other (the first loads the company's days, the others find them held).
     */
    Uni<Integer> consoleView(Company company, Map<String, String> documents) {
        LocalDate today = LocalDate.now(company.zone());
        var variables = Json.createObjectBuilder().add("id", company.id)
                .add("range", Json.createObjectBuilder().add("from", today.minusDays(CONSOLE_DAYS - 1).toString())
                        .add("to", today.toString()))
                .add("g", "DAY").add("admin", false).build();
        SecurityIdentity owner = QuarkusSecurityIdentity.builder().setPrincipal(new Caller(companyClaim, company.id))
                .addRole(Roles.OWNER).build();
        Uni<Integer> all = Uni.createFrom().item(0);
        for (String document : documents.values()) {
            JsonObject request = Json.createObjectBuilder().add("query", document).add("variables", variables).build();
            all = all.flatMap(answers -> execute(request, owner).map(answered -> answered ? answers + 1 : answers));
        }
        return all;
    }

    /** The warm-up's caller for one company: no token behind it, made only here. */
    private record Caller(String companyClaim, String companyId) implements JsonWebToken {

        @Override
        public String getName() {
            return "warm-up";
        }

        @Override
        public Set<String> getClaimNames() {
            return Set.of(Claims.sub.name(), companyClaim);
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T getClaim(String claimName) {
            if (claimName.equals(companyClaim)) {
                return (T) companyId;
            }
            return claimName.equals(Claims.sub.name()) ? (T) getName() : null;
        }
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return Uni.createFrom().item(HealthCheckResponse.named(NAME).status(done).withData("companies", warmed)
                .build());
    }
}
