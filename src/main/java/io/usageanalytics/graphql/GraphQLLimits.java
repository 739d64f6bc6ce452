package io.usageanalytics.graphql;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The bounds of one GraphQL request, checked before graphql-java validates or runs it (README, "Limits"). */
@ConfigMapping(prefix = "analytics.graphql")
public interface GraphQLLimits {

    /** Bytes of one request body: the document and its variables. */
    @WithDefault("65536")
    int maxBodyBytes();

    /** Tokens of one document (graphql-java's parser stops there). */
    @WithDefault("4000")
    int maxTokens();

    /** Fields of a document once every fragment is expanded, aliases included. */
    @WithDefault("400")
    int maxFields();

    /** Nesting of data fields. */
    @WithDefault("10")
    int maxDepth();

    /** Nesting inside {@code __schema} and {@code __type}: GraphiQL's introspection query needs 13. */
    @WithDefault("20")
    int maxIntrospectionDepth();
}
