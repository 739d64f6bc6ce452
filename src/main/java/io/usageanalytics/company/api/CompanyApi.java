package io.usageanalytics.company.api;

import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;
import org.eclipse.microprofile.graphql.Source;

import io.smallrye.mutiny.Uni;
import io.usageanalytics.access.Caller;
import io.usageanalytics.access.CompanyAccess;
import io.usageanalytics.company.Company;
import io.usageanalytics.company.CompanyInput;
import io.usageanalytics.company.CompanyService;
import io.usageanalytics.company.CompanyUpdate;
import io.usageanalytics.company.PrivacyRuleAuthor;
import io.usageanalytics.company.PrivacyRuleChange;
import io.usageanalytics.company.PrivacyRules;
import io.usageanalytics.error.ApiException;
import io.usageanalytics.error.ErrorCode;

@GraphQLApi
public class CompanyApi {

    private final CompanyAccess access;
    private final CompanyService service;

    public CompanyApi(CompanyAccess access, CompanyService service) {
        this.access = access;
        this.service = service;
    }

    @Query("company")
    @Description("One company and its figures. NOT_FOUND when it does not exist or the caller may not see it.")
    public Uni<Company> company(@NonNull @Name("id") String id) {
        return access.forAggregates(id);
    }

    @Query("companies")
    @Description("Every company the caller may see: an owner's own, a partner's listed ones, all for vendor administrators.")
    public Uni<List<@NonNull Company>> companies() {
        return access.visibleCompanies();
    }

    @Mutation("createCompany")
    @Description("Creates a company (analytics-admin only).")
    public Uni<Company> createCompany(@NonNull @Name("company") CompanyInput company) {
        access.requireAdmin();
        return service.create(company);
    }

    @Mutation("changePrivacyRules")
    @Description("Changes a company's privacy rules (see PrivacyRulesChanges for who may). NOT_FOUND for a company "
            + "the caller may not change; FORBIDDEN when loosening them without being its primary owner.")
    public Uni<Company> changePrivacyRules(@NonNull @Name("companyId") String companyId,
            @NonNull @Name("changes") PrivacyRules changes) {
        return access.forPrivacyRules(companyId).flatMap(company -> {
            Caller caller = access.caller();
            return service.changePrivacy(company, changes, new PrivacyRuleAuthor(caller.subject(),
                    caller.actingAs(company.id), caller.mayLoosenPrivacyOf(company.id)));
        });
    }

    @Name("privacyRuleChanges")
    @Description("Every change of this company's privacy rules, newest first: for its owners and vendor "
            + "administrators (null with FORBIDDEN for partners).")
    public Uni<List<@NonNull PrivacyRuleChange>> privacyRuleChanges(@Source Company company) {
        if (!access.caller().mayTightenPrivacyOf(company.id)) {
            throw new ApiException(ErrorCode.FORBIDDEN,
                    "The record of privacy rule changes is for the company's owners and vendor administrators");
        }
        return service.privacyRuleChanges(company.id);
    }

    @Mutation("updateCompany")
    @Description("Changes a company (analytics-admin only).")
    public Uni<Company> updateCompany(@NonNull @Name("id") String id, @NonNull @Name("changes") CompanyUpdate changes) {
        access.requireAdmin();
        return service.update(id, changes);
    }
}
