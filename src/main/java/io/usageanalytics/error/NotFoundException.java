package io.usageanalytics.error;

import io.smallrye.graphql.api.ErrorCode;

/**
 * Nothing the caller may see exists under this id. Used alike for "does not
 * exist" and "exists but is not yours", so that an answer never tells which.
 */
@ErrorCode(NotFoundException.CODE)
public class NotFoundException extends ApiException {
    public static final String CODE = ErrorCodes.NOT_FOUND;

    public NotFoundException(String message) {
        super(message);
    }

    public static NotFoundException company(String companyId) {
        String shown = String.valueOf(companyId);
        return new NotFoundException("No company with id '" + (shown.length() <= 80 ? shown : shown.substring(0, 77) + "...") + "'");
    }

    @Override
    public String code() {
        return CODE;
    }

    @Override
    public int httpStatus() {
        return 404;
    }
}
