package io.usageanalytics.live;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "analytics.live")
public interface LiveConfig {

    /** At most one notice per company within this time, however many batches arrive. */
    @WithDefault("1s")
    Duration coalesce();

    /** Live subscriptions one caller (one token subject) may hold at the same time, over all its connections. */
    @WithDefault("10")
    int maxSubscriptionsPerCaller();
}
