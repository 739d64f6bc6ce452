package io.usageanalytics.error;

import io.smallrye.graphql.api.ErrorCode;

/**
 * Something the service needs (PostgreSQL, the token issuer) cannot be reached now. Nothing was changed;
 * the same request can be sent again after {@link #RETRY_AFTER_SECONDS}.
 */
@ErrorCode(ServiceUnavailableException.CODE)
public class ServiceUnavailableException extends ApiException {
    public static final String CODE = ErrorCodes.SERVICE_UNAVAILABLE;
    /** What REST answers say in Retry-After: long enough for a failover or a restart of the database. */
    public static final int RETRY_AFTER_SECONDS = 5;

    public ServiceUnavailableException(String message) {
        super(message);
    }

    @Override
    public String code() {
        return CODE;
    }

    @Override
    public int httpStatus() {
        return 503;
    }
}
