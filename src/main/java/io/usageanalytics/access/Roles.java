package io.usageanalytics.access;

/** The roles a token can carry, as named in the product's access model. */
public final class Roles {
    public static final String PRIMARY_OWNER = "primary-owner";
    public static final String OWNER = "owner";
    public static final String PARTNER = "partner";
    public static final String TELEMETRY_WRITER = "telemetry-writer";
    /** The customer's directory sync: sends teams and memberships, reads nothing. */
    public static final String DIRECTORY_WRITER = "directory-writer";
    public static final String ANALYTICS_ADMIN = "analytics-admin";

    /** Value of the company claim that lets a telemetry or directory writer write for every company. */
    public static final String ANY_COMPANY = "*";

    private Roles() {
    }
}
