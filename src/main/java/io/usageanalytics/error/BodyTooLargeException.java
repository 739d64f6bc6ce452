package io.usageanalytics.error;

import io.smallrye.graphql.api.ErrorCode;

/** A request body has more bytes than the endpoint reads. */
@ErrorCode(BodyTooLargeException.CODE)
public class BodyTooLargeException extends ApiException {
    public static final String CODE = ErrorCodes.BODY_TOO_LARGE;

    public BodyTooLargeException(String message) {
        super(message);
    }

    @Override
    public String code() {
        return CODE;
    }

    @Override
    public int httpStatus() {
        return 413;
    }
}
