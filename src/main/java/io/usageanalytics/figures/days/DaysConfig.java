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

    /**
     * The most events not rolled up yet that one load reads for a company: they are aggregated in memory, so a
     * backlog (rollups held back for days, or rebuilt long after a restore) would make every request of the
     * company as large as the backlog. Beyond it the load is refused with {@code ROLLUP_BEHIND} until the rollup
     * job has caught up.
     */
    @WithDefault("200000")
    int maxTailEvents();
}
