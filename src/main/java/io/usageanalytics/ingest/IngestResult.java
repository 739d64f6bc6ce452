package io.usageanalytics.ingest;

import java.util.List;

/**
 * The answer to one batch: how many events were stored, how many were already
 * stored (not counted again), and every refused event with its position in the
 * batch and the reason.
 */
public record IngestResult(int received, int accepted, int duplicates, List<RejectedEvent> rejected) {

    /** An event that was not stored: its index in the batch (0-based), its eventId when readable, and why. */
    public record RejectedEvent(int index, String eventId, String reason) {
    }
}
