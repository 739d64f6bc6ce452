package io.usageanalytics.error;

import io.smallrye.graphql.api.ErrorCode;

/** The caller already holds as many live subscriptions as it may. */
@ErrorCode(TooManySubscriptionsException.CODE)
public class TooManySubscriptionsException extends ApiException {
    public static final String CODE = ErrorCodes.TOO_MANY_SUBSCRIPTIONS;

    public TooManySubscriptionsException(String message) {
        super(message);
    }

    @Override
    public String code() {
        return CODE;
    }

    @Override
    public int httpStatus() {
        return 429;
    }
}
