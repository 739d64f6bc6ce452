package io.usageanalytics.error;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns every failure that ends a REST request into its status and {@link ErrorBody}: never a bare 500. */
public class ApiExceptionMapper {

    private static final Logger LOG = Logger.getLogger(ApiExceptionMapper.class);

    @ServerExceptionMapper
    public Response toResponse(ApiException e) {
        LOG.debugf("Client error %s: %s", e.code(), e.getMessage());
        Response.ResponseBuilder response = Response.status(e.httpStatus())
                .type(MediaType.APPLICATION_JSON)
                .entity(new ErrorBody(e.code(), e.getMessage()));
        if (e instanceof ServiceUnavailableException) {
            response.header("Retry-After", ServiceUnavailableException.RETRY_AFTER_SECONDS);
        }
        return response.build();
    }

    /** What JAX-RS itself refuses (unknown path, method, media type) keeps its status and gets a code. */
    @ServerExceptionMapper
    public Response toResponse(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        String code = switch (status) {
            case 401 -> ErrorCodes.UNAUTHENTICATED;
            case 403 -> ErrorCodes.FORBIDDEN;
            case 404 -> ErrorCodes.NOT_FOUND;
            case 413 -> ErrorCodes.BODY_TOO_LARGE;
            case 415 -> ErrorCodes.UNSUPPORTED_MEDIA_TYPE;
            default -> status >= 500 ? null : ErrorCodes.BAD_USER_INPUT;
        };
        if (code == null) {
            return unexpected(e);
        }
        return Response.status(status).type(MediaType.APPLICATION_JSON)
                .entity(new ErrorBody(code, e.getMessage() == null ? "HTTP " + status : e.getMessage())).build();
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        if (e instanceof io.quarkus.security.AuthenticationFailedException
                || e instanceof io.quarkus.security.UnauthorizedException) {
            return toResponse(new UnauthenticatedException("A valid bearer token is needed"));
        }
        if (e instanceof io.quarkus.security.ForbiddenException) {
            return toResponse(new ForbiddenException("The token's roles do not allow this request"));
        }
        ApiException known = Failures.known(e);
        if (known != null) {
            return toResponse(known);
        }
        String id = Failures.logInternal(e, "a REST request");
        return Response.status(500).type(MediaType.APPLICATION_JSON)
                .entity(new ErrorBody(ErrorCodes.INTERNAL, Failures.internalMessage(id), id)).build();
    }
}
