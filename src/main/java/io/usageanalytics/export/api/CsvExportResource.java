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
        return RestMulti.fromUniResponse(company.flatMap(c -> allRows(
                        cursor -> spend.byUser(c, range, cursor, Page.rowsToRead(PAGE)), SpendQueries::cursorAfter)
                        .map(rows -> new Download<>(c, rows))),
                d -> Downloads.withHeader(Csv.line("user_id", "amount_micros", "amount_usd"), d.rows()
                        .map(row -> Csv.line(row.userId(), row.amountMicros(), Csv.usd(row.amountMicros())))),
                d -> Map.of("Content-Type", List.of(CSV), "Content-Disposition", List.of(Downloads.attachment(
                        "spend-by-user_" + d.company().id + "_" + range.from() + "_" + range.to() + ".csv"))));
    }

    @GET
    @Path("/billing.csv")
    @Produces(CSV)
    public RestMulti<String> billing(@QueryParam("from") String from, @QueryParam("to") String to) {
        access.requireAdmin();
        DateRange range = Downloads.range(ranges, from, to);
        return RestMulti.fromUniResponse(allRows(cursor -> billing.lines(range, cursor, Page.rowsToRead(PAGE)),
                        BillingQueries::cursorAfterLine),
                rows -> Downloads.withHeader(Csv.line("month", "company_id", "company_name", "from", "to", "mau",
                        "seats", "messages", "spend_micros"), rows.map(line -> Csv.line(line.month(),
                                line.companyId(), line.companyName(), line.from(), line.to(), line.mau(),
                                line.seats(), line.messages(), line.spendOutOfRange()
                                        ? ErrorCode.FIGURE_OUT_OF_RANGE.name() : line.spendMicros()))),
                rows -> Map.of("Content-Type", List.of(CSV), "Content-Disposition", List.of(Downloads.attachment(
                        "billing_" + range.from() + "_" + range.to() + ".csv"))));
    }

    /** A company's download: the company reached and its rows. */
    private record Download<T>(Company company, Multi<T> rows) {
    }

    /**
     * Every row of a keyset-paginated query, page after page: {@code page} fetches a page of PAGE rows after a
     * cursor ({@link Page}). The first page is read before the answer starts, so that a failure to read it (the
     * database out of reach, ROLLUP_BEHIND) is an error answer with its code, not a download cut short.
     */
    private static <T> Uni<Multi<T>> allRows(Function<String, Uni<List<T>>> page, Function<T, String> cursorAfter) {
        return page.apply(null).map(read -> {
            Page<T> first = Page.of(read, PAGE);
            Multi<T> rest = !first.more() ? Multi.createFrom().empty() : Multi.createBy().repeating()
                    .uni(() -> new String[] {cursorAfter.apply(first.last())},
                            cursor -> page.apply(cursor[0]).map(rows -> Page.of(rows, PAGE))
                                    .invoke(next -> cursor[0] = next.more() ? cursorAfter.apply(next.last()) : null))
                    .whilst(Page::more)
                    .onItem().transformToIterable(Page::rows);
            return Multi.createBy().concatenating().streams(Multi.createFrom().iterable(first.rows()), rest);
        });
    }
}
