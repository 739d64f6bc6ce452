package io.usageanalytics.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
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
 * <p>
 * The charts' library, Apache ECharts, is served from its mvnpm jar ({@code META-INF/resources/_static/echarts/<version>/});
 * the console asks for it under {@code /console/lib/echarts/}, which redirects to the version on the class path, so
 * the pom names the version once and the versioned files can be cached for good.
 */
@ApplicationScoped
public class ConsoleRoutes {

    static final Set<String> PAGES = Set.of("/", "/index.html");
    static final String LIBRARY = "/console/lib/echarts/";
    private static final String LIBRARY_VERSION = "META-INF/maven/org.mvnpm/echarts/pom.properties";

    private final ConsoleConfig config;
    private final String policy;
    private final String settings;
    /** Where the jar's files are served: {@code /_static/echarts/<version>/}. */
    private final String libraryFiles;

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
        this.libraryFiles = "/_static/echarts/" + libraryVersion() + "/";
    }

    private static String libraryVersion() {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(LIBRARY_VERSION)) {
            if (in == null) {
                throw new IllegalStateException("org.mvnpm:echarts is not on the class path (" + LIBRARY_VERSION
                        + " is missing): the console's charts need it");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
        // revalidated on every load, so a page never asks for a version the service no longer has
        router.route(HttpMethod.GET, LIBRARY + "*").order(-20).handler(ctx -> ctx.response()
                .setStatusCode(302)
                .putHeader("Location", libraryFiles + ctx.normalizedPath().substring(LIBRARY.length()))
                .putHeader("Cache-Control", "no-cache")
                .end());
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
            if (!path.equals("/console/config.json") && !path.startsWith(LIBRARY)) {
                // the page itself always fresh (it names the assets); the assets for an hour
                headers.set("Cache-Control", PAGES.contains(path) ? "no-cache" : "public, max-age=3600");
            }
        } else if (path.startsWith(libraryFiles)) {
            var headers = ctx.response().headers();
            headers.set("X-Content-Type-Options", "nosniff");
            headers.set("Cross-Origin-Resource-Policy", "same-origin");
            // the path names the version, so a file found there never changes
            ctx.addHeadersEndHandler(v -> {
                if (ctx.response().getStatusCode() < 400) {
                    headers.set("Cache-Control", "public, max-age=31536000, immutable");
                }
            });
        }
        ctx.next();
    }
}
