package io.usageanalytics.error;

import io.smallrye.graphql.api.ErrorCode;

/** A request asks for more than one request may: too many events in a batch. */
@ErrorCode(PayloadTooLargeException.CODE)
public class PayloadTooLargeException extends ApiException {
    public static final String CODE = ErrorCodes.BATCH_TOO_LARGE;

    public PayloadTooLargeException(String message) {
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
