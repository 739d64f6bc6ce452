package io.usageanalytics.figures.teams;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.usageanalytics.company.Company;
import io.usageanalytics.figures.days.DayStore;

/** The company's teams with the privacy rule, as one request sees them. */
@ApplicationScoped
public class TeamQueries {

    private final DirectoryQueries directory;
    private final DayStore days;

    public TeamQueries(DirectoryQueries directory, DayStore days) {
        this.directory = directory;
        this.days = days;
    }

    /** The directory and the company's days of the request, with the company's minimum team size. */
    public Uni<TeamsOfCompany> teams(Company company) {
        return directory.directory(company).flatMap(dir -> days.forRequest(company)
                .map(all -> new TeamsOfCompany(company.id, dir, all, company.minTeamSize)));
    }
}
