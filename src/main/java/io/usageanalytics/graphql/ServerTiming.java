package io.usageanalytics.graphql;

import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.vertx.ext.web.Router;

/**
 * Every answer of {@code /graphql} says how long the service took for it, token check included, as a
 * {@code Server-Timing} header ({@code app;dur=12.3}, milliseconds): browsers show it beside the request in their
 * developer tools and in the Resource Timing API, so a dashboard's developer sees the service's share of a slow
 * request without access to its metrics.
 */
@ApplicationScoped
public class ServerTiming {

    static final String HEADER = "Server-Timing";

    void register(@Observes Router router) {
        // before authentication (-200) and every other route of /graphql
        router.route("/graphql").order(-300).handler(ctx -> {
            long started = System.nanoTime();
            ctx.addHeadersEndHandler(v -> ctx.response().headers().set(HEADER,
                    String.format(Locale.ROOT, "app;dur=%.1f", (System.nanoTime() - started) / 1e6)));
            ctx.next();
        });
    }
}
