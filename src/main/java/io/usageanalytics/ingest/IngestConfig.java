package io.usageanalytics.ingest;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "analytics.ingest")
public interface IngestConfig {

    /** Most events accepted in one batch. */
    @WithDefault("5000")
    int maxBatchSize();

    /** How far in the future an occurredAt may lie (client clocks drift). */
    @WithDefault("PT5M")
    Duration maxClockSkew();

    /** Create an unknown company on its first event instead of rejecting the event. */
    @WithDefault("false")
    boolean autoRegisterCompanies();
}
