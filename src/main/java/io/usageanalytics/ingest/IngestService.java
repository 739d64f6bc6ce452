package io.usageanalytics.ingest;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.POJONode;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.usageanalytics.company.CompanyLookup;
import io.usageanalytics.company.CompanyService;
import io.usageanalytics.error.ApiException;
import io.usageanalytics.error.ErrorCode;
import io.usageanalytics.ingest.EventValidator.Checked;
import io.usageanalytics.ingest.IngestResult.RejectedEvent;
import io.usageanalytics.live.FiguresChanges;

/**
 * Takes a batch of incoming events: validates each on its own, refuses events
 * for companies the writer may not write (alike for unknown ones), and stores
 * the rest in one idempotent transaction ({@link EventRepository}). The answer
 * is sent only after it committed.
 */
@ApplicationScoped
public class IngestService {

    private final EventValidator validator;
    private final EventRepository events;
    private final EventPartitions partitions;
    private final CompanyLookup companyLookup;
    private final CompanyService companyService;
    private final IngestConfig config;
    private final FiguresChanges changes;
    private final Counter acceptedCounter;
    private final Counter duplicateCounter;
    private final Counter rejectedCounter;

    public IngestService(EventValidator validator, EventRepository events, EventPartitions partitions,
            CompanyLookup companyLookup, CompanyService companyService, IngestConfig config, MeterRegistry registry,
            FiguresChanges changes) {
        this.validator = validator;
        this.partitions = partitions;
        this.changes = changes;
        this.events = events;
        this.companyLookup = companyLookup;
        this.companyService = companyService;
        this.config = config;
        this.acceptedCounter = outcomeCounter(registry, "accepted");
        this.duplicateCounter = outcomeCounter(registry, "duplicate");
        this.rejectedCounter = outcomeCounter(registry, "rejected");
    }

    private static Counter outcomeCounter(MeterRegistry registry, String outcome) {
        return Counter.builder("analytics.ingest.events")
                .description("Telemetry events received, by outcome")
                .tag("outcome", outcome)
                .register(registry);
    }

    /**
     * @param batch         the events as parsed JSON; an {@link #unreadable} entry is an event that could not be
     *                      read (an NDJSON line that is not JSON) and says why
     * @param mayIngestFor  which companies the caller may send telemetry for
     */
    public Uni<IngestResult> ingest(List<JsonNode> batch, Predicate<String> mayIngestFor) {
        List<Checked> checked = batch.stream()
                .map(node -> node instanceof POJONode p && p.getPojo() instanceof Unreadable u
                        ? new Checked(null, u.problem()) : validator.check(node))
                .toList();
        Set<String> companyIds = new LinkedHashSet<>();
        for (Checked c : checked) {
            if (c.event() != null && mayIngestFor.test(c.event().companyId())) {
                companyIds.add(c.event().companyId());
            }
        }
        return knownCompanies(companyIds).flatMap(known -> {
            List<TelemetryEvent> valid = new ArrayList<>();
            List<RejectedEvent> rejected = new ArrayList<>();
            for (int i = 0; i < checked.size(); i++) {
                Checked c = checked.get(i);
                if (c.event() == null) {
                    rejected.add(new RejectedEvent(i, eventIdOf(batch.get(i)), c.problem()));
                } else if (!known.contains(c.event().companyId())) {
                    rejected.add(new RejectedEvent(i, c.event().eventId().toString(),
                            "unknown company '" + c.event().companyId() + "'"));
                } else {
                    valid.add(c.event());
                }
            }
            return store(valid).map(inserted -> {
                int duplicates = valid.size() - inserted;
                acceptedCounter.increment(inserted);
                duplicateCounter.increment(duplicates);
                rejectedCounter.increment(rejected.size());
                if (inserted > 0) {
                    // committed: live subscribers of these companies learn that their figures changed
                    changes.announce(valid.stream().map(TelemetryEvent::companyId).distinct().toList());
                }
                return new IngestResult(batch.size(), inserted, duplicates, List.copyOf(rejected));
            });
        });
    }

    /**
     * Stores the events; answers how many were new. When an event finds no partition of the event table for its
     * occurredAt (the partitions ahead were not created in time, see {@link EventPartitions}), the partitions are
     * made and the batch is stored once more; when that fails too, the client is told to send it again later.
     * Either way nothing of a failed attempt was stored.
     */
    private Uni<Integer> store(List<TelemetryEvent> valid) {
        return events.insert(valid)
                .onFailure(EventRepository::noPartition).recoverWithUni(e -> partitions.ensure()
                        .onFailure().recoverWithNull()
                        .flatMap(made -> events.insert(valid)))
                .onFailure(EventRepository::noPartition).transform(e -> new ApiException(ErrorCode.SERVICE_UNAVAILABLE,
                        "The event store has no place yet for the time of an event in this batch; nothing was stored,"
                                + " send the batch again later"));
    }

    /** Stands for an event of the batch that could not be read at all. */
    public static JsonNode unreadable(String problem) {
        return new POJONode(new Unreadable(problem));
    }

    private record Unreadable(String problem) {
    }

    private Uni<Set<String>> knownCompanies(Set<String> companyIds) {
        if (companyIds.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        return config.autoRegisterCompanies() ? companyService.registerOnFirstEvent(companyIds)
                : companyLookup.existingIds(companyIds);
    }

    private static String eventIdOf(JsonNode node) {
        JsonNode id = node == null ? null : node.get("eventId");
        return id != null && id.isTextual() && id.textValue().length() <= 64 ? id.textValue() : null;
    }
}
