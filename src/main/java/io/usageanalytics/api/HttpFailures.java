package io.usageanalytics.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.usageanalytics.error.ApiException;
import io.usageanalytics.error.ErrorBody;
import io.usageanalytics.error.ErrorCode;
import io.usageanalytics.error.Failures;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The answers of requests that end before any endpoint runs: no or an invalid token (401 with
 * {@code UNAUTHENTICATED}), a body over the byte limit (413 with {@code BODY_TOO_LARGE}), the token issuer out of
 * reach (503 with {@code SERVICE_UNAVAILABLE}), and anything unexpected ({@code INTERNAL} with an error id).
 * Same codes and bodies as the endpoints' own errors: REST bodies, and GraphQL's shape on {@code /graphql}.
 */
@ApplicationScoped
public class HttpFailures {

    private static final Logger LOG = Logger.getLogger(HttpFailures.class);

    private final long maxBodyBytes;

    public HttpFailures(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBody) {
        this.maxBodyBytes = maxBody.asLongValue();
    }

    void register(@Observes Router router) {
        // first of all failure handlers, so that Quarkus's own (empty 401 challenge, plain-text 500) never answer
        router.route().order(Integer.MIN_VALUE).failureHandler(this::answer);
        // just before Quarkus's own check of the announced length, which answers with an empty body
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(this::announcedLength);
        // before the endpoints' media type matching, which fails on such a header as if the service had failed
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(this::bodyMediaType);
    }

    /**
     * A body whose Content-Type is not one media type ("application/json, text/plain") is not one any endpoint
     * reads. The same type twice ("application/json, application/json", as the GraphQL UI's fetch sends it) is
     * that type, once.
     */
    void bodyMediaType(RoutingContext ctx) {
        String type = ctx.request().getHeader("Content-Type");
        HttpMethod method = ctx.request().method();
        if (type != null && type.indexOf(',') >= 0) {
            java.util.Set<String> types = new java.util.LinkedHashSet<>();
            for (String part : type.split(",")) {
                types.add(part.trim().toLowerCase(java.util.Locale.ROOT));
            }
            if (types.size() == 1) {
                type = types.iterator().next();
                ctx.request().headers().set("Content-Type", type);
            }
        }
        if (type != null && (method == HttpMethod.POST || method == HttpMethod.PUT || method == HttpMethod.PATCH)) {
            try {
                MediaType.valueOf(type);
            } catch (IllegalArgumentException e) {
                ctx.fail(new ApiException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "The Content-Type '"
                        + ApiException.shorten(type)
                        + "' is not one media type; send application/json (or application/x-ndjson for events)"));
                return;
            }
        }
        ctx.next();
    }

    /** A body announced as longer than any endpoint reads is refused before a byte of it is read. */
    void announcedLength(RoutingContext ctx) {
        String length = ctx.request().getHeader("Content-Length");
        long announced;
        try {
            announced = length == null ? -1 : Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            announced = -1;
        }
        if (announced <= maxBodyBytes) {
            ctx.next();
            return;
        }
        ctx.response().putHeader("Connection", "close");
        ctx.response().endHandler(ignored -> ctx.request().connection().close());
        ctx.fail(413);
    }

    void answer(RoutingContext ctx) {
        if (ctx.response().ended() || ctx.response().headWritten()) {
            return;
        }
        Throwable failure = ctx.failure();
        int status = ctx.statusCode();
        ErrorCode code;
        String message;
        String errorId = null;
        if (failure instanceof AuthenticationFailedException || failure instanceof UnauthorizedException
                || status == 401) {
            status = 401;
            code = ErrorCode.UNAUTHENTICATED;
            message = BearerTokens.UNAUTHENTICATED_MESSAGE;
            ctx.response().putHeader("WWW-Authenticate", "Bearer");
        } else if (failure instanceof io.quarkus.security.ForbiddenException || status == 403) {
            status = 403;
            code = ErrorCode.FORBIDDEN;
            message = "The token's roles do not allow this request";
        } else if (status == 413) {
            code = ErrorCode.BODY_TOO_LARGE;
            message = "The body has more bytes than this endpoint reads: at most " + maxBodyBytes
                    + " for events, less for GraphQL (see the README's limits)";
        } else if (failure != null && Failures.known(failure) instanceof ApiException known) {
            status = known.httpStatus();
            code = known.code();
            message = known.getMessage();
        } else if (failure == null && status >= 400 && status < 500) {
            code = ErrorCode.ofStatus(status);
            message = "HTTP " + status;
        } else {
            status = 500;
            code = ErrorCode.INTERNAL;
            errorId = Failures.logInternal(failure == null ? new IllegalStateException("HTTP " + ctx.statusCode())
                    : failure, ctx.request().method() + " " + ctx.normalizedPath());
            message = Failures.internalMessage(errorId);
        }
        if (status < 500) {
            LOG.debugf("%s %s answered %d %s", ctx.request().method(), ctx.normalizedPath(), status, code);
        }
        if (code.retryable()) {
            ctx.response().putHeader("Retry-After", String.valueOf(code.retryAfterSeconds()));
        }
        String body = ctx.normalizedPath().startsWith("/graphql")
                ? ErrorBody.graphQL(code, message, 0, 0, errorId == null ? java.util.Map.of()
                        : java.util.Map.of("errorId", errorId))
                : ErrorBody.rest(code, message, errorId);
        ctx.response().setStatusCode(status)
                .putHeader("Content-Type", "application/json; charset=utf-8")
                .end(body);
    }
}
