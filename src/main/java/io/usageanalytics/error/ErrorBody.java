package io.usageanalytics.error;

/** The JSON body of every REST error answer: the same codes as GraphQL's {@code extensions.code}. */
public record ErrorBody(String code, String message) {
}
