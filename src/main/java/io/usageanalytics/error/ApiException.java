package io.usageanalytics.error;

import java.util.Objects;

/**
 * The one error model of the API. Every failure a caller can act on is an ApiException with a machine-readable
 * {@link ErrorCode}; GraphQL puts the code in {@code extensions.code}, REST answers carry it in an
 * {@link ErrorBody} with the code's HTTP status. What differs between codes is data on the code, so there are
 * no subclasses.
 */
public final class ApiException extends RuntimeException {

    private final ErrorCode code;

    public ApiException(ErrorCode code, String message) {
        // a client error: its stack trace is never logged or answered, so it is not filled in
        super(message, null, false, false);
        this.code = Objects.requireNonNull(code);
    }

    /** A client's text quoted in a message: at most 80 characters. */
    public static String shorten(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }

    /** No company the caller may see has this id; a long id is quoted shortened. */
    public static ApiException companyNotFound(String companyId) {
        return new ApiException(ErrorCode.NOT_FOUND,
                "No company with id '" + shorten(String.valueOf(companyId)) + "'");
    }

    /** The company has extra usage off, so it has no spend to report. */
    public static ApiException spendNotEnabled(String companyId) {
        return new ApiException(ErrorCode.SPEND_NOT_ENABLED,
                "Spend reporting is not enabled for company '" + companyId + "' (extra usage is off)");
    }

    /** A figure's exact value does not fit a signed 64-bit integer. */
    public static ApiException figureOutOfRange() {
        return new ApiException(ErrorCode.FIGURE_OUT_OF_RANGE,
                "The figure is larger than 9223372036854775807 and cannot be answered exactly");
    }

    /** The company has more events not rolled up yet than one request reads (analytics.figures.max-tail-events). */
    public static ApiException rollupBehind(String companyId, int maxTailEvents) {
        return new ApiException(ErrorCode.ROLLUP_BEHIND, "Company '" + companyId + "' has more than " + maxTailEvents
                + " events not rolled up yet; its figures answer again once the rollup job has caught up");
    }

    /** The code clients switch on, e.g. {@code NOT_FOUND}. */
    public ErrorCode code() {
        return code;
    }

    /** The HTTP status used when the error ends a REST request. */
    public int httpStatus() {
        return code.httpStatus();
    }
}
