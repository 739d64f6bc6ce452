package io.usageanalytics.rollup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.usageanalytics.rollup.table.RollupTable;
import io.usageanalytics.rollup.table.TailRows;

/** Events handed over to the aggregation thread give the rows they would give on one thread; failures end it. */
class ChunkAggregationTest {

    private static final LocalDate DAY = LocalDate.of(2026, 11, 2);
    private final ExecutorService thread = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        thread.shutdownNow();
    }

    @Test
    void manyBatchesGiveTheRowsOfOneThread() throws Exception {
        TailRows handedOver = new TailRows();
        TailRows direct = new TailRows();
        ChunkAggregation<Map<String, Long>> aggregation = new ChunkAggregation<>(thread, () -> rows(handedOver));
        for (int i = 0; i < 50_000; i++) {
            aggregation.add(handedOver, DAY, message("u" + i % 7, "chat-" + i % 101));
            direct.add(DAY, message("u" + i % 7, "chat-" + i % 101));
        }
        Map<String, Long> result = aggregation.end().toCompletableFuture().get(30, TimeUnit.SECONDS);

        assertEquals(rows(direct), result);
        assertEquals(rows(direct), rows(handedOver));
        assertEquals(50_000L, rows(handedOver).get("rollup_company_day user_messages"));
        assertEquals(7L, rows(handedOver).get("rollup_user_day rows"));
        assertEquals(101L, rows(handedOver).get("rollup_chat_day rows"));
    }

    @Test
    void aFailedAggregationFailsTheChunkAndStillTakesEveryBatch() throws Exception {
        TailRows rows = new TailRows();
        ChunkAggregation<Map<String, Long>> aggregation = new ChunkAggregation<>(thread, () -> rows(rows));
        Object[] broken = message("u1", "c1");
        broken[RollupTable.EVENT_COLUMNS.indexOf("type")] = 42; // not a type: the aggregation throws
        aggregation.add(rows, DAY, broken);
        // far more batches than may wait: the event loop must never be left waiting for a failed aggregation
        for (int i = 0; i < 100_000; i++) {
            aggregation.add(rows, DAY, message("u1", "c1"));
        }
        ExecutionException failed = assertThrows(ExecutionException.class,
                () -> aggregation.end().toCompletableFuture().get(30, TimeUnit.SECONDS));
        assertInstanceOf(ClassCastException.class, failed.getCause());
    }

    @Test
    void aFailedResultFailsTheChunk() throws Exception {
        TailRows rows = new TailRows();
        ChunkAggregation<Long> aggregation = new ChunkAggregation<>(thread, () -> {
            throw new ArithmeticException("a sum beyond bigint");
        });
        aggregation.add(rows, DAY, message("u1", "c1"));
        ExecutionException failed = assertThrows(ExecutionException.class,
                () -> aggregation.end().toCompletableFuture().get(30, TimeUnit.SECONDS));
        assertInstanceOf(ArithmeticException.class, failed.getCause());
        assertEquals(1L, rows(rows).get("rollup_company_day events"));
    }

    @Test
    void anAbortedReadEndsTheAggregationThread() throws Exception {
        ChunkAggregation<Void> aggregation = new ChunkAggregation<>(thread, () -> null);
        aggregation.add(new TailRows(), DAY, message("u1", "c1"));
        aggregation.abort();
        // the single thread is free again: a second chunk on it completes
        TailRows rows = new TailRows();
        ChunkAggregation<Map<String, Long>> next = new ChunkAggregation<>(thread, () -> rows(rows));
        next.add(rows, DAY, message("u2", "c2"));
        assertEquals(1L, next.end().toCompletableFuture().get(30, TimeUnit.SECONDS).get("rollup_company_day events"));
    }

    /** A user's message in a chat, as TailRows.values gives an event read. */
    private static Object[] message(String user, String chat) {
        Object[] values = new Object[RollupTable.EVENT_COLUMNS.size()];
        for (int i = 0; i < values.length; i++) {
            String column = RollupTable.EVENT_COLUMNS.get(i);
            values[i] = switch (column) {
                case "type" -> "USER_MESSAGE";
                case "user_id" -> user;
                case "chat_id" -> chat;
                case "received_at" -> Instant.parse("2026-11-02T10:00:00Z");
                case "user_messages" -> 1;
                case "file_folders", "projects_created", "groups_created", "chats_created", "spaces_created",
                        "assistant_messages", "positive_feedback", "negative_feedback", "artifacts_created",
                        "spend_micros" -> 0;
                default -> null;
            };
        }
        return values;
    }

    /** Per table its number of rows, and the day's company totals of events and user messages. */
    private static Map<String, Long> rows(TailRows rows) {
        Map<String, Long> summary = new HashMap<>();
        rows.forEach((table, day, row) -> {
            summary.merge(table.table + " rows", 1L, Long::sum);
            if (table == RollupTable.COMPANY_DAY) {
                summary.put(table.table + " events", row.number("events"));
                summary.put(table.table + " user_messages", row.number("user_messages"));
            }
        });
        return summary;
    }
}
