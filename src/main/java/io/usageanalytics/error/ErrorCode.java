package io.usageanalytics.error;

/**
 * Every code a client can receive, in REST bodies ({@code {"code": ..., "message": ...}}) and in GraphQL's
 * {@code errors[].extensions.code}, with what goes with it on every answer. The README's "Errors" table lists
 * them with what a client should do.
 */
public enum ErrorCode {

    /** The request is wrong: a malformed value, an impossible range, a body that is not what the endpoint reads. */
    BAD_USER_INPUT(400),
    /** No valid bearer token: missing, expired, too old, another audience or issuer, bad signature. */
    UNAUTHENTICATED(401),
    /** The token is valid but its roles do not allow this kind of request. */
    FORBIDDEN(403),
    /**
     * Nothing the caller may see exists under this id: "does not exist" and "exists but is not yours" alike, so
     * that an answer never tells which.
     */
    NOT_FOUND(404),
    /** The request would overwrite something that exists. */
    CONFLICT(409),
    /**
     * The company is in works-council mode: no per-user rows for any role (aggregates still answer). Its primary
     * owner can switch per-person views back on.
     */
    PER_PERSON_VIEWS_OFF(403),
    /**
     * A team asked for on its own has fewer members in the range than the company's minimum team size; its
     * figures are only in "other teams" of a breakdown.
     */
    BELOW_MINIMUM_GROUP_SIZE(403),
    /** A directory snapshot older than the last one applied for the company: snapshots never go back in time. */
    SNAPSHOT_OUT_OF_ORDER(409),
    /** Spend reports exist only where extra usage is enabled. */
    SPEND_NOT_ENABLED(409),
    /**
     * A sum does not fit a 64-bit integer: answered as an error, never wrapped around; the other figures of the
     * same request still answer.
     */
    FIGURE_OUT_OF_RANGE(422),
    /** More events in one batch than allowed. */
    BATCH_TOO_LARGE(413),
    /** More bytes in one request body than allowed. */
    BODY_TOO_LARGE(413),
    /** A body in another media type or charset than the endpoint reads (JSON and NDJSON in UTF-8). */
    UNSUPPORTED_MEDIA_TYPE(415),
    /** The GraphQL document does not parse; the error has its line and column. */
    GRAPHQL_PARSE_FAILED(200),
    /** The GraphQL document does not fit the schema (unknown field, wrong argument type, ...). */
    GRAPHQL_VALIDATION_FAILED(200),
    /** The GraphQL document asks for more fields, or nests deeper, than one request may. */
    QUERY_TOO_COMPLEX(200),
    /** The caller holds as many live subscriptions as it may: end one before starting another. */
    TOO_MANY_SUBSCRIPTIONS(429),
    /**
     * The database or the token issuer cannot be reached now; nothing was changed: retry later (REST: 503 with
     * Retry-After, long enough for a failover or a restart of the database; GraphQL: {@code retryable}).
     */
    SERVICE_UNAVAILABLE(503, 5),
    /**
     * The company has more events not rolled up yet than one request reads (its rollups held back, or rebuilt
     * long after a restore): its figures answer again once the rollup job has caught up; retry later (REST: 503
     * with Retry-After, the rollup job's default interval; GraphQL: {@code retryable}). Other companies answer.
     */
    ROLLUP_BEHIND(503, 60),
    /** A failure of the service itself; the answer carries an errorId that is also in the service's log. */
    INTERNAL(500);

    private final int httpStatus;
    private final int retryAfterSeconds;

    ErrorCode(int httpStatus) {
        this(httpStatus, 0);
    }

    ErrorCode(int httpStatus, int retryAfterSeconds) {
        this.httpStatus = httpStatus;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** The HTTP status of an answer that ends with this code (200 for the GraphQL document's own errors). */
    public int httpStatus() {
        return httpStatus;
    }

    /** Whether the same request may work when sent again later, unchanged. */
    public boolean retryable() {
        return retryAfterSeconds > 0;
    }

    /** What a REST answer says in Retry-After; 0 when the code is not {@link #retryable()}. */
    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /**
     * The code of an answer that has only an HTTP status (JAX-RS or Vert.x refused the request before any
     * endpoint ran): {@link #INTERNAL} for a 5xx, {@link #BAD_USER_INPUT} for a client error without its own code.
     */
    public static ErrorCode ofStatus(int status) {
        return switch (status) {
            case 401 -> UNAUTHENTICATED;
            case 403 -> FORBIDDEN;
            case 404 -> NOT_FOUND;
            case 413 -> BODY_TOO_LARGE;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            default -> status >= 500 ? INTERNAL : BAD_USER_INPUT;
        };
    }
}
