package io.usageanalytics.api;

/**
 * What the GraphQL UI sends to load the schema: graphql-js's introspection query (which GraphiQL uses) with
 * every option on (schema description, specifiedByURL, isOneOf, repeatable directives, deprecated input
 * values): the largest form a tool sends, 14 fields deep and about 230 fields once its fragments are expanded.
 */
final class GraphiQL {

    static final String INTROSPECTION_QUERY = """
            query IntrospectionQuery {
              __schema {
                description
                queryType { name kind }
                mutationType { name kind }
                subscriptionType { name kind }
                types { ...FullType }
                directives {
                  name description isRepeatable locations
                  args(includeDeprecated: true) { ...InputValue }
                }
              }
            }
            fragment FullType on __Type {
              kind name description specifiedByURL isOneOf
              fields(includeDeprecated: true) {
                name description
                args(includeDeprecated: true) { ...InputValue }
                type { ...TypeRef }
                isDeprecated deprecationReason
              }
              inputFields(includeDeprecated: true) { ...InputValue }
              interfaces { ...TypeRef }
              enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
              possibleTypes { ...TypeRef }
            }
            fragment InputValue on __InputValue {
              name description
              type { ...TypeRef }
              defaultValue isDeprecated deprecationReason
            }
            fragment TypeRef on __Type {
              kind name
              ofType { kind name
                ofType { kind name
                  ofType { kind name
                    ofType { kind name
                      ofType { kind name
                        ofType { kind name
                          ofType { kind name
                            ofType { kind name
                              ofType { kind name } } } } } } } } }
            }
            """;

    private GraphiQL() {
    }
}
