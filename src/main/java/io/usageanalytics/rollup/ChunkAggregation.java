package io.usageanalytics.rollup;

import java.time.LocalDate;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.usageanalytics.rollup.table.TailRows;

/**
 * The events of one chunk aggregated into their companies' {@link TailRows} on a thread of their own, while the
 * reader ({@link ChunkReader}) decodes the next ones on another. Decoding and aggregating take about as long each:
 * on one thread a full rollup waits for both, on two it uses the second core too.
 *
 * Events go over in batches, and at most {@link #PENDING} batches wait: when the aggregation falls behind, the
 * reader waits for it (the time of a batch, about a millisecond), so what a chunk holds beyond its rows stays
 * small. Add events with {@link #add} from one thread, then {@link #end}; {@link #abort} when the read fails.
 * Once the last event is aggregated, the same thread computes the chunk's result (its rows as stored, say), so
 * that this work too stays off the event loop that stores them.
 *
 * @param <T> the chunk's result
 */
final class ChunkAggregation<T> {

    private static final int BATCH = 1024;
    private static final int PENDING = 16;
    /** Longer than any batch takes: a wait this long means the aggregation thread is gone (a shutdown). */
    private static final long HAND_OVER_SECONDS = 60;

    private record Batch(TailRows[] rows, LocalDate[] days, Object[][] events, int size) {

        static Batch empty() {
            return new Batch(new TailRows[BATCH], new LocalDate[BATCH], new Object[BATCH][], 0);
        }
    }

    private static final Batch END = new Batch(null, null, null, 0);

    private final BlockingQueue<Batch> queue = new ArrayBlockingQueue<>(PENDING);
    private final CompletableFuture<T> aggregated = new CompletableFuture<>();
    private final Supplier<T> result;
    private Batch filling = Batch.empty();
    private int size;
    private boolean ended;

    /** @param result computed on the aggregation thread once every event has been added */
    ChunkAggregation(Executor thread, Supplier<T> result) {
        this.result = result;
        thread.execute(this::aggregate);
    }

    /** Adds one event, its values as {@link TailRows#values} gives them, to {@code rows}. */
    void add(TailRows rows, LocalDate day, Object[] event) {
        filling.rows[size] = rows;
        filling.days[size] = day;
        filling.events[size] = event;
        if (++size == BATCH) {
            handOver(new Batch(filling.rows, filling.days, filling.events, size));
            filling = Batch.empty();
            size = 0;
        }
    }

    /** After the last event: completes with the result once every event has been aggregated. */
    CompletionStage<T> end() {
        if (!ended) {
            if (size > 0) {
                handOver(new Batch(filling.rows, filling.days, filling.events, size));
            }
            handOver(END);
            ended = true;
        }
        return aggregated;
    }

    /** When the read failed: the aggregation thread stops, the events added are dropped. */
    void abort() {
        if (!ended) {
            ended = true;
            queue.clear();
            queue.offer(END);
        }
    }

    private void handOver(Batch batch) {
        try {
            if (!queue.offer(batch, HAND_OVER_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the rollup's aggregation thread takes no more events");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while handing events over", e);
        }
    }

    private void aggregate() {
        RuntimeException failure = null;
        try {
            for (Batch batch = queue.take(); batch != END; batch = queue.take()) {
                if (failure != null) {
                    continue; // drained, so that the event loop never waits for a failed aggregation
                }
                try {
                    for (int i = 0; i < batch.size; i++) {
                        batch.rows[i].add(batch.days[i], batch.events[i]);
                    }
                } catch (RuntimeException e) {
                    failure = e;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            aggregated.completeExceptionally(e);
            return;
        }
        if (failure != null) {
            aggregated.completeExceptionally(failure);
            return;
        }
        try {
            aggregated.complete(result.get());
        } catch (RuntimeException e) {
            aggregated.completeExceptionally(e);
        }
    }
}
