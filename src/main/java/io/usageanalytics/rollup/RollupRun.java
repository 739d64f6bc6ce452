package io.usageanalytics.rollup;

import java.time.Duration;

/** What one rollup run did. */
public record RollupRun(Outcome outcome, long fromWatermark, long toWatermark, long companyDays, long rowsWritten,
        Duration duration) {

    public enum Outcome {
        /** The rollups now cover every event below {@link #toWatermark}. */
        COMPLETED,
        /** Another run (maybe on another replica) held the lock; nothing was done. */
        SKIPPED
    }

    static RollupRun skipped(Duration duration) {
        return new RollupRun(Outcome.SKIPPED, 0, 0, 0, 0, duration);
    }
}
