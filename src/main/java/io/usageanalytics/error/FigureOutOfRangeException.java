package io.usageanalytics.error;

import io.smallrye.graphql.api.ErrorCode;

/**
 * A figure's exact value does not fit a signed 64-bit integer (spend summed over
 * events stored before amounts were bounded, say). Answered instead of a wrapped
 * negative number; the other figures of the same request still answer.
 */
@ErrorCode(FigureOutOfRangeException.CODE)
public class FigureOutOfRangeException extends ApiException {
    public static final String CODE = ErrorCodes.FIGURE_OUT_OF_RANGE;

    public FigureOutOfRangeException() {
        super("The figure is larger than 9223372036854775807 and cannot be answered exactly");
    }

    @Override
    public String code() {
        return CODE;
    }

    @Override
    public int httpStatus() {
        return 422;
    }
}
