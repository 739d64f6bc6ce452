package io.usageanalytics.error;

/**
 * The one error model of the API. Every failure a caller can act on is an
 * ApiException with a machine-readable code; GraphQL puts the code in
 * {@code extensions.code}, REST answers carry it in an {@link ErrorBody}.
 */
public abstract class ApiException extends RuntimeException {

    protected ApiException(String message) {
        super(message, null, false, false);
    }

    /** The code clients switch on, e.g. {@code NOT_FOUND}. */
    public abstract String code();

    /** The HTTP status used when the error ends a REST request. */
    public abstract int httpStatus();
}
