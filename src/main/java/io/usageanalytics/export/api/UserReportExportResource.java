package io.usageanalytics.export.api;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;

import org.jboss.resteasy.reactive.RestMulti;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.usageanalytics.access.CompanyAccess;
import io.usageanalytics.company.Company;
import io.usageanalytics.error.ApiException;
import io.usageanalytics.error.ErrorCode;
import io.usageanalytics.export.UserReportLines;
import io.usageanalytics.figures.Ranges;
import io.usageanalytics.figures.report.UserReport;
import io.usageanalytics.figures.report.UserReportOrder;
import io.usageanalytics.figures.report.UserReportQueries;
import io.usageanalytics.figures.report.UserReportRow;
import io.usageanalytics.time.DateRange;

/**
 * The per-user report as CSV (for spreadsheets) and NDJSON (one JSON object per line, for partners' pipelines):
 * every user of the report in one download, the same rows, order and access rules as GraphQL's userReport. The
 * report is computed from one load of the company's days, then its lines are written as they are sent.
 */
@Path("/exports")
public class UserReportExportResource {

    static final String NDJSON = "application/x-ndjson; charset=UTF-8";

    private record Download(Company company, UserReport report) {
    }

    private final CompanyAccess access;
    private final UserReportQueries queries;
    private final Ranges ranges;

    public UserReportExportResource(CompanyAccess access, UserReportQueries queries, Ranges ranges) {
        this.access = access;
        this.queries = queries;
        this.ranges = ranges;
    }

    @GET
    @Path("/companies/{companyId}/users.csv")
    @Produces(CsvExportResource.CSV)
    public RestMulti<String> csv(@PathParam("companyId") String companyId, @QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("sortBy") String sortBy, @QueryParam("team") String team,
            @QueryParam("withSubTeams") String withSubTeams) {
        return download(companyId, from, to, sortBy, team, withSubTeams, "csv", CsvExportResource.CSV,
                lines -> Downloads.withHeader(UserReportLines.csvHeader(), lines.map(UserReportLines::csv)));
    }

    @GET
    @Path("/companies/{companyId}/users.ndjson")
    @Produces(NDJSON)
    public RestMulti<ObjectNode> ndjson(@PathParam("companyId") String companyId, @QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("sortBy") String sortBy, @QueryParam("team") String team,
            @QueryParam("withSubTeams") String withSubTeams) {
        return download(companyId, from, to, sortBy, team, withSubTeams, "ndjson", NDJSON,
                // Quarkus REST writes each object as JSON, then a line feed
                lines -> lines.map(UserReportLines::json));
    }

    private <T> RestMulti<T> download(String companyId, String from, String to, String sortBy, String team,
            String withSubTeams, String extension, String contentType, Function<Multi<UserReportRow>, Multi<T>> format) {
        DateRange range = Downloads.range(ranges, from, to);
        UserReportOrder order = order(sortBy);
        boolean subTeams = flag("withSubTeams", withSubTeams);
        // an empty team (a form's empty field) is no team filter
        String teamId = team == null || team.isEmpty() ? null : team;
        // the same two steps as GraphQL: reach the company, then ask for its per-user rows
        Uni<Download> download = access.forAggregates(companyId)
                .invoke(access::requireUserRows)
                .flatMap(company -> queries.report(company, range, order, teamId, subTeams)
                        .map(report -> new Download(company, report)));
        return RestMulti.fromUniResponse(download,
                d -> format.apply(Multi.createFrom().iterable(d.report().allRows())),
                d -> Map.of("Content-Type", List.of(contentType), "Content-Disposition", List.of(Downloads.attachment(
                        "users_" + d.company().id + "_" + range.from() + "_" + range.to() + "." + extension))));
    }

    private static UserReportOrder order(String sortBy) {
        if (sortBy == null || sortBy.isEmpty()) {
            return UserReportOrder.LAST_ACTIVE;
        }
        return Arrays.stream(UserReportOrder.values()).filter(o -> o.name().equals(sortBy)).findFirst()
                .orElseThrow(() -> new ApiException(ErrorCode.BAD_USER_INPUT, "sortBy must be one of "
                        + Arrays.stream(UserReportOrder.values()).map(Enum::name).collect(Collectors.joining(", "))));
    }

    private static boolean flag(String name, String value) {
        if (value == null || value.isEmpty() || value.equals("false")) {
            return false;
        }
        if (value.equals("true")) {
            return true;
        }
        throw new ApiException(ErrorCode.BAD_USER_INPUT, name + " must be true or false");
    }
}
