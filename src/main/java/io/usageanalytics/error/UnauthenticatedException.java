package io.usageanalytics.error;

import io.smallrye.graphql.api.ErrorCode;

/** No valid bearer token. */
@ErrorCode(UnauthenticatedException.CODE)
public class UnauthenticatedException extends ApiException {
    public static final String CODE = ErrorCodes.UNAUTHENTICATED;

    public UnauthenticatedException(String message) {
        super(message);
    }

    @Override
    public String code() {
        return CODE;
    }

    @Override
    public int httpStatus() {
        return 401;
    }
}
