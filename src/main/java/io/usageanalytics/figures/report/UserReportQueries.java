package io.usageanalytics.figures.report;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.usageanalytics.company.Company;
import io.usageanalytics.error.ApiException;
import io.usageanalytics.error.ErrorCode;
import io.usageanalytics.figures.days.DayStore;
import io.usageanalytics.figures.days.TeamMembers;
import io.usageanalytics.figures.teams.Directory;
import io.usageanalytics.figures.teams.DirectoryQueries;
import io.usageanalytics.time.DateRange;

/** The per-user engagement report: from the company's days, with its directory for the teams. */
@ApplicationScoped
public class UserReportQueries {

    private final DayStore days;
    private final DirectoryQueries directories;

    public UserReportQueries(DayStore days, DirectoryQueries directories) {
        this.days = days;
        this.directories = directories;
    }

    /**
     * The report of the users active in the range, in the order asked for; with a team (null: every user), of
     * those who belonged to it (and its sub-teams when asked) on a day of the range. NOT_FOUND for a team the
     * directory never listed; SPEND_NOT_ENABLED for the order by spend where extra usage is off.
     */
    public Uni<UserReport> report(Company company, DateRange range, UserReportOrder order, String teamId,
            boolean withSubTeams) {
        if (order == UserReportOrder.SPEND && !company.extraUsageEnabled) {
            return Uni.createFrom().failure(ApiException.spendNotEnabled(company.id));
        }
        // the directory first: an unknown team is answered before the days are loaded
        return directories.directory(company).flatMap(directory -> {
            TeamMembers team = teamId == null ? null : team(company, directory, teamId, withSubTeams);
            return days.forRequest(company).map(all -> new UserReport(all, directory, range, order, team,
                    company.extraUsageEnabled));
        });
    }

    private static TeamMembers team(Company company, Directory directory, String teamId, boolean withSubTeams) {
        if (directory.team(teamId) == null) {
            throw new ApiException(ErrorCode.NOT_FOUND,
                    "No team with id '" + ApiException.shorten(teamId) + "' in company '" + company.id + "'");
        }
        return directory.members(withSubTeams ? directory.withSubTeams(teamId) : List.of(teamId));
    }
}
