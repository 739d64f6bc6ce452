package io.usageanalytics.console;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** What the console needs to sign a person in; see README, "The console". */
@ConfigMapping(prefix = "analytics.console")
public interface ConsoleConfig {

    /** The OIDC issuer the console signs in at (authorization-code flow with PKCE). */
    Optional<String> issuerUrl();

    /** The console's own client at the issuer: a public client (no secret) allowed to redirect to the console. */
    @WithDefault("usage-analytics-console")
    String clientId();

    /** Scopes asked for; the tokens must carry this service's audience and the roles and company claims. */
    @WithDefault("openid")
    String scope();

    /** Whether the console offers the dev-mode role and company picker (dev mode only). */
    @WithDefault("false")
    boolean devTokens();
}
