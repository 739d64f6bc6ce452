package io.usageanalytics.figures.days;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "analytics.figures")
public interface DaysConfig {

    /**
     * Memory for rolled-up days held between requests (all companies together, roughly); beyond it the
     * companies asked about least often and longest ago are dropped, and read again when asked about.
     */
    @WithDefault("64")
    int daysInMemoryMaxMb();
}
