package io.usageanalytics.company.api;

import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;

import io.smallrye.mutiny.Uni;
import io.usageanalytics.access.CompanyAccess;
import io.usageanalytics.company.Company;
import io.usageanalytics.company.CompanyInput;
import io.usageanalytics.company.CompanyService;
import io.usageanalytics.company.CompanyUpdate;

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

    @Mutation("updateCompany")
    @Description("Changes a company (analytics-admin only).")
    public Uni<Company> updateCompany(@NonNull @Name("id") String id, @NonNull @Name("changes") CompanyUpdate changes) {
        access.requireAdmin();
        return service.update(id, changes);
    }
}
