package io.usageanalytics.error;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns API errors that end a REST request into their status and {@link ErrorBody}. */
public class ApiExceptionMapper {

    @ServerExceptionMapper
    public Response toResponse(ApiException e) {
        return Response.status(e.httpStatus())
                .type(MediaType.APPLICATION_JSON)
                .entity(new ErrorBody(e.code(), e.getMessage()))
                .build();
    }
}
