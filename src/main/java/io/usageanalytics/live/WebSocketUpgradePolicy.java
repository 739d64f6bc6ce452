package io.usageanalytics.live;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityPolicy;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
* {@code /graphql}: a browser cannot put a header on a websocket upgrade, so the GraphQL websocket opens
 * without one and its {@code connection_init} payload carries the token ({@code Authorization}), which is verified
 * like a header (and a token in the upgrade's header still is). Every operation on the socket is then checked as
 * a request is (role, document bounds, {@code CompanyAccess}). Any other request needs a
 * token, as every other path does.
 */
@ApplicationScoped
public class WebSocketUpgradePolicy implements HttpSecurityPolicy {

    @Override
    public Uni<CheckResult> checkPermission(RoutingContext request, Uni<SecurityIdentity> identity,
            AuthorizationRequestContext requestContext) {
        if (request.request().headers().contains(HttpHeaders.UPGRADE, HttpHeaders.WEBSOCKET, true)) {
            return CheckResult.permit();
        }
        return identity.map(id -> id.isAnonymous() ? CheckResult.DENY : CheckResult.PERMIT);
    }

    @Override
    public String name() {
        return "graphql-websocket";
    }
}
