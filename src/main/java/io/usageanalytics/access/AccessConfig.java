package io.usageanalytics.access;

import io.smallrye.config.ConfigMapping;

/** Where the token names the companies a caller belongs to. */
@ConfigMapping(prefix = "analytics.access")
public interface AccessConfig {

    /** Claim holding the caller's own company (owners, telemetry writers). */
    String companyClaim();

    /** Claim holding the list of companies a partner may read. */
    String companiesClaim();
}
