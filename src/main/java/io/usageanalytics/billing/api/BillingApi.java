package io.usageanalytics.billing.api;

import java.util.List;

import org.eclipse.microprofile.graphql.DefaultValue;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;
import org.eclipse.microprofile.graphql.Source;

import io.smallrye.mutiny.Uni;
import io.usageanalytics.access.CompanyAccess;
import io.usageanalytics.billing.BillingLine;
import io.usageanalytics.billing.BillingPage;
import io.usageanalytics.billing.BillingQueries;
import io.usageanalytics.error.ApiException;
import io.usageanalytics.figures.Page;
import io.usageanalytics.figures.Ranges;
import io.usageanalytics.time.DateRange;

@GraphQLApi
public class BillingApi {

    static final int MAX_PAGE = 1000;
    /** The @DefaultValue of {@code first}. */
    private static final int DEFAULT_PAGE = 100;

    private final BillingQueries queries;
    private final CompanyAccess access;
    private final Ranges ranges;

    public BillingApi(BillingQueries queries, CompanyAccess access, Ranges ranges) {
        this.queries = queries;
        this.access = access;
        this.ranges = ranges;
    }

    @Query("billingReport")
    @Description("Per company and calendar month: MAU, seats, messages and spend, for billing. analytics-admin only.")
    public Uni<@NonNull BillingPage> billingReport(@NonNull @Name("range") DateRange range,
            @Name("first") @DefaultValue("100") @Description("Page size, 1-1000.") Integer first,
            @Name("after") @Description("The nextCursor of the previous page.") String after) {
        access.requireAdmin();
        int size = Page.size(first, DEFAULT_PAGE, MAX_PAGE);
        return queries.lines(ranges.checked(range), after, Page.rowsToRead(size)).map(rows -> {
            Page<BillingLine> page = Page.of(rows, size);
            return new BillingPage(page.rows(), page.more() ? BillingQueries.cursorAfterLine(page.last()) : null,
                    page.more());
        });
    }

    @Name("spendMicros")
    @Description("Extra-usage spend in USD micro-units; null when the company does not have extra usage enabled, "
            + "or, with error FIGURE_OUT_OF_RANGE on this line only, when it does not fit a 64-bit integer.")
    public Long spendMicros(@Source BillingLine line) {
        if (line.spendOutOfRange()) {
            throw ApiException.figureOutOfRange();
        }
        return line.spendMicros();
    }
}
