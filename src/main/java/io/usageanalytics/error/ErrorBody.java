package io.usageanalytics.error;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The JSON body of every REST error answer: the same codes as GraphQL's {@code extensions.code}.
 * Registered for reflection because it only travels inside a {@code Response}, where Quarkus cannot
 * see it: without the registration the native image could not serialise it.
 */
@RegisterForReflection
public record ErrorBody(String code, String message) {
}
