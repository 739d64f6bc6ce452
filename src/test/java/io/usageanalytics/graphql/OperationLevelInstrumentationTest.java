package io.usageanalytics.graphql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import graphql.analysis.MaxQueryComplexityInstrumentation;
import graphql.analysis.MaxQueryDepthInstrumentation;
import graphql.execution.instrumentation.Instrumentation;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimpleInstrumentationContext;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationFieldFetchParameters;
import io.smallrye.graphql.execution.QueryCache;

/**
 * The chain answers graphql-java's per-field and per-object hooks itself, so it must know every one of them:
 * a hook added by a graphql-java upgrade fails here instead of silently reaching every instrumentation per field.
 */
class OperationLevelInstrumentationTest {

    /** The hooks graphql-java calls once per request; every other one is per field or per object. */
    private static final Set<String> OPERATION_LEVEL = Set.of("createState", "createStateAsync", "beginExecution",
            "beginParse", "beginValidation", "beginExecuteOperation", "instrumentExecutionInput",
            "instrumentDocumentAndVariables", "instrumentSchema", "instrumentExecutionContext",
            "instrumentExecutionResult");

    private static Set<String> hooks() {
        return Arrays.stream(Instrumentation.class.getMethods())
                .filter(m -> !Modifier.isStatic(m.getModifiers()))
                .map(Method::getName)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void everyHookOfGraphqlJavaIsKnownAsOperationOrFieldLevel() {
        Set<String> unknown = new TreeSet<>(hooks());
        unknown.removeAll(OPERATION_LEVEL);
        unknown.removeAll(OperationLevelInstrumentation.FIELD_LEVEL);
        assertEquals(Set.of(), unknown, "hooks of graphql-java's Instrumentation that the chain does not know");
        assertEquals(hooks().stream().filter(h -> !OPERATION_LEVEL.contains(h)).collect(Collectors.toSet()),
                OperationLevelInstrumentation.FIELD_LEVEL, "field-level hooks that graphql-java no longer has");
    }

    @Test
    void theChainAnswersEveryFieldLevelHookItself() {
        Set<String> declared = Arrays.stream(OperationLevelInstrumentation.class.getDeclaredMethods())
                .map(Method::getName).collect(Collectors.toSet());
        for (String hook : OperationLevelInstrumentation.FIELD_LEVEL) {
            assertTrue(declared.contains(hook), hook);
        }
        for (String hook : OPERATION_LEVEL) {
            assertFalse(declared.contains(hook), hook + " is passed on to the chain unchanged");
        }
    }

    @Test
    void theInstrumentationsSmallRyeAndTheServiceInstallActOnlyOnTheOperation() {
        for (Instrumentation instrumentation : List.of(new ErrorCodesInstrumentation(), new QueryCache(),
                new MaxQueryDepthInstrumentation(10), new MaxQueryComplexityInstrumentation(100))) {
            assertTrue(OperationLevelInstrumentation.fieldLevelFree(instrumentation),
                    instrumentation.getClass().getName());
        }
    }

    @Test
    void anInstrumentationWithAFieldLevelHookIsRecognised() {
        Instrumentation perField = new SimplePerformantInstrumentation() {
            @Override
            public InstrumentationContext<Object> beginFieldFetch(InstrumentationFieldFetchParameters parameters,
                    InstrumentationState state) {
                return SimpleInstrumentationContext.noOp();
            }
        };
        assertFalse(OperationLevelInstrumentation.fieldLevelFree(perField));
    }
}
