package io.usageanalytics.graphql;

import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import graphql.execution.instrumentation.ChainedInstrumentation;
import graphql.execution.instrumentation.Instrumentation;
import graphql.schema.DataFetcher;
import graphql.schema.FieldCoordinates;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLSchema;
import graphql.schema.visibility.DefaultGraphqlFieldVisibility;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.smallrye.graphql.execution.QueryCache;
import io.smallrye.graphql.execution.datafetcher.FieldDataFetcher;
import io.usageanalytics.figures.Point;
import io.usageanalytics.support.Api;
import io.usageanalytics.support.TestTokens;

/**
 * The GraphQL fast paths of {@link PlainFieldFetchers} are in place in the running service. Each relies on
 * private state of SmallRye GraphQL or graphql-java and falls back to the slow path, with the same answers,
 * when an upgrade changes that state: these tests are what notices.
 */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
class FastPathsTest {

    @Inject
    GraphQLSchema schema;

    private DataFetcher<?> fetcher(String type, String field) {
        GraphQLObjectType object = schema.getObjectType(type);
        return schema.getCodeRegistry().getDataFetcher(FieldCoordinates.coordinates(type, field),
                object.getFieldDefinition(field));
    }

    @Test
    void plainFieldsAreReadWithoutSmallRyesPerFieldContext() {
        assertEquals(0, PlainFieldFetchers.APPLIED.unreadableFetchers,
                "SmallRye's FieldDataFetcher no longer has the fields 'field' and 'owner' this reads");
        assertTrue(PlainFieldFetchers.APPLIED.plainFetchers > 50,
                "fields read plainly: " + PlainFieldFetchers.APPLIED.plainFetchers);
        for (String[] field : List.of(new String[] { "Point", "from" }, new String[] { "Point", "value" },
                new String[] { "Point", "changePercent" }, new String[] { "TelemetryCounts", "users" },
                new String[] { "Company", "name" }, new String[] { "KeyUsers", "key" })) {
            assertInstanceOf(PlainFieldFetchers.PlainFieldFetcher.class, fetcher(field[0], field[1]),
                    field[0] + "." + field[1]);
        }
    }

    @Test
    void datesAreWrittenAsSmallRyeWritesThem() throws Exception {
        var from = (PlainFieldFetchers.PlainFieldFetcher) fetcher("Point", "from");
        for (LocalDate day : List.of(LocalDate.of(2026, 11, 30), LocalDate.of(1, 1, 1), LocalDate.of(10_000, 1, 1),
                LocalDate.of(-5, 3, 9), LocalDate.MIN, LocalDate.MAX)) {
            Point point = new Point(day, day, 1, 0, null);
            assertEquals(DateTimeFormatter.ISO_LOCAL_DATE.format(day), from.get(null, point, () -> null), day::toString);
        }
    }

    @Test
    void noPlainPropertyKeepsSmallRyesFieldFetcher() {
        // SmallRye's fetcher stays only for adapters and maps, which this schema does not use
        for (var type : schema.getAllTypesAsList()) {
            if (type instanceof GraphQLObjectType object && !object.getName().startsWith("__")) {
                for (var field : object.getFieldDefinitions()) {
                    DataFetcher<?> fetcher = fetcher(object.getName(), field.getName());
                    assertTrue(!(fetcher instanceof FieldDataFetcher<?>), object.getName() + "." + field.getName()
                            + " is read through SmallRye's per-field context");
                }
            }
        }
    }

    @Test
    void resolversAreCalledWithoutComputingTheSelectedFields() {
        assertTrue(PlainFieldFetchers.APPLIED.resolversWithoutSelectedFields > 30,
                "resolvers without selected fields: " + PlainFieldFetchers.APPLIED.resolversWithoutSelectedFields);
        for (String[] field : List.of(new String[] { "Query", "company" }, new String[] { "Company", "activity" },
                new String[] { "UserActivity", "dau" }, new String[] { "FeatureAdoption", "topConnectors" },
                new String[] { "Spend", "byUser" }, new String[] { "Mutation", "createCompany" })) {
            assertInstanceOf(PlainFieldFetchers.WithoutSelectedFields.class, fetcher(field[0], field[1]),
                    field[0] + "." + field[1]);
        }
        // that they still get the source, the arguments and the path: every figure test, and the error paths of
        // DashboardFiguresTest and UserReportTest
    }

    @Test
    void fieldVisibilityIsGraphqlJavasDefault() {
        assertTrue(PlainFieldFetchers.APPLIED.defaultVisibility,
                "SmallRye's field-visibility setting is no longer called 'default'");
        assertSame(DefaultGraphqlFieldVisibility.DEFAULT_FIELD_VISIBILITY, schema.getCodeRegistry().getFieldVisibility());
    }

    @Test
    void smallRyesInstrumentationsAreNotAskedAboutEveryField() {
        // the GraphQL instance is built on the first request
        Api.graphql(TestTokens.admin(), "{ companies { id } }").statusCode(200).body("errors", nullValue());

        assertTrue(PlainFieldFetchers.APPLIED.instrumentationsRead,
                "graphql-java's GraphQL.Builder no longer holds SmallRye's instrumentations in 'instrumentation'");
        Instrumentation instrumentation = PlainFieldFetchers.APPLIED.instrumentation;
        assertInstanceOf(OperationLevelInstrumentation.class, instrumentation,
                "an instrumentation in the chain acts per field");
        List<Instrumentation> chain = ((ChainedInstrumentation) instrumentation).getInstrumentations();
        assertTrue(chain.stream().anyMatch(QueryCache.class::isInstance), "SmallRye's document cache is kept: " + chain);
        assertInstanceOf(ErrorCodesInstrumentation.class, chain.getLast(), "every error gets a code, last");
    }
}
