package io.usageanalytics.error;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The JSON body of every REST error answer: the same codes as GraphQL's {@code extensions.code}, and for
 * {@code INTERNAL} the id under which the failure is in the service's log.
 * Registered for reflection because it only travels inside a {@code Response}, where Quarkus cannot
 * see it: without the registration the native image could not serialise it. The code is its name, not the
 * {@link ErrorCode}, so that nothing else needs the registration.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorBody(String code, String message, String errorId) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public ErrorBody(ErrorCode code, String message, String errorId) {
        this(code.name(), message, errorId);
    }

    public ErrorBody(ErrorCode code, String message) {
        this(code, message, null);
    }

    /** The REST error body, written where no JAX-RS endpoint answers (plain Vert.x routes). */
    public static String rest(ErrorCode code, String message, String errorId) {
        return write(new ErrorBody(code, message, errorId));
    }

    /** A GraphQL answer with one error and no data; line and column only when positive. */
    public static String graphQL(ErrorCode code, String message, int line, int column) {
        return graphQL(code, message, line, column, Map.of());
    }

    public static String graphQL(ErrorCode code, String message, int line, int column, Map<String, Object> more) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", message);
        if (line > 0) {
            error.put("locations", List.of(Map.of("line", line, "column", Math.max(column, 1))));
        }
        Map<String, Object> extensions = new LinkedHashMap<>();
        extensions.put("code", code.name());
        extensions.putAll(more);
        error.put("extensions", extensions);
        List<Object> errors = new ArrayList<>();
        errors.add(error);
        return write(Map.of("errors", errors));
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
