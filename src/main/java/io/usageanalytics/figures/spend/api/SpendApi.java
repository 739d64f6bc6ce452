package io.usageanalytics.figures.spend.api;

import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.util.List;

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
import io.usageanalytics.figures.FreshnessQuery;
import io.usageanalytics.figures.Page;
import io.usageanalytics.figures.Ranges;
import io.usageanalytics.figures.days.Freshness;
import io.usageanalytics.figures.spend.ModelSpend;
import io.usageanalytics.figures.spend.Spend;
import io.usageanalytics.figures.spend.SpendQueries;
import io.usageanalytics.figures.spend.UserSpend;
import io.usageanalytics.figures.spend.UserSpendPage;
import io.usageanalytics.time.DateRange;

@GraphQLApi
public class SpendApi {

    static final int MAX_PAGE = 500;
    /** The @DefaultValue of {@code first}. */
    private static final int DEFAULT_PAGE = 50;

    private final SpendQueries queries;
    private final FreshnessQuery freshness;
    private final CompanyAccess access;
    private final Ranges ranges;

    public SpendApi(SpendQueries queries, FreshnessQuery freshness, CompanyAccess access, Ranges ranges) {
        this.queries = queries;
        this.freshness = freshness;
        this.access = access;
        this.ranges = ranges;
    }

    @Name("spend")
    @Description("Extra-usage spend. Null with error SPEND_NOT_ENABLED when the company does not have extra usage enabled.")
    public Spend spend(@Source Company company) {
        return new Spend(SpendQueries.requireEnabled(company), LocalDate.now(company.zone()));
    }

    @Name("monthToDate")
    @Description("Spend from the first day of the current calendar month to today, USD micro-units.")
    public Uni<Long> monthToDate(@Source Spend spend) {
        return toDate(spend, spend.today().withDayOfMonth(1));
    }

    @Name("quarterToDate")
    @Description("Spend from the first day of the current calendar quarter to today, USD micro-units.")
    public Uni<Long> quarterToDate(@Source Spend spend) {
        LocalDate today = spend.today();
        return toDate(spend, today.with(IsoFields.DAY_OF_QUARTER, 1));
    }

    @Name("yearToDate")
    @Description("Spend from 1 January of the current year to today, USD micro-units.")
    public Uni<Long> yearToDate(@Source Spend spend) {
        return toDate(spend, spend.today().withDayOfYear(1));
    }

    @Name("byModel")
    @Description("Spend per model over the last months: the days after the same day N months ago, up to today.")
    public Uni<@NonNull List<@NonNull ModelSpend>> byModel(@Source Spend spend,
            @Name("lastMonths") @DefaultValue("1") @Description("N: 1 to 12; 1, 3 and 12 are the usual views.") Integer lastMonths) {
        // an explicit null (GraphQL passes it instead of the default) asks for the default
        int months = lastMonths == null ? 1 : lastMonths;
        if (months < 1 || months > 12) {
            throw new ApiException(ErrorCode.BAD_USER_INPUT, "lastMonths must be between 1 and 12, not " + months);
        }
        LocalDate today = spend.today();
        return queries.byModel(spend.company(),
                spend.company().shown(new DateRange(today.minusMonths(months).plusDays(1), today)));
    }

    @Name("byUser")
    @Description("Spend per user over a range, highest first, one page at a time. Owners and partners only, and not in works-council mode (PER_PERSON_VIEWS_OFF).")
    public Uni<@NonNull UserSpendPage> byUser(@Source Spend spend, @NonNull @Name("range") DateRange range,
            @Name("first") @DefaultValue("50") @Description("Page size, 1-500.") Integer first,
            @Name("after") @Description("The nextCursor of the previous page.") String after) {
        access.requireUserRows(spend.company());
        int size = Page.size(first, DEFAULT_PAGE, MAX_PAGE);
        return queries.byUser(spend.company(), ranges.checked(spend.company(), range), after, Page.rowsToRead(size))
                .map(rows -> {
                    Page<UserSpend> page = Page.of(rows, size);
                    return new UserSpendPage(page.rows(), page.more() ? SpendQueries.cursorAfter(page.last()) : null,
                            page.more());
                });
    }

    @Name("freshness")
    @Description("How fresh the to-date figures are.")
    public Uni<@NonNull Freshness> freshness(@Source Spend spend) {
        LocalDate today = spend.today();
        return freshness.of(spend.company(), spend.company().shown(new DateRange(today.withDayOfYear(1), today)));
    }

    private Uni<Long> toDate(Spend spend, LocalDate from) {
        return queries.total(spend.company(), spend.company().shown(new DateRange(from, spend.today())));
    }
}
