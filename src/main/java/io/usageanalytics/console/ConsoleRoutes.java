package io.usageanalytics.console;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The console's own routes: its settings ({@code /console/config.json}) and the security headers of its pages and
 * assets. The page holds no token in storage and sends tokens only as {@code Authorization} headers (never as
 * cookies), so a cross-site page has no credentials of the user to use; the Content-Security-Policy allows
 * scripts and styles from the service only (no inline script, no eval) and network requests to the service and
 * the configured issuer only; no other site may frame the console.
 */
@ApplicationScoped
public class ConsoleRoutes {

    static final Set<String> PAGES = Set.of("/", "/index.html");

    private final ConsoleConfig config;
    private final String policy;
    private final String settings;

    public ConsoleRoutes(ConsoleConfig config, ObjectMapper json) throws JsonProcessingException {
        this.config = config;
        String issuerOrigin = config.issuerUrl().filter(u -> !u.isBlank()).map(ConsoleRoutes::origin).orElse("");
        this.policy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
                + "connect-src 'self'" + (issuerOrigin.isEmpty() ? "" : " " + issuerOrigin)
                + "; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("issuer", config.issuerUrl().filter(u -> !u.isBlank()).orElse(null));
        values.put("clientId", config.clientId());
        values.put("scope", config.scope());
        values.put("devTokens", config.devTokens());
        this.settings = json.writeValueAsString(values);
    }

    private static String origin(String url) {
        URI uri = URI.create(url);
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }

    void register(@Observes Router router) {
        router.route(HttpMethod.GET, "/console/config.json").order(-20).handler(ctx -> ctx.response()
                .putHeader("Content-Type", "application/json; charset=utf-8")
                .putHeader("Cache-Control", "no-store")
                .end(settings));
        router.route().order(-21).handler(this::headers);
    }

    private void headers(RoutingContext ctx) {
        String path = ctx.normalizedPath();
        if (PAGES.contains(path) || path.startsWith("/console/")) {
            var headers = ctx.response().headers();
            headers.set("Content-Security-Policy", policy);
            headers.set("X-Content-Type-Options", "nosniff");
            headers.set("Referrer-Policy", "no-referrer");
            headers.set("Cross-Origin-Opener-Policy", "same-origin");
            headers.set("Cross-Origin-Resource-Policy", "same-origin");
            headers.set("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
            if (!path.equals("/console/config.json")) {
                // the page itself always fresh (it names the assets); the assets for an hour
                headers.set("Cache-Control", PAGES.contains(path) ? "no-cache" : "public, max-age=3600");
            }
        }
        ctx.next();
    }
}
