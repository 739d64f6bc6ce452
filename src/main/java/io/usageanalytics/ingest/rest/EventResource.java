package io.usageanalytics.ingest.rest;

import java.util.ArrayList;
import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestResponse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import io.usageanalytics.access.Caller;
import io.usageanalytics.access.CompanyAccess;
import io.usageanalytics.error.BadUserInputException;
import io.usageanalytics.error.PayloadTooLargeException;
import io.usageanalytics.ingest.IngestConfig;
import io.usageanalytics.ingest.IngestResult;
import io.usageanalytics.ingest.IngestService;

/**
 * Telemetry intake: a batch of events as a JSON array or as NDJSON (one event
 * per line). Answers 200 with per-event results when anything of the batch was
 * stored or already stored, 422 with the same body when every event was
 * refused, and a 4xx error without per-event results when the batch as a whole
 * cannot be read.
 */
@Path("/events")
@Produces(MediaType.APPLICATION_JSON)
public class EventResource {

    public static final String NDJSON = "application/x-ndjson";

    private final IngestService ingest;
    private final CompanyAccess access;
    private final IngestConfig config;
    private final ObjectMapper json;

    public EventResource(IngestService ingest, CompanyAccess access, IngestConfig config, ObjectMapper json) {
        this.ingest = ingest;
        this.access = access;
        this.config = config;
        this.json = json;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<IngestResult>> postArray(String body) {
        Caller caller = access.requireTelemetryWriter();
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JsonProcessingException e) {
            throw new BadUserInputException("The body is not valid JSON: " + e.getOriginalMessage()
                    + " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
        }
        if (root == null || !root.isArray()) {
            throw new BadUserInputException("The body must be a JSON array of events");
        }
        List<JsonNode> batch = new ArrayList<>(root.size());
        root.forEach(batch::add);
        return ingest(batch, caller);
    }

    @POST
    @Consumes(NDJSON)
    public Uni<RestResponse<IngestResult>> postLines(String body) {
        Caller caller = access.requireTelemetryWriter();
        List<JsonNode> batch = new ArrayList<>();
        for (String line : body.split("\r?\n")) {
            if (line.isBlank()) {
                continue;
            }
            if (batch.size() >= config.maxBatchSize()) {
                throw tooLarge();
            }
            try {
                batch.add(json.readTree(line));
            } catch (JsonProcessingException e) {
                batch.add(null);
            }
        }
        return ingest(batch, caller);
    }

    private Uni<RestResponse<IngestResult>> ingest(List<JsonNode> batch, Caller caller) {
        if (batch.isEmpty()) {
            throw new BadUserInputException("The batch holds no events");
        }
        if (batch.size() > config.maxBatchSize()) {
            throw tooLarge();
        }
        return ingest.ingest(batch, caller::mayIngestFor).map(result -> {
            boolean nothingStored = result.accepted() == 0 && result.duplicates() == 0;
            return nothingStored
                    ? RestResponse.ResponseBuilder.<IngestResult>create(422).entity(result).build()
                    : RestResponse.ok(result);
        });
    }

    private PayloadTooLargeException tooLarge() {
        return new PayloadTooLargeException("A batch holds at most " + config.maxBatchSize()
                + " events; split it and send the parts one after another");
    }
}
