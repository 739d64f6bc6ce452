package io.usageanalytics.access;

import java.util.Optional;
import java.util.Set;

/**
 * Who is asking, as read from a verified token: the roles it carries, its own
 * company (owners and telemetry writers) and the companies a partner may read.
 * Every access decision of the service is one of the methods below.
 */
public record Caller(Set<String> roles, Optional<String> company, Set<String> partnerCompanies) {

    public boolean isOwnerOf(String companyId) {
        return (roles.contains(Roles.PRIMARY_OWNER) || roles.contains(Roles.OWNER))
                && company.filter(companyId::equals).isPresent();
    }

    public boolean isPartnerOf(String companyId) {
        return roles.contains(Roles.PARTNER) && partnerCompanies.contains(companyId);
    }

    public boolean isAdmin() {
        return roles.contains(Roles.ANALYTICS_ADMIN);
    }

    /** Owners and authorised partners see everything about a company, per-user rows included. */
    public boolean mayReadUserRows(String companyId) {
        return isOwnerOf(companyId) || isPartnerOf(companyId);
    }

    /** Vendor administrators additionally see a company's aggregate figures, never its per-user rows. */
    public boolean mayReadAggregates(String companyId) {
        return mayReadUserRows(companyId) || isAdmin();
    }

    /** Whether the caller holds any role that reads companies at all. */
    public boolean readsCompanies() {
        return roles.contains(Roles.PRIMARY_OWNER) || roles.contains(Roles.OWNER)
                || roles.contains(Roles.PARTNER) || isAdmin();
    }

    public boolean isTelemetryWriter() {
        return roles.contains(Roles.TELEMETRY_WRITER);
    }

    public boolean mayIngestFor(String companyId) {
        return isTelemetryWriter()
                && company.filter(c -> c.equals(Roles.ANY_COMPANY) || c.equals(companyId)).isPresent();
    }
}
