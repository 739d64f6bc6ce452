package io.usageanalytics.graphql;

import java.util.List;
import java.util.Map;

import graphql.ErrorClassification;
import graphql.ExecutionResult;
import graphql.GraphqlErrorBuilder;
import graphql.execution.AbortExecutionException;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationExecutionParameters;
import io.quarkus.arc.Arc;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * The checks of {@link GraphQLRequestGuard} for every operation, also those that arrive over the GraphQL
 * websocket ({@code graphql-transport-ws}), which never pass through {@code POST /graphql}: a caller with a
 * reading role, and a document within the bounds. An HTTP request was checked already (its document is in the
 * guard's cache, so this costs a map look-up); a websocket operation gets the same coded refusal as an HTTP one.
 */
final class WebSocketOperationGuard extends SimplePerformantInstrumentation {

    @Override
    public InstrumentationContext<ExecutionResult> beginExecution(InstrumentationExecutionParameters parameters,
            InstrumentationState state) {
        var container = Arc.container();
        if (container == null) {
            return super.beginExecution(parameters, state);
        }
        GraphQLRequestGuard guard = container.instance(GraphQLRequestGuard.class).get();
        SecurityIdentity identity = container.instance(CurrentIdentityAssociation.class).get().getIdentity();
        String[] refusal = guard.refusalOf(identity, parameters.getQuery());
        if (refusal != null) {
            throw new AbortExecutionException(List.of(GraphqlErrorBuilder.newError()
                    .message(refusal[1])
                    .errorType(ErrorClassification.errorClassification(refusal[0]))
                    .extensions(Map.of("code", refusal[0]))
                    .build()));
        }
        return super.beginExecution(parameters, state);
    }
}
