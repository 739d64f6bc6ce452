package io.usageanalytics.error;

import io.smallrye.graphql.api.ErrorCode;

/** The request would overwrite something that already exists, such as a company id. */
@ErrorCode(ConflictException.CODE)
public class ConflictException extends ApiException {
    public static final String CODE = ErrorCodes.CONFLICT;

    public ConflictException(String message) {
        super(message);
    }

    @Override
    public String code() {
        return CODE;
    }

    @Override
    public int httpStatus() {
        return 409;
    }
}
