package io.usageanalytics.bench;

import java.nio.file.Path;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The hostile-input measurement ({@link HostileLoad}) against the packaged jar that {@code ./mvnw verify} just
 * built. Runs only with {@code -Dbench.hostile=true} ({@code bench/hostile.sh}); asserts no times.
 */
class HostileLoadIT {

    @Test
    void hostileInput() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("bench.hostile"), "skipped: run with -Dbench.hostile=true (bench/hostile.sh)");
        new HostileLoad(Path.of("target")).run();
    }
}
