package io.usageanalytics.figures.spend;

import java.time.LocalDate;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;

import io.usageanalytics.company.Company;

/** Spend of a company with extra usage enabled; each figure is computed only when asked for. */
@Description("Extra-usage spend in USD micro-units (1 USD = 1,000,000), in the company's calendar.")
public class Spend {

    private final Company company;
    private final LocalDate today;

    public Spend(Company company, LocalDate today) {
        this.company = company;
        this.today = today;
    }

    @NonNull
    @Description("The company-local day the to-date figures end with (today).")
    public LocalDate getAsOf() {
        return today;
    }

    public Company company() {
        return company;
    }

    public LocalDate today() {
        return today;
    }
}
