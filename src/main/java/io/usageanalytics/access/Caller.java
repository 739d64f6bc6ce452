package io.usageanalytics.access;

import java.util.Optional;
import java.util.Set;

/**
 * Who is asking, as read from a verified token: the roles it carries, its own
 * company (owners, telemetry and directory writers), the companies a partner
 * may read, and the token's subject (for audit records). Every access decision
 * of the service is one of the methods below.
 */
public record Caller(Set<String> roles, Optional<String> company, Set<String> partnerCompanies, String subject) {

    public boolean isPrimaryOwnerOf(String companyId) {
        return roles.contains(Roles.PRIMARY_OWNER) && company.filter(companyId::equals).isPresent();
    }

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
        return isTelemetryWriter() && ownCompanyOrAny(companyId);
    }

    public boolean isDirectoryWriter() {
        return roles.contains(Roles.DIRECTORY_WRITER);
    }

    /** The customer's directory sync: sends the company's teams and who belongs to them. */
    public boolean maySyncDirectoryOf(String companyId) {
        return isDirectoryWriter() && ownCompanyOrAny(companyId);
    }

    /** Tightening a company's privacy rules: its owners and vendor administrators. */
    public boolean mayTightenPrivacyOf(String companyId) {
        return isOwnerOf(companyId) || isAdmin();
    }

    /**
     * Loosening them (a smaller minimum team size, per-person views back on): the company's primary owner only,
     * since it is the customer's agreement (with a works council, say) that allows it, not the vendor's.
     */
    public boolean mayLoosenPrivacyOf(String companyId) {
        return isPrimaryOwnerOf(companyId);
    }

    /** Who this is in an audit record: the subject, and the role the change was allowed by. */
    public String actingAs(String companyId) {
        return isPrimaryOwnerOf(companyId) ? Roles.PRIMARY_OWNER
                : isOwnerOf(companyId) ? Roles.OWNER : isAdmin() ? Roles.ANALYTICS_ADMIN : "none";
    }

    private boolean ownCompanyOrAny(String companyId) {
        return company.filter(c -> c.equals(Roles.ANY_COMPANY) || c.equals(companyId)).isPresent();
    }
}
