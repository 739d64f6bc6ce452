package io.usageanalytics.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import graphql.language.EnumTypeDefinition;
import graphql.language.InputObjectTypeDefinition;
import graphql.language.ObjectTypeDefinition;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.TypeDefinitionRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.usageanalytics.support.Api;
import io.usageanalytics.support.TestTokens;

/**
 * The GraphQL schema is a public contract: the served schema must equal the
 * committed docs/schema.graphql, so that every change to it is deliberate, and
 * everything in it is described.
 */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
class SchemaContractTest {

    static final Path COMMITTED = Path.of("docs", "schema.graphql");

    private static String served() {
        return given().auth().oauth2(TestTokens.owner("any")).get("/graphql/schema.graphql")
                .then().statusCode(200).extract().asString();
    }

    @Test
    void theServedSchemaIsTheCommittedOne() throws IOException {
        String served = served();
        if (!Files.exists(COMMITTED) || !Files.readString(COMMITTED).equals(served)) {
            Path candidate = Path.of("target", "schema.graphql");
            Files.writeString(candidate, served);
            fail("The served GraphQL schema differs from " + COMMITTED + ". If the change is intended, review "
                    + candidate + " and copy it over " + COMMITTED + ".");
        }
    }

    @Test
    void introspectionShowsEveryFieldOfAType() {
        // tools such as the GraphQL UI read the schema this way
        Api.graphql(TestTokens.owner("any"), "{ __type(name: \"Point\") { fields { name } } }")
                .statusCode(200)
                .body("errors", nullValue())
                .body("data.__type.fields.name", containsInAnyOrder("from", "to", "value", "change", "changePercent"));
    }

    @Test
    void everyTypeFieldAndArgumentIsDescribed() {
        TypeDefinitionRegistry registry = new SchemaParser().parse(served());
        List<String> undescribed = new ArrayList<>();
        registry.getTypes(ObjectTypeDefinition.class).forEach(type -> {
            boolean root = List.of("Query", "Mutation", "Subscription").contains(type.getName());
            if (!root && type.getDescription() == null) {
                undescribed.add("type " + type.getName());
            }
            type.getFieldDefinitions().forEach(field -> {
                if (field.getDescription() == null) {
                    undescribed.add(type.getName() + "." + field.getName());
                }
            });
        });
        registry.getTypes(InputObjectTypeDefinition.class).forEach(type -> {
            if (type.getDescription() == null) {
                undescribed.add("input " + type.getName());
            }
            type.getInputValueDefinitions().forEach(field -> {
                if (field.getDescription() == null) {
                    undescribed.add(type.getName() + "." + field.getName());
                }
            });
        });
        registry.getTypes(EnumTypeDefinition.class).forEach(type -> {
            if (type.getDescription() == null) {
                undescribed.add("enum " + type.getName());
            }
        });
        assertEquals(List.of(), undescribed);
    }
}
