package io.usageanalytics.error;

import io.smallrye.graphql.api.ErrorCode;

/** Spend reports exist only for companies with extra usage enabled. */
@ErrorCode(SpendNotEnabledException.CODE)
public class SpendNotEnabledException extends ApiException {
    public static final String CODE = ErrorCodes.SPEND_NOT_ENABLED;

    public SpendNotEnabledException(String companyId) {
        super("Spend reporting is not enabled for company '" + companyId + "' (extra usage is off)");
    }

    @Override
    public String code() {
        return CODE;
    }

    @Override
    public int httpStatus() {
        return 409;
    }
}
