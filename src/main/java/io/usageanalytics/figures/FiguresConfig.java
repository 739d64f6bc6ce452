package io.usageanalytics.figures;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "analytics.figures")
public interface FiguresConfig {

    /** Longest date range one request may ask for. */
    @WithDefault("1100")
    int maxRangeDays();

    /**
     * Memory for rolled-up days held between requests (all companies together, roughly); beyond it the
     * companies asked about least often and longest ago are dropped, and read again when asked about.
     */
    @WithDefault("64")
    int daysInMemoryMaxMb();
}
