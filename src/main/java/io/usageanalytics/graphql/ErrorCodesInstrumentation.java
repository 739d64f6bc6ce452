package io.usageanalytics.graphql;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.jboss.logging.Logger;

import graphql.ErrorClassification;
import graphql.ErrorType;
import graphql.ExceptionWhileDataFetching;
import graphql.ExecutionResult;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationExecutionParameters;
import graphql.validation.ValidationError;
import graphql.validation.ValidationErrorType;
import io.usageanalytics.error.ApiException;
import io.usageanalytics.error.ErrorCode;
import io.usageanalytics.error.Failures;

/**
 * Gives every error of a GraphQL answer a code of the one error model ({@link ErrorCode}), whoever raised it:
 * the API's own exceptions keep theirs; an argument SmallRye could not read (a date such as 2026-02-30) is
 * {@code BAD_USER_INPUT} without the Java class names of its message, and without the second error graphql-java
 * adds for the null it leaves behind; schema mismatches are {@code GRAPHQL_VALIDATION_FAILED}; an unreachable
 * database is {@code SERVICE_UNAVAILABLE} (retryable); everything else is {@code INTERNAL} with an error id that
 * is also in the log. Client errors are logged at DEBUG only.
 */
final class ErrorCodesInstrumentation extends SimplePerformantInstrumentation {

    private static final Logger LOG = Logger.getLogger(ErrorCodesInstrumentation.class);

    @Override
    public CompletableFuture<ExecutionResult> instrumentExecutionResult(ExecutionResult result,
            InstrumentationExecutionParameters parameters, InstrumentationState state) {
        if (result.getErrors().isEmpty()) {
            return CompletableFuture.completedFuture(result);
        }
        Set<List<Object>> explained = new HashSet<>();
        for (GraphQLError error : result.getErrors()) {
            if (error.getErrorType() != ErrorType.NullValueInNonNullableField && error.getPath() != null) {
                explained.add(error.getPath());
            }
            if (error instanceof ValidationError validation && validation.getQueryPath() != null) {
                explained.add(new ArrayList<>(validation.getQueryPath()));
            }
        }
        List<GraphQLError> coded = new ArrayList<>(result.getErrors().size());
        for (GraphQLError error : result.getErrors()) {
            if (error.getErrorType() == ErrorType.NullValueInNonNullableField && error.getPath() != null
                    && explained.contains(error.getPath())) {
                continue; // the null left behind by an error already reported for this field
            }
            coded.add(coded(error));
        }
        return CompletableFuture.completedFuture(result.transform(builder -> builder.errors(coded)));
    }

    private static GraphQLError coded(GraphQLError error) {
        String code;
        String message = error.getMessage();
        Map<String, Object> extensions = new LinkedHashMap<>();
        if (error instanceof ExceptionWhileDataFetching fetching) {
            Throwable failure = unwrap(fetching.getException());
            ApiException known = Failures.known(failure);
            if (known != null) {
                code = known.code().name();
                message = known.getMessage();
                if (known.code().retryable()) {
                    extensions.put("retryable", true);
                    LOG.warnf("GraphQL answered %s: %s", code, failure);
                } else {
                    LOG.debugf("GraphQL client error %s: %s", code, message);
                }
            } else {
                String id = Failures.logInternal(failure, "GraphQL field " + error.getPath());
                code = ErrorCode.INTERNAL.name();
                message = Failures.internalMessage(id);
                extensions.put("errorId", id);
            }
        } else if (error instanceof ValidationError validation && validation.getValidationErrorType() == ValidationErrorType.WrongType
                && validation.getDescription() != null && validation.getDescription().startsWith("argument '")) {
            // SmallRye could not turn an argument into its Java type; its message quotes the Java class
            String argument = validation.getDescription().substring(10, validation.getDescription().indexOf('\'', 10));
            code = ErrorCode.BAD_USER_INPUT.name();
            message = "Argument '" + argument + "' is not a valid value of its type"
                    + " (dates are real calendar days written YYYY-MM-DD, from 0001-01-01 to 9999-12-31)";
        } else if (error.getErrorType() == ErrorType.ValidationError
                || error.getErrorType() == ErrorType.OperationNotSupported) {
            code = ErrorCode.GRAPHQL_VALIDATION_FAILED.name();
        } else if (error.getErrorType() == ErrorType.InvalidSyntax) {
            code = ErrorCode.GRAPHQL_PARSE_FAILED.name();
        } else if (error.getErrorType() == ErrorType.ExecutionAborted
                || "BadFaithIntrospection".equals(String.valueOf(error.getErrorType()))) {
            code = ErrorCode.QUERY_TOO_COMPLEX.name();
        } else if (error.getExtensions() != null && error.getExtensions().get("code") instanceof String own) {
            code = own;
        } else {
            String id = Failures.logInternal(new IllegalStateException(error.getMessage()), "GraphQL " + error.getPath());
            code = ErrorCode.INTERNAL.name();
            message = Failures.internalMessage(id);
            extensions.put("errorId", id);
        }
        extensions.put("code", code);
        // the classification graphql-java writes next to the code is the code too: its own names are Java names
        // ("DataFetchingException")
        GraphqlErrorBuilder<?> builder = GraphqlErrorBuilder.newError().message(message).extensions(extensions)
                .errorType(ErrorClassification.errorClassification(code));
        if (error.getLocations() != null) {
            builder.locations(error.getLocations());
        }
        if (error.getPath() != null) {
            builder.path(error.getPath());
        }
        return builder.build();
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t.getClass().getSimpleName().equals("DataFetcherException")
                || t instanceof java.util.concurrent.ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
