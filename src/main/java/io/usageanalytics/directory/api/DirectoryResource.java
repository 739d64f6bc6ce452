package io.usageanalytics.directory.api;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import io.usageanalytics.access.CompanyAccess;
import io.usageanalytics.api.JsonLimits;
import io.usageanalytics.directory.DirectoryChange;
import io.usageanalytics.directory.DirectoryService;
import io.usageanalytics.directory.DirectorySnapshot;
import io.usageanalytics.error.ApiException;
import io.usageanalytics.error.ErrorCode;
import io.usageanalytics.ingest.IngestConfig;

/**
 * The customer's directory sync: {@code PUT /directory/{companyId}} with the whole directory as of a moment (its
 * teams, their parents and members). Idempotent: the service records what changed since the last snapshot, with
 * the day, so the same snapshot twice changes nothing. Needs the directory-writer role with the company's claim
 * (or {@code *}); the body is checked whole (ids, names and user ids through the personal-data guard) before
 * anything is stored.
 */
@Path("/directory/{companyId}")
@Produces(MediaType.APPLICATION_JSON)
public class DirectoryResource {

    private final DirectoryService directory;
    private final CompanyAccess access;
    private final IngestConfig ingest;
    private final ObjectMapper json;

    public DirectoryResource(DirectoryService directory, CompanyAccess access, IngestConfig ingest,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBody) {
        this.directory = directory;
        this.access = access;
        this.ingest = ingest;
        this.json = new ObjectMapper(JsonLimits.factory((int) Math.min(Integer.MAX_VALUE, maxBody.asLongValue())));
    }

    @PUT
    @Blocking
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<DirectoryChange> put(@PathParam("companyId") String companyId, InputStream body,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String type) {
        access.requireDirectoryWriter();
        // read and checked here, on the worker thread: the lookup's continuation may run on an event loop
        DirectorySnapshot snapshot = DirectorySnapshot.read(read(body, type), Instant.now(), ingest.maxClockSkew());
        return access.forDirectorySync(companyId).flatMap(company -> directory.apply(company, snapshot));
    }

    private JsonNode read(InputStream body, String type) {
        if (!JsonLimits.isUtf8OrUndeclared(type)) {
            throw new ApiException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Send the directory as JSON in UTF-8");
        }
        try (JsonParser parser = json.getFactory().createParser(body)) {
            JsonNode node = json.readTree(parser);
            if (parser.nextToken() != null) {
                throw new ApiException(ErrorCode.BAD_USER_INPUT, "The body holds more after the snapshot's object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new ApiException(ErrorCode.BAD_USER_INPUT, "The body is not valid JSON: " + JsonLimits.describe(e));
        } catch (IOException e) {
            throw new ApiException(ErrorCode.BAD_USER_INPUT, "The body could not be read to its end");
        }
    }
}
