package io.usageanalytics.api;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.oidc.runtime.OidcAuthenticationMechanism;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.smallrye.mutiny.Uni;
import io.usageanalytics.error.ApiException;
import io.usageanalytics.error.ErrorBody;
import io.usageanalytics.error.ErrorCode;
import io.usageanalytics.error.Failures;
import io.vertx.ext.web.RoutingContext;

/**
 * Quarkus OIDC's bearer-token authentication with the product's answers: a 401 carries the
 * {@code UNAUTHENTICATED} body of the one error model (Quarkus sends it empty), and a token that cannot be
 * verified because the issuer is out of reach is a 503 {@code SERVICE_UNAVAILABLE}, not a 401 or a 500, and a
 * token issued in the future is refused like an expired one.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class BearerTokens implements HttpAuthenticationMechanism {

    static final String UNAUTHENTICATED_MESSAGE = "A valid bearer token is needed: signed by the configured issuer, "
            + "for this service's audience, not expired and not older than the maximum token age";

    /** How far ahead of this server's clock an issuer's clock may be. */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(1);

    private final OidcAuthenticationMechanism oidc;

    public BearerTokens(OidcAuthenticationMechanism oidc) {
        this.oidc = oidc;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identities) {
        return oidc.authenticate(context, identities)
                .invoke(BearerTokens::requireIssuedInThePast)
                .onFailure(Failures::issuerUnreachable)
                .transform(e -> new ApiException(ErrorCode.SERVICE_UNAVAILABLE,
                        "The token issuer cannot be reached to verify the token; send the request again later"));
    }

    /**
     * The maximum token age counts from {@code iat}: a token "issued" in the future would stay young for as long
     * as its issuer wanted. Quarkus checks the age, not that.
     */
    private static void requireIssuedInThePast(SecurityIdentity identity) {
        if (identity != null && identity.getPrincipal() instanceof JsonWebToken token
                && token.getIssuedAtTime() > Instant.now().plus(CLOCK_SKEW).getEpochSecond()) {
            throw new AuthenticationFailedException("The token is issued in the future");
        }
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return oidc.getChallenge(context);
    }

    @Override
    public Uni<Boolean> sendChallenge(RoutingContext context) {
        return getChallenge(context).map(challenge -> {
            if (challenge == null) {
                return false;
            }
            var response = context.response();
            response.setStatusCode(challenge.status);
            challenge.getHeaders().forEach((name, value) -> response.headers().set(name, value));
            if (!response.ended()) {
                String body = context.normalizedPath().startsWith("/graphql")
                        ? ErrorBody.graphQL(ErrorCode.UNAUTHENTICATED, UNAUTHENTICATED_MESSAGE, 0, 0)
                        : ErrorBody.rest(ErrorCode.UNAUTHENTICATED, UNAUTHENTICATED_MESSAGE, null);
                response.putHeader("Content-Type", "application/json; charset=utf-8").end(body);
            }
            return true;
        });
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return oidc.getCredentialTypes();
    }

    @Override
    public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext context) {
        return oidc.getCredentialTransport(context);
    }

    @Override
    public int getPriority() {
        return oidc.getPriority();
    }
}
