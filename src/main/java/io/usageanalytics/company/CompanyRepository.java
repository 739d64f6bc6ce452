package io.usageanalytics.company;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;

/** Companies as managed entities, for creating and changing them (reads for access checks: CompanyLookup). */
@ApplicationScoped
public class CompanyRepository implements PanacheRepositoryBase<Company, String> {
}
