package io.usageanalytics.access;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.usageanalytics.company.Company;
import io.usageanalytics.company.CompanyLookup;
import io.usageanalytics.company.CompanyService;
import io.usageanalytics.error.ApiException;
import io.usageanalytics.error.ErrorCode;

/**
 * The only place that decides access. Turns the verified token into a
 * {@link Caller} and answers, for every resolver and endpoint, which
 * companies that caller may see and how.
 *
 * A company the caller may not see is reported exactly like one that does not
 * exist (NOT_FOUND, same message), after the same lookup, so neither the
 * answer nor the work done tells the two apart.
 */
@ApplicationScoped
public class CompanyAccess {

    private final SecurityIdentity identity;
    private final AccessConfig config;
    private final CompanyLookup companies;

    public CompanyAccess(SecurityIdentity identity, AccessConfig config, CompanyLookup companies) {
        this.identity = identity;
        this.config = config;
        this.companies = companies;
    }

    /** The current caller, read from the verified token. */
    public Caller caller() {
        Optional<String> company = Optional.empty();
        Set<String> partnerCompanies = Set.of();
        String subject = identity.isAnonymous() ? null : identity.getPrincipal().getName();
        if (identity.getPrincipal() instanceof JsonWebToken token) {
            company = claimValues(token, config.companyClaim()).stream().findFirst();
            partnerCompanies = claimValues(token, config.companiesClaim());
            subject = token.getSubject() != null ? token.getSubject() : subject;
        }
        return new Caller(Set.copyOf(identity.getRoles()), company, partnerCompanies, subject);
    }

    /** A company whose aggregate figures the caller may read. */
    public Uni<Company> forAggregates(String companyId) {
        Caller caller = requireReader();
        return find(companyId, caller.mayReadAggregates(companyId));
    }

    /**
     * Fails unless the caller may see per-user rows of a company it already
     * reached (owners and authorised partners; vendor administrators see
     * aggregates only).
     */
    public void requireUserRows(Company company) {
        if (!caller().mayReadUserRows(company.id)) {
            throw new ApiException(ErrorCode.FORBIDDEN,
                    "Per-user figures are only for the company's owners and authorised partners");
        }
        if (!company.perPersonViews) {
            throw new ApiException(ErrorCode.PER_PERSON_VIEWS_OFF, "Company '" + company.id
                    + "' has per-person views switched off (works-council mode): only aggregate figures answer");
        }
    }

    /**
     * A company whose privacy rules the caller may change (see {@link Caller#mayTightenPrivacyOf}): NOT_FOUND
     * for a company the caller cannot see, FORBIDDEN for one it sees but may not change (a partner's).
     */
    public Uni<Company> forPrivacyRules(String companyId) {
        Caller caller = requireReader();
        return find(companyId, caller.mayReadAggregates(companyId)).map(company -> {
            if (!caller.mayTightenPrivacyOf(companyId)) {
                throw new ApiException(ErrorCode.FORBIDDEN,
                        "A company's privacy rules are changed by its owners and vendor administrators");
            }
            return company;
        });
    }

    /** Fails unless the caller may send directories, for at least its own company. */
    public Caller requireDirectoryWriter() {
        Caller caller = caller();
        if (!caller.isDirectoryWriter()) {
            throw new ApiException(ErrorCode.FORBIDDEN, "Sending a directory needs the directory-writer role");
        }
        return caller;
    }

    /** A company whose directory the caller may send. */
    public Uni<Company> forDirectorySync(String companyId) {
        return find(companyId, requireDirectoryWriter().maySyncDirectoryOf(companyId));
    }

    /** Every company the caller may read, ordered by id. */
    public Uni<List<Company>> visibleCompanies() {
        Caller caller = requireReader();
        if (caller.isAdmin()) {
            return companies.listAllById();
        }
        Set<String> ids = new LinkedHashSet<>(caller.partnerCompanies());
        caller.company().ifPresent(ids::add);
        return companies.findByIds(ids)
                .map(found -> found.stream().filter(c -> caller.mayReadUserRows(c.id)).toList());
    }

    /** Fails unless the caller manages companies and reads vendor-wide aggregates. */
    public Caller requireAdmin() {
        Caller caller = caller();
        if (!caller.isAdmin()) {
            throw new ApiException(ErrorCode.FORBIDDEN, "This needs the analytics-admin role");
        }
        return caller;
    }

    /** Fails unless the caller may ingest telemetry for at least its own company. */
    public Caller requireTelemetryWriter() {
        Caller caller = caller();
        if (!caller.isTelemetryWriter()) {
            throw new ApiException(ErrorCode.FORBIDDEN, "Sending telemetry needs the telemetry-writer role");
        }
        return caller;
    }

    private Caller requireReader() {
        Caller caller = caller();
        if (!caller.readsCompanies()) {
            throw new ApiException(ErrorCode.FORBIDDEN,
                    "Reading company figures needs an owner, partner or analytics-admin role");
        }
        return caller;
    }

    private Uni<Company> find(String companyId, boolean allowed) {
        if (companyId == null || !CompanyService.ID_FORMAT.matcher(companyId).matches()) {
            // no company can have this id: nothing to look up, nothing to tell apart
            return Uni.createFrom().failure(ApiException.companyNotFound(companyId));
        }
        return companies.findById(companyId).map(company -> {
            if (company == null || !allowed) {
                throw ApiException.companyNotFound(companyId);
            }
            return company;
        });
    }

    /** A claim as a set of strings (see {@link Claims#values}). */
    private static Set<String> claimValues(JsonWebToken token, String claim) {
        return Claims.values(token.getClaim(claim));
    }

}
