package io.usageanalytics.error;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The JSON body of every REST error answer: the same codes as GraphQL's {@code extensions.code}, and for
 * {@code INTERNAL} the id under which the failure is in the service's log.
 * Registered for reflection because it only travels inside a {@code Response}, where Quarkus cannot
 * see it: without the registration the native image could not serialise it.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorBody(String code, String message, String errorId) {

    public ErrorBody(String code, String message) {
        this(code, message, null);
    }
}
