package io.usageanalytics.live.api;

import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.graphql.api.Subscription;
import io.smallrye.mutiny.Multi;
import io.usageanalytics.access.CompanyAccess;
import io.usageanalytics.error.ApiException;
import io.usageanalytics.error.ErrorCode;
import io.usageanalytics.live.CompanyFiguresChanged;
import io.usageanalytics.live.FiguresChanges;
import io.usageanalytics.live.LiveConfig;

/**
 * Live notices over the GraphQL websocket ({@code graphql-transport-ws} at {@code /graphql}). A subscription
 * passes the same access rule as a query of the company's figures ({@link CompanyAccess#forAggregates}), and one
 * caller holds a bounded number of them at a time.
 */
@GraphQLApi
public class LiveApi {

    private final CompanyAccess access;
    private final SecurityIdentity identity;
    private final FiguresChanges changes;
    private final LiveConfig config;
    /** Live subscriptions per caller (issuer and subject of the token). */
    private final ConcurrentHashMap<String, Integer> held = new ConcurrentHashMap<>();

    public LiveApi(CompanyAccess access, SecurityIdentity identity, FiguresChanges changes, LiveConfig config) {
        this.access = access;
        this.identity = identity;
        this.changes = changes;
        this.config = config;
    }

    @Subscription("companyFiguresChanged")
    @Description("A notice each time events of the company are acknowledged (at most one per second): ask for the "
            + "figures again then. Same access as company(id:). Over the graphql-transport-ws protocol at /graphql, "
            + "with the token as 'Authorization' in the connection_init payload.")
    public Multi<CompanyFiguresChanged> companyFiguresChanged(@NonNull @Name("companyId") String companyId) {
        String caller = callerKey();
        return access.forAggregates(companyId).onItem().transformToMulti(company -> {
            if (!acquire(caller)) {
                return Multi.createFrom().failure(new ApiException(ErrorCode.TOO_MANY_SUBSCRIPTIONS, "A caller holds at most "
                        + config.maxSubscriptionsPerCaller() + " live subscriptions at a time; end one first"));
            }
            return changes.of(company.id).onTermination().invoke(() -> release(caller));
        });
    }

    private String callerKey() {
        if (identity.getPrincipal() instanceof org.eclipse.microprofile.jwt.JsonWebToken token) {
            return token.getIssuer() + " " + token.getSubject();
        }
        return identity.getPrincipal() == null ? "" : identity.getPrincipal().getName();
    }

    private boolean acquire(String caller) {
        boolean[] granted = new boolean[1];
        held.compute(caller, (key, count) -> {
            int now = count == null ? 0 : count;
            granted[0] = now < config.maxSubscriptionsPerCaller();
            return granted[0] ? now + 1 : (count == null ? null : count);
        });
        return granted[0];
    }

    private void release(String caller) {
        held.computeIfPresent(caller, (key, count) -> count <= 1 ? null : count - 1);
    }
}
