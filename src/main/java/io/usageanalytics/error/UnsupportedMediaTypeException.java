package io.usageanalytics.error;

import io.smallrye.graphql.api.ErrorCode;

/** A body in a media type or charset the endpoint does not read. */
@ErrorCode(UnsupportedMediaTypeException.CODE)
public class UnsupportedMediaTypeException extends ApiException {
    public static final String CODE = ErrorCodes.UNSUPPORTED_MEDIA_TYPE;

    public UnsupportedMediaTypeException(String message) {
        super(message);
    }

    @Override
    public String code() {
        return CODE;
    }

    @Override
    public int httpStatus() {
        return 415;
    }
}
