package io.usageanalytics.ingest.rest;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.RestResponse;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import io.usageanalytics.access.Caller;
import io.usageanalytics.access.CompanyAccess;
import io.usageanalytics.api.JsonLimits;
import io.usageanalytics.error.BadUserInputException;
import io.usageanalytics.error.PayloadTooLargeException;
import io.usageanalytics.error.UnsupportedMediaTypeException;
import io.usageanalytics.ingest.IngestConfig;
import io.usageanalytics.ingest.IngestResult;
import io.usageanalytics.ingest.IngestService;

/**
 * Telemetry intake: a batch of events as a JSON array or as NDJSON (one event
 * per line). Answers 200 with per-event results when anything of the batch was
 * stored or already stored, 422 with the same body when every event was
 * refused, and a 4xx error without per-event results when the batch as a whole
 * cannot be read.
 *
 * The body (at most quarkus.http.limits.max-body-size bytes, refused before it is read; UTF-8 unless its
 * Content-Type declares another charset, which is then decoded, never ignored) is parsed as a stream,
 * one event at a time, with {@link JsonLimits}' bounds, and reading stops at the first event over the batch
 * limit: memory follows the batch limit, not what a client sends. Reading and checking a batch runs on a
 * worker thread (up to 5,000 events of free text through the personal-data guard), never on an event loop;
 * storing it is reactive.
 */
@Path("/events")
@Produces(MediaType.APPLICATION_JSON)
public class EventResource {

    public static final String NDJSON = "application/x-ndjson";

    private final IngestService ingest;
    private final CompanyAccess access;
    private final IngestConfig config;
    private final ObjectMapper json;

    public EventResource(IngestService ingest, CompanyAccess access, IngestConfig config,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBody) {
        this.ingest = ingest;
        this.access = access;
        this.config = config;
        this.json = new ObjectMapper(JsonLimits.factory((int) Math.min(Integer.MAX_VALUE, maxBody.asLongValue())));
    }

    @POST
    @Blocking
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<IngestResult>> postArray(byte[] body, @HeaderParam(HttpHeaders.CONTENT_TYPE) String type) {
        Caller caller = access.requireTelemetryWriter();
        body = utf8(body, type);
        List<JsonNode> batch = new ArrayList<>();
        try (JsonParser parser = json.getFactory().createParser(body)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw new BadUserInputException("The body must be a JSON array of events");
            }
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                if (batch.size() >= config.maxBatchSize()) {
                    throw tooLarge();
                }
                batch.add(json.readTree(parser));
            }
            if (parser.nextToken() != null) {
                throw new BadUserInputException("The body holds more after the array of events; send one array");
            }
        } catch (JsonProcessingException e) {
            throw new BadUserInputException("The body is not valid JSON: " + JsonLimits.describe(e));
        } catch (IOException e) {
            throw new BadUserInputException("The body could not be read");
        }
        return ingest(batch, caller);
    }

    /** One event per line; lines end with LF, CRLF or CR. A line that is not JSON refuses that event only. */
    @POST
    @Blocking
    @Consumes(NDJSON)
    public Uni<RestResponse<IngestResult>> postLines(byte[] body, @HeaderParam(HttpHeaders.CONTENT_TYPE) String type) {
        Caller caller = access.requireTelemetryWriter();
        body = utf8(body, type);
        List<JsonNode> batch = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= body.length; i++) {
            if (i < body.length && body[i] != '\n' && body[i] != '\r') {
                continue;
            }
            if (!blank(body, start, i)) {
                if (batch.size() >= config.maxBatchSize()) {
                    throw tooLarge();
                }
                batch.add(line(body, start, i - start));
            }
            start = i + 1;
        }
        return ingest(batch, caller);
    }

    /** The event of one line, or an unreadable entry saying why the line is not one JSON value. */
    private JsonNode line(byte[] body, int offset, int length) {
        try (JsonParser parser = json.getFactory().createParser(body, offset, length)) {
            JsonNode node = json.readTree(parser);
            if (parser.nextToken() != null) {
                return IngestService.unreadable("the line holds more than one JSON value");
            }
            return node;
        } catch (JsonProcessingException e) {
            return IngestService.unreadable("not valid JSON");
        } catch (IOException e) {
            return IngestService.unreadable("not valid JSON");
        }
    }

    private static boolean blank(byte[] body, int from, int to) {
        for (int i = from; i < to; i++) {
            if (body[i] != ' ' && body[i] != '\t') {
                return false;
            }
        }
        return true;
    }

    /** The body in UTF-8: as it is, or decoded from the charset its Content-Type declares. */
    private static byte[] utf8(byte[] body, String contentType) {
        if (JsonLimits.isUtf8OrUndeclared(contentType)) {
            return body;
        }
        String name = JsonLimits.charsetOf(contentType);
        Charset charset;
        try {
            charset = Charset.forName(name);
        } catch (IllegalArgumentException e) {
            throw new UnsupportedMediaTypeException("The body declares charset '" + JsonLimits.shorten(name)
                    + "', which the service does not know; send UTF-8");
        }
        try {
            return charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString()
                    .getBytes(StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new BadUserInputException("The body is not valid " + charset.name() + ", the charset it declares");
        }
    }

    private Uni<RestResponse<IngestResult>> ingest(List<JsonNode> batch, Caller caller) {
        if (batch.isEmpty()) {
            throw new BadUserInputException("The batch holds no events");
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
