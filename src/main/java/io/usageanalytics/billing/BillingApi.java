package io.usageanalytics.billing;

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
import io.usageanalytics.error.BadUserInputException;
import io.usageanalytics.error.FigureOutOfRangeException;
import io.usageanalytics.figures.FiguresConfig;
import io.usageanalytics.time.DateRange;

@GraphQLApi
public class BillingApi {

    static final int MAX_PAGE = 1000;
    /** The @DefaultValue of {@code first}. */
    private static final int DEFAULT_PAGE = 100;

    private final BillingQueries queries;
    private final CompanyAccess access;
    private final FiguresConfig config;

    public BillingApi(BillingQueries queries, CompanyAccess access, FiguresConfig config) {
        this.queries = queries;
        this.access = access;
        this.config = config;
    }

    @Query("billingReport")
    @Description("Per company and calendar month: MAU, seats, messages and spend, for billing. analytics-admin only.")
    public Uni<@NonNull BillingPage> billingReport(@NonNull @Name("range") DateRange range,
            @Name("first") @DefaultValue("100") @Description("Page size, 1-1000.") Integer first,
            @Name("after") @Description("The nextCursor of the previous page.") String after) {
        access.requireAdmin();
        // an explicit null (GraphQL passes it instead of the default) asks for the default page
        int size = first == null ? DEFAULT_PAGE : first;
        if (size < 1 || size > MAX_PAGE) {
            throw new BadUserInputException("first must be between 1 and " + MAX_PAGE + ", not " + size);
        }
        return queries.lines(range.validated(config.maxRangeDays()), after, size + 1).map(rows -> {
            boolean more = rows.size() > size;
            List<BillingLine> page = more ? rows.subList(0, size) : rows;
            return new BillingPage(page, more ? BillingQueries.cursorAfterLine(page.get(page.size() - 1)) : null, more);
        });
    }

    @Name("spendMicros")
    @Description("Extra-usage spend in USD micro-units; null when the company does not have extra usage enabled, "
            + "or, with error FIGURE_OUT_OF_RANGE on this line only, when it does not fit a 64-bit integer.")
    public Long spendMicros(@Source BillingLine line) {
        if (line.spendOutOfRange()) {
            throw new FigureOutOfRangeException();
        }
        return line.spendMicros();
    }
}
