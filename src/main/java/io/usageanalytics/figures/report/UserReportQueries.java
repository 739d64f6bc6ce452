package io.usageanalytics.figures.report;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.usageanalytics.company.Company;
import io.usageanalytics.error.ApiException;
import io.usageanalytics.figures.days.TeamMembers;
import io.usageanalytics.figures.teams.TeamQueries;
import io.usageanalytics.time.DateRange;

/** The per-user engagement report: from the company's days, with its directory for the teams. */
@ApplicationScoped
public class UserReportQueries {

    private final TeamQueries teams;

    public UserReportQueries(TeamQueries teams) {
        this.teams = teams;
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
        return teams.teams(company).map(teamsOf -> {
            TeamMembers team = null;
            if (teamId != null) {
                teamsOf.requireTeam(teamId);
                team = teamsOf.members(teamId, withSubTeams);
            }
            return new UserReport(teamsOf.days(), teamsOf.directory(), range, order, team, company.extraUsageEnabled);
        });
    }
}
