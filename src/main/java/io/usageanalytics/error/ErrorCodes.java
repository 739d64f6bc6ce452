package io.usageanalytics.error;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Every code a client can receive, in REST bodies ({@code {"code": ..., "message": ...}}) and in GraphQL's
 * {@code errors[].extensions.code}. The README's "Errors" table lists them with what a client should do.
 */
public final class ErrorCodes {

    /** The request is wrong: a malformed value, an impossible range, a body that is not what the endpoint reads. */
    public static final String BAD_USER_INPUT = "BAD_USER_INPUT";
    /** No valid bearer token: missing, expired, too old, another audience or issuer, bad signature. */
    public static final String UNAUTHENTICATED = "UNAUTHENTICATED";
    /** The token is valid but its roles do not allow this kind of request. */
    public static final String FORBIDDEN = "FORBIDDEN";
    /** Nothing the caller may see exists under this id. */
    public static final String NOT_FOUND = "NOT_FOUND";
    /** The request would overwrite something that exists. */
    public static final String CONFLICT = "CONFLICT";
    /** Spend reports exist only where extra usage is enabled. */
    public static final String SPEND_NOT_ENABLED = "SPEND_NOT_ENABLED";
    /** A sum does not fit a 64-bit integer: answered as an error, never wrapped around. */
    public static final String FIGURE_OUT_OF_RANGE = "FIGURE_OUT_OF_RANGE";
    /** More events in one batch than allowed. */
    public static final String BATCH_TOO_LARGE = "BATCH_TOO_LARGE";
    /** More bytes in one request body than allowed. */
    public static final String BODY_TOO_LARGE = "BODY_TOO_LARGE";
    /** A body in another media type or charset than the endpoint reads (JSON and NDJSON in UTF-8). */
    public static final String UNSUPPORTED_MEDIA_TYPE = "UNSUPPORTED_MEDIA_TYPE";
    /** The GraphQL document does not parse; the error has its line and column. */
    public static final String GRAPHQL_PARSE_FAILED = "GRAPHQL_PARSE_FAILED";
    /** The GraphQL document does not fit the schema (unknown field, wrong argument type, ...). */
    public static final String GRAPHQL_VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED";
    /** The GraphQL document asks for more fields, or nests deeper, than one request may. */
    public static final String QUERY_TOO_COMPLEX = "QUERY_TOO_COMPLEX";
    /** The caller holds as many live subscriptions as it may: end one before starting another. */
    public static final String TOO_MANY_SUBSCRIPTIONS = "TOO_MANY_SUBSCRIPTIONS";
    /** The database or the token issuer cannot be reached now: retry later (REST: 503 with Retry-After). */
    public static final String SERVICE_UNAVAILABLE = "SERVICE_UNAVAILABLE";
    /** A failure of the service itself; the answer carries an errorId that is also in the service's log. */
    public static final String INTERNAL = "INTERNAL";

    private static final ObjectMapper JSON = new ObjectMapper();

    private ErrorCodes() {
    }

    /** A GraphQL answer with one error and no data; line and column only when positive. */
    public static String graphQLBody(String code, String message, int line, int column) {
        return graphQLBody(code, message, line, column, Map.of());
    }

    public static String graphQLBody(String code, String message, int line, int column, Map<String, Object> more) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", message);
        if (line > 0) {
            error.put("locations", List.of(Map.of("line", line, "column", Math.max(column, 1))));
        }
        Map<String, Object> extensions = new LinkedHashMap<>();
        extensions.put("code", code);
        extensions.putAll(more);
        error.put("extensions", extensions);
        List<Object> errors = new ArrayList<>();
        errors.add(error);
        return write(Map.of("errors", errors));
    }

    /** The REST error body. */
    public static String restBody(String code, String message, String errorId) {
        return write(new ErrorBody(code, message, errorId));
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
