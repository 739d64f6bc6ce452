package io.usageanalytics.bench;

import java.nio.file.Path;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The benchmark as a failsafe integration test, against the packaged jar that {@code ./mvnw verify} just built.
 * It runs only when a size is given ({@code -Dbench.size=S|M|L}), so a plain {@code ./mvnw verify} skips it at
 * once; it asserts no times, only that every step ran and that rollups and raw events give the same answer.
 * Use {@code bench/run.sh [S|M|L]}; see docs/benchmarks.md.
 */
class BenchmarkIT {

    @Test
    void benchmark() throws Exception {
        String size = System.getProperty("bench.size", "");
        Assumptions.assumeFalse(size.isBlank(), "benchmark skipped: run with -Dbench.size=S|M|L (bench/run.sh)");
        new Benchmark(DataGenerator.Size.valueOf(size.trim().toUpperCase()), Long.getLong("bench.seed", 20260101L),
                Path.of("target")).run();
    }
}
