package io.usageanalytics.export.api;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;

import org.jboss.resteasy.reactive.RestMulti;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.usageanalytics.access.CompanyAccess;
import io.usageanalytics.billing.BillingQueries;
import io.usageanalytics.company.Company;
import io.usageanalytics.error.ErrorCode;
import io.usageanalytics.export.Csv;
import io.usageanalytics.figures.Page;
import io.usageanalytics.figures.Ranges;
import io.usageanalytics.figures.spend.SpendQueries;
import io.usageanalytics.time.DateRange;

/**
 * CSV downloads of the per-user spend and the billing report: the same queries
 * and access rules as GraphQL, streamed page by page.
 */
@Path("/exports")
public class CsvExportResource {

    static final String CSV = "text/csv; charset=UTF-8";
    private static final int PAGE = 1000;

    private final CompanyAccess access;
    private final SpendQueries spend;
    private final BillingQueries billing;
    private final Ranges ranges;

    public CsvExportResource(CompanyAccess access, SpendQueries spend, BillingQueries billing, Ranges ranges) {
        this.access = access;
        this.spend = spend;
        this.billing = billing;
        this.ranges = ranges;
    }

    @GET
    @Path("/companies/{companyId}/spend-by-user.csv")
    @Produces(CSV)
    public RestMulti<String> spendByUser(@PathParam("companyId") String companyId, @QueryParam("from") String from,
            @QueryParam("to") String to) {
        DateRange range = Downloads.range(ranges, from, to);
        // the same two steps as GraphQL: reach the company, then ask for its per-user rows
        Uni<Company> company = access.forAggregates(companyId).invoke(c -> {
            access.requireUserRows(c);
            SpendQueries.requireEnabled(c);
        });
        return RestMulti.fromUniResponse(company,
                c -> Downloads.withHeader(Csv.line("user_id", "amount_micros", "amount_usd"),
                        allRows(cursor -> spend.byUser(c, range, cursor, Page.rowsToRead(PAGE)), SpendQueries::cursorAfter)
                        .map(row -> Csv.line(row.userId(), row.amountMicros(), Csv.usd(row.amountMicros())))),
                c -> Map.of("Content-Type", List.of(CSV), "Content-Disposition", List.of(Downloads.attachment(
                        "spend-by-user_" + c.id + "_" + range.from() + "_" + range.to() + ".csv"))));
    }

    @GET
    @Path("/billing.csv")
    @Produces(CSV)
    public RestMulti<String> billing(@QueryParam("from") String from, @QueryParam("to") String to) {
        access.requireAdmin();
        DateRange range = Downloads.range(ranges, from, to);
        Multi<String> lines = allRows(cursor -> billing.lines(range, cursor, Page.rowsToRead(PAGE)), BillingQueries::cursorAfterLine)
                .map(line -> Csv.line(line.month(), line.companyId(), line.companyName(), line.from(), line.to(),
                        line.mau(), line.seats(), line.messages(),
                        line.spendOutOfRange() ? ErrorCode.FIGURE_OUT_OF_RANGE.name() : line.spendMicros()));
        return RestMulti.fromMultiData(Downloads.withHeader(Csv.line("month", "company_id", "company_name", "from", "to", "mau",
                "seats", "messages", "spend_micros"), lines))
                .header("Content-Type", CSV)
                .header("Content-Disposition", Downloads.attachment("billing_" + range.from() + "_" + range.to() + ".csv"))
                .build();
    }

    /**
     * Every row of a keyset-paginated query, page after page: {@code page} fetches
     * a page of PAGE rows after a cursor ({@link Page}).
     */
    private static <T> Multi<T> allRows(Function<String, Uni<List<T>>> page, Function<T, String> cursorAfter) {
        return Multi.createBy().repeating()
                .uni(() -> new String[1], cursor -> page.apply(cursor[0]).map(rows -> Page.of(rows, PAGE))
                        .invoke(read -> cursor[0] = read.more() ? cursorAfter.apply(read.last()) : null))
                .whilst(Page::more)
                .onItem().transformToIterable(Page::rows);
    }
}
