package io.usageanalytics.figures;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "analytics.figures")
public interface FiguresConfig {

    /** Longest date range one request may ask for. */
    @WithDefault("1100")
    int maxRangeDays();
}
