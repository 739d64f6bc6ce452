package io.usageanalytics.figures;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.usageanalytics.company.Company;
import io.usageanalytics.time.DateRange;
import io.vertx.mutiny.sqlclient.Pool;

/** How fresh the figures of a company's range are. */
@ApplicationScoped
public class FreshnessQuery {

    private static final String SQL = FigureSql.TAIL + """
            SELECT greatest((SELECT max(newest_received_at) FROM rollup_company_day
                              WHERE company_id = $1 AND day BETWEEN $4 AND $5),
                            (SELECT max(received_at) FROM tail)) AS newest,
                   (SELECT rolled_up_at FROM state) AS rolled_up_at
            """;

    private final Pool pool;

    public FreshnessQuery(Pool pool) {
        this.pool = pool;
    }

    public Uni<Freshness> of(Company company, DateRange range) {
        Instant computedAt = Instant.now();
        return pool.preparedQuery(SQL).execute(FigureSql.params(company, range)).map(rows -> {
            var row = rows.iterator().next();
            return new Freshness(FigureSql.instant(row.getOffsetDateTime("newest")),
                    FigureSql.instant(row.getOffsetDateTime("rolled_up_at")), computedAt);
        });
    }
}
