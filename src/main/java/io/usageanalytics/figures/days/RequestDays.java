package io.usageanalytics.figures.days;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.RequestScoped;

import io.smallrye.mutiny.Uni;
import io.usageanalytics.company.Company;

/**
 * One load of a company's days per request: the figures of one GraphQL
 * answer share it, so they cost one round of statements and agree with each
 * other.
 */
@RequestScoped
class RequestDays {

    private final Map<String, Uni<CompanyDays>> loads = new ConcurrentHashMap<>();

    Uni<CompanyDays> of(Company company, DayStore store) {
        String key = company.scope == null ? company.id : company.id + "\u0000" + company.scope.key();
        return loads.computeIfAbsent(key, id -> store.loadFor(company).memoize().indefinitely());
    }
}
