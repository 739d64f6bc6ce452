package io.usageanalytics.error;

import io.smallrye.graphql.api.ErrorCode;

/** The caller is authenticated but its roles do not allow this kind of request at all. */
@ErrorCode(ForbiddenException.CODE)
public class ForbiddenException extends ApiException {
    public static final String CODE = ErrorCodes.FORBIDDEN;

    public ForbiddenException(String message) {
        super(message);
    }

    @Override
    public String code() {
        return CODE;
    }

    @Override
    public int httpStatus() {
        return 403;
    }
}
