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
        if (e.code().retryable()) {
            response.header("Retry-After", e.code().retryAfterSeconds());
        }
        return response.build();
    }

    /** What JAX-RS itself refuses (unknown path, method, media type) keeps its status and gets a code. */
    @ServerExceptionMapper
    public Response toResponse(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        ErrorCode code = ErrorCode.ofStatus(status);
        if (code == ErrorCode.INTERNAL) {
            return unexpected(e);
        }
        return Response.status(status).type(MediaType.APPLICATION_JSON)
                .entity(new ErrorBody(code, e.getMessage() == null ? "HTTP " + status : e.getMessage())).build();
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        if (e instanceof io.quarkus.security.AuthenticationFailedException
                || e instanceof io.quarkus.security.UnauthorizedException) {
            return toResponse(new ApiException(ErrorCode.UNAUTHENTICATED, "A valid bearer token is needed"));
        }
        if (e instanceof io.quarkus.security.ForbiddenException) {
            return toResponse(new ApiException(ErrorCode.FORBIDDEN, "The token's roles do not allow this request"));
        }
        ApiException known = Failures.known(e);
        if (known != null) {
            return toResponse(known);
        }
        String id = Failures.logInternal(e, "a REST request");
        return Response.status(ErrorCode.INTERNAL.httpStatus()).type(MediaType.APPLICATION_JSON)
                .entity(new ErrorBody(ErrorCode.INTERNAL, Failures.internalMessage(id), id)).build();
    }
}
