package io.usageanalytics.api;

/** What the GraphQL UI sends to load the schema: GraphiQL's standard introspection query (graphql-js 16). */
final class GraphiQL {

    static final String INTROSPECTION_QUERY = """
            query IntrospectionQuery {
              __schema {
                queryType { name }
                mutationType { name }
                subscriptionType { name }
                types { ...FullType }
                directives { name description locations args { ...InputValue } }
              }
            }
            fragment FullType on __Type {
              kind name description
              fields(includeDeprecated: true) {
                name description
                args { ...InputValue }
                type { ...TypeRef }
                isDeprecated deprecationReason
              }
              inputFields { ...InputValue }
              interfaces { ...TypeRef }
              enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
              possibleTypes { ...TypeRef }
            }
            fragment InputValue on __InputValue {
              name description
              type { ...TypeRef }
              defaultValue
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
                            ofType { kind name } } } } } } } }
            }
            """;

    private GraphiQL() {
    }
}
