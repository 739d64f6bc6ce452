package io.usageanalytics.api;

import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.ext.web.client.WebClient;

/**
 * Ready only while the token issuer answers its discovery document: without it no token can be verified, so
 * every request would fail. Without an issuer URL (tokens verified with a configured public key, as in dev
 * mode and the benchmark) there is nothing to reach and the check is UP.
 */
@Readiness
@ApplicationScoped
public class IssuerReadiness implements AsyncHealthCheck {

    private static final String NAME = "OIDC issuer";
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final Optional<String> issuerUrl;
    private final WebClient client;

    public IssuerReadiness(@ConfigProperty(name = "quarkus.oidc.auth-server-url") Optional<String> issuerUrl,
            Vertx vertx) {
        this.issuerUrl = issuerUrl.filter(url -> !url.isBlank());
        this.client = WebClient.create(io.vertx.mutiny.core.Vertx.newInstance(vertx), new WebClientOptions()
                .setConnectTimeout((int) TIMEOUT.toMillis()).setIdleTimeout(5));
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        if (issuerUrl.isEmpty()) {
            return Uni.createFrom().item(HealthCheckResponse.up(NAME));
        }
        String discovery = issuerUrl.get().replaceAll("/+$", "") + "/.well-known/openid-configuration";
        return client.getAbs(discovery).timeout(TIMEOUT.toMillis()).send()
                .map(response -> HealthCheckResponse.named(NAME).status(response.statusCode() == 200)
                        .withData("status", response.statusCode()).build())
                .onFailure().recoverWithItem(failure -> HealthCheckResponse.named(NAME).down()
                        .withData("error", String.valueOf(failure.getMessage())).build());
    }
}
