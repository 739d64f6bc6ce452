package io.usageanalytics.figures.report.api;

import org.eclipse.microprofile.graphql.DefaultValue;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Source;

import io.smallrye.mutiny.Uni;
import io.usageanalytics.access.CompanyAccess;
import io.usageanalytics.company.Company;
import io.usageanalytics.error.ApiException;
import io.usageanalytics.error.ErrorCode;
import io.usageanalytics.figures.Cursor;
import io.usageanalytics.figures.Page;
import io.usageanalytics.figures.Ranges;
import io.usageanalytics.figures.report.UserReport;
import io.usageanalytics.figures.report.UserReportOrder;
import io.usageanalytics.figures.report.UserReportPage;
import io.usageanalytics.figures.report.UserReportQueries;
import io.usageanalytics.figures.report.UserReportRow;
import io.usageanalytics.time.DateRange;

@GraphQLApi
public class UserReportApi {

    static final int MAX_PAGE = 500;
    /** The @DefaultValue of {@code first}. */
    private static final int DEFAULT_PAGE = 50;

    private final UserReportQueries queries;
    private final CompanyAccess access;
    private final Ranges ranges;

    public UserReportApi(UserReportQueries queries, CompanyAccess access, Ranges ranges) {
        this.queries = queries;
        this.access = access;
        this.ranges = ranges;
    }

    @Name("userReport")
    @Description("Per-user engagement over a range of the company's local days, one page at a time: every user active "
            + "in the range with first and last active day, active days, chats, messages, projects, artifacts, "
            + "connectors, feedback, spend and teams. Owners and authorised partners only (FORBIDDEN for vendor "
            + "administrators; PER_PERSON_VIEWS_OFF for every role where the company has per-person views off).")
    public Uni<@NonNull UserReportPage> userReport(@Source Company company,
            @NonNull @Name("range") @Description("Company-local days, both included: at most 1,100.") DateRange range,
            @Name("sortBy") @DefaultValue("LAST_ACTIVE") @Description("The order: highest first, ties by user id.") UserReportOrder sortBy,
            @Name("team") @Description("Only the users who belonged to this directory team on a day of the range "
                    + "(NOT_FOUND for a team the directory never listed).") String team,
            @Name("withSubTeams") @DefaultValue("false") @Description("With team: also the users of the teams below "
                    + "it.") Boolean withSubTeams,
            @Name("first") @DefaultValue("50") @Description("Page size, 1-500.") Integer first,
            @Name("after") @Description("The nextCursor of the previous page (of the same sortBy).") String after) {
        if (company.scope != null) {
            throw new ApiException(ErrorCode.BAD_USER_INPUT,
                    "userReport(...) is a field of a company, not of a team: filter by team with its 'team' argument");
        }
        access.requireUserRows(company);
        DateRange checked = ranges.checked(company, range);
        // explicit nulls (GraphQL passes them instead of the defaults) ask for the defaults
        UserReportOrder order = sortBy == null ? UserReportOrder.LAST_ACTIVE : sortBy;
        int size = Page.size(first, DEFAULT_PAGE, MAX_PAGE);
        Cursor<Long> cursor = UserReport.readCursor(order, after);
        return queries.report(company, checked, order, team, Boolean.TRUE.equals(withSubTeams)).map(report -> {
            Page<UserReportRow> page = Page.of(report.rows(cursor, Page.rowsToRead(size)), size);
            return new UserReportPage(page.rows(), report.size(), page.more() ? report.cursorAfter(page.last()) : null,
                    page.more(), report.freshness());
        });
    }
}
