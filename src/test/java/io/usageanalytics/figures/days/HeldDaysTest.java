package io.usageanalytics.figures.days;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;

class HeldDaysTest {

    private static final LocalDate START = LocalDate.of(2026, 1, 1);

    @Test
    void companiesBeyondTheMemoryBoundAreDroppedByTheBytesTheirDaysTake() throws InterruptedException {
        HeldDays held = new HeldDays(config(1), new SimpleMeterRegistry());
        long all = 0;
        for (int c = 0; c < 16; c++) {
            String company = "c" + c;
            Map<LocalDate, Day> days = days(500, 10);
            all += days.values().stream().mapToLong(Day::weight).sum();
            held.daysAt(company, held.ids(company), runs(days), wanted -> Uni.createFrom().item(days))
                    .await().indefinitely();
        }
        assertTrue(all > 2 * 1024 * 1024, "more than fits: " + all);
        // the cache drops entries beside the callers' threads
        for (int i = 0; i < 100 && held.heldBytes() > 1024 * 1024; i++) {
            Thread.sleep(20);
        }
        assertTrue(held.heldBytes() <= 1024 * 1024, "held " + held.heldBytes());
        assertTrue(held.heldBytes() > 256 * 1024, "held " + held.heldBytes());
    }

    @Test
    void loadsArrivingTogetherReadTheDaysOnce() throws Exception {
        HeldDays held = new HeldDays(config(64), new SimpleMeterRegistry());
        CompanyIds ids = held.ids("c");
        Map<LocalDate, Day> days = days(5, 3);
        AtomicInteger reads = new AtomicInteger();
        CompletableFuture<Map<LocalDate, Day>> read = new CompletableFuture<>();
        CompletionStage<Map<LocalDate, Day>> first = held.daysAt("c", ids, runs(days), wanted -> {
            reads.incrementAndGet();
            return Uni.createFrom().completionStage(read);
        }).map(HeldDays.Rolled::days).subscribeAsCompletionStage();
        CompletionStage<Map<LocalDate, Day>> second = held.daysAt("c", ids, runs(days), wanted -> {
            reads.incrementAndGet();
            return Uni.createFrom().item(days);
        }).map(HeldDays.Rolled::days).subscribeAsCompletionStage();
        read.complete(days);
        assertEquals(days, first.toCompletableFuture().get(5, TimeUnit.SECONDS));
        assertEquals(days, second.toCompletableFuture().get(5, TimeUnit.SECONDS));
        assertEquals(1, reads.get());
    }

    @Test
    void whatIsComputedFromTheDaysIsSharedUntilADayIsReadAgain() {
        HeldDays held = new HeldDays(config(64), new SimpleMeterRegistry());
        CompanyIds ids = held.ids("c");
        Map<LocalDate, Day> days = days(5, 3);
        Map<LocalDate, Long> runs = runs(days);
        // the load that reads the days computes for itself; the next ones share what is computed from them
        HeldDays.Rolled reading = held.daysAt("c", ids, runs, wanted -> Uni.createFrom().item(days)).await().indefinitely();
        assertNull(reading.computed());
        HeldDays.Rolled first = held.daysAt("c", ids, runs, wanted -> fail("held")).await().indefinitely();
        HeldDays.Rolled second = held.daysAt("c", ids, runs, wanted -> fail("held")).await().indefinitely();
        assertNotNull(first.computed());
        assertSame(first.computed(), second.computed());
        assertEquals(days, second.days());
        // a rollup run rebuilt one day: read again, and nothing computed before is shared any longer
        LocalDate rebuilt = START.plusDays(2);
        Map<LocalDate, Long> later = new HashMap<>(runs);
        later.put(rebuilt, 2L);
        DayBuilder rebuilding = new DayBuilder(rebuilt);
        rebuilding.run(2);
        rebuilding.user(99, 0, 0);
        Day again = rebuilding.build();
        assertNull(held.daysAt("c", ids, later, wanted -> Uni.createFrom().item(Map.of(rebuilt, again)))
                .await().indefinitely().computed());
        HeldDays.Rolled after = held.daysAt("c", ids, later, wanted -> fail("held")).await().indefinitely();
        assertNotNull(after.computed());
        assertNotSame(first.computed(), after.computed());
        assertSame(again, after.days().get(rebuilt));
        // a load of an older snapshot (the day at run 1) reads that day and shares nothing
        assertNull(held.daysAt("c", ids, runs, wanted -> Uni.createFrom().item(Map.of(rebuilt, days.get(rebuilt))))
                .await().indefinitely().computed());
    }

    /** {@code count} days from START, each with {@code users} users, built by run 1. */
    private static Map<LocalDate, Day> days(int count, int users) {
        Map<LocalDate, Day> days = new HashMap<>();
        for (int d = 0; d < count; d++) {
            DayBuilder day = new DayBuilder(START.plusDays(d));
            day.run(1);
            for (int user = 0; user < users; user++) {
                day.user(user * 7 + d, 0, 0);
            }
            days.put(START.plusDays(d), day.build());
        }
        return days;
    }

    private static Map<LocalDate, Long> runs(Map<LocalDate, Day> days) {
        Map<LocalDate, Long> runs = new HashMap<>();
        days.keySet().forEach(date -> runs.put(date, 1L));
        return runs;
    }

    private static DaysConfig config(int daysInMemoryMaxMb) {
        return new DaysConfig() {
            @Override
            public int daysInMemoryMaxMb() {
                return daysInMemoryMaxMb;
            }

            @Override
            public int maxTailEvents() {
                return 200_000;
            }
        };
    }
}
