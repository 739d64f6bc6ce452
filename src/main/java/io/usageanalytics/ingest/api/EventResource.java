package io.usageanalytics.ingest.api;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
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
import io.usageanalytics.error.ApiException;
import io.usageanalytics.error.ErrorCode;
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
 * Content-Type declares another charset, which is then decoded, never ignored) is parsed as it arrives, one
 * event at a time, with {@link JsonLimits}' bounds, and reading stops at the first event over the batch
 * limit: memory follows the batch limit, not what a client sends. Reading and checking a batch runs on a
 * worker thread (up to 5,000 events of free text through the personal-data guard), never on an event loop;
 * storing it is reactive.
 */
@Path("/events")
@Produces(MediaType.APPLICATION_JSON)
public class EventResource {

    public static final String NDJSON = "application/x-ndjson";
    /** An event is at most a few kilobytes; a longer NDJSON line is refused without being kept. */
    static final int MAX_LINE_BYTES = 65_536;

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
    public Uni<RestResponse<IngestResult>> postArray(InputStream body,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String type) {
        Caller caller = access.requireTelemetryWriter();
        Charset charset = charset(type);
        List<JsonNode> batch = new ArrayList<>();
        try (JsonParser parser = charset == StandardCharsets.UTF_8 ? json.getFactory().createParser(body)
                : json.getFactory().createParser(reader(body, charset))) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw new ApiException(ErrorCode.BAD_USER_INPUT, "The body must be a JSON array of events");
            }
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                if (batch.size() >= config.maxBatchSize()) {
                    throw tooLarge();
                }
                batch.add(json.readTree(parser));
            }
            if (parser.nextToken() != null) {
                throw new ApiException(ErrorCode.BAD_USER_INPUT,
                        "The body holds more after the array of events; send one array");
            }
        } catch (JsonProcessingException e) {
            throw new ApiException(ErrorCode.BAD_USER_INPUT, "The body is not valid JSON: " + JsonLimits.describe(e));
        } catch (IOException e) {
            throw unreadable(e, charset);
        }
        return ingest(batch, caller);
    }

    /**
     * One event per line; lines end with LF, CRLF or CR. A line that is not one JSON value, not valid UTF-8, or
     * longer than {@link #MAX_LINE_BYTES}, refuses that event only.
     */
    @POST
    @Blocking
    @Consumes(NDJSON)
    public Uni<RestResponse<IngestResult>> postLines(InputStream body,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String type) {
        Caller caller = access.requireTelemetryWriter();
        Charset charset = charset(type);
        List<JsonNode> batch = new ArrayList<>();
        try (InputStream in = new BufferedInputStream(charset == StandardCharsets.UTF_8 ? body
                : new ByteArrayInputStream(transcoded(body, charset)), 8192)) {
            byte[] line = new byte[MAX_LINE_BYTES];
            int length = 0;
            boolean tooLong = false;
            int b;
            do {
                b = in.read();
                if (b != -1 && b != '\n' && b != '\r') {
                    if (length < MAX_LINE_BYTES) {
                        line[length++] = (byte) b;
                    } else {
                        tooLong = true;
                    }
                    continue;
                }
                if (tooLong || !blank(line, length)) {
                    if (batch.size() >= config.maxBatchSize()) {
                        throw tooLarge();
                    }
                    batch.add(tooLong ? IngestService.unreadable("the line is longer than " + MAX_LINE_BYTES + " bytes")
                            : line(line, length));
                }
                length = 0;
                tooLong = false;
            } while (b != -1);
        } catch (IOException e) {
            throw unreadable(e, charset);
        }
        return ingest(batch, caller);
    }

    /** A body that could not be read: not in the charset it declares, or cut short. */
    private static ApiException unreadable(IOException e, Charset charset) {
        return new ApiException(ErrorCode.BAD_USER_INPUT, e instanceof CharacterCodingException
                ? "The body is not valid " + charset.name() + ", the charset it declares"
                : "The body could not be read to its end");
    }

    /** The event of one line, or an unreadable entry saying why the line is not one JSON value. */
    private JsonNode line(byte[] bytes, int length) {
        String text = JsonLimits.utf8(java.util.Arrays.copyOf(bytes, length));
        if (text == null) {
            return IngestService.unreadable("not valid UTF-8");
        }
        return line(text);
    }

    private static boolean blank(byte[] line, int length) {
        for (int i = 0; i < length; i++) {
            if (line[i] != ' ' && line[i] != '\t') {
                return false;
            }
        }
        return true;
    }

    /** A body in another charset as UTF-8 (at most the body limit: such bodies are rare). */
    private static byte[] transcoded(InputStream body, Charset charset) throws IOException {
        java.io.StringWriter text = new java.io.StringWriter();
        try (Reader in = reader(body, charset)) {
            in.transferTo(text);
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The event of one line, or an unreadable entry saying why the line is not one JSON value. */
    private JsonNode line(String text) {
        try (JsonParser parser = json.getFactory().createParser(text)) {
            JsonNode node = json.readTree(parser);
            if (parser.nextToken() != null) {
                return IngestService.unreadable("the line holds more than one JSON value");
            }
            return node;
        } catch (IOException e) {
            return IngestService.unreadable("not valid JSON");
        }
    }

    /** The charset the Content-Type declares, UTF-8 when none; one the service does not know is a 415. */
    private static Charset charset(String contentType) {
        if (JsonLimits.isUtf8OrUndeclared(contentType)) {
            return StandardCharsets.UTF_8;
        }
        String name = JsonLimits.charsetOf(contentType);
        try {
            return Charset.forName(name);
        } catch (IllegalArgumentException e) {
            throw new ApiException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "The body declares charset '"
                    + ApiException.shorten(name) + "', which the service does not know; send UTF-8");
        }
    }

    /** Text in that charset; bytes that are not valid in it fail the read instead of becoming '?'. */
    private static Reader reader(InputStream body, Charset charset) {
        return new BufferedReader(new InputStreamReader(body, charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)), 8192);
    }

    private Uni<RestResponse<IngestResult>> ingest(List<JsonNode> batch, Caller caller) {
        if (batch.isEmpty()) {
            throw new ApiException(ErrorCode.BAD_USER_INPUT, "The batch holds no events");
        }
        return ingest.ingest(batch, caller::mayIngestFor).map(result -> {
            boolean nothingStored = result.accepted() == 0 && result.duplicates() == 0;
            return nothingStored
                    ? RestResponse.ResponseBuilder.<IngestResult>create(422).entity(result).build()
                    : RestResponse.ok(result);
        });
    }

    private ApiException tooLarge() {
        return new ApiException(ErrorCode.BATCH_TOO_LARGE, "A batch holds at most " + config.maxBatchSize()
                + " events; split it and send the parts one after another");
    }
}
