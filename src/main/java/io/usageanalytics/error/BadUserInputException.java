package io.usageanalytics.error;

import io.smallrye.graphql.api.ErrorCode;

/** The request itself is wrong: a malformed value, an impossible range, a limit exceeded. */
@ErrorCode(BadUserInputException.CODE)
public class BadUserInputException extends ApiException {
    public static final String CODE = ErrorCodes.BAD_USER_INPUT;

    public BadUserInputException(String message) {
        super(message);
    }

    @Override
    public String code() {
        return CODE;
    }

    @Override
    public int httpStatus() {
        return 400;
    }
}
