package io.usageanalytics.graphql;

import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.usageanalytics.access.Roles;
import io.usageanalytics.api.JsonLimits;
import io.usageanalytics.error.ApiException;
import io.usageanalytics.error.ErrorBody;
import io.usageanalytics.error.ErrorCode;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import graphql.language.Document;
import graphql.parser.InvalidSyntaxException;
import graphql.parser.Parser;
import graphql.parser.ParserEnvironment;
import graphql.parser.ParserOptions;
import graphql.parser.exceptions.ParseCancelledException;
import graphql.parser.exceptions.ParseCancelledTooDeepException;
import graphql.parser.exceptions.ParseCancelledTooManyCharsException;

/**
 * Answers a GraphQL request that must not run before graphql-java sees it, in time proportional to its bytes:
 * a caller with no role that reads companies, a body that is not a GraphQL request (not JSON, not an object,
 * {@code variables} not an object, nested too deep, content after it, too many bytes, another charset), a
 * document that does not parse, and a document whose fields after fragment expansion, or whose depth, exceed
 * {@link GraphQLLimits}. graphql-java's validation and normalisation expand every fragment spread, so a small
 * document can stand for billions of fields: those never get that far.
 *
 * Refusals are GraphQL answers ({@code errors[].extensions.code}); a body that is not a GraphQL request at all
 * gets an HTTP 4xx, a well-formed request that cannot run gets 200, as GraphQL over HTTP does for
 * {@code application/json}.
 */
@ApplicationScoped
public class GraphQLRequestGuard {

    private static final String PATH = "/graphql";
    private static final Set<String> READER_ROLES = Set.of(Roles.PRIMARY_OWNER, Roles.OWNER, Roles.PARTNER,
            Roles.ANALYTICS_ADMIN);
    private static final Set<String> REQUEST_FIELDS = Set.of("query", "variables", "operationName", "extensions");
    /** Documents already measured and within the bounds: dashboards send the same few again and again. */
    private static final int ACCEPTED_CACHE_SIZE = 512;

    private final GraphQLLimits limits;
    private final ObjectMapper json;
    private final ParserOptions parserOptions;
    private final Map<String, Boolean> accepted = Collections.synchronizedMap(
            new LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > ACCEPTED_CACHE_SIZE;
                }
            });

    public GraphQLRequestGuard(GraphQLLimits limits) {
        this.limits = limits;
        this.json = new ObjectMapper(JsonLimits.factory(limits.maxBodyBytes()));
        this.parserOptions = ParserOptions.getDefaultOperationParserOptions().transform(options -> options
                .maxTokens(limits.maxTokens())
                .maxCharacters(limits.maxBodyBytes()));
        // graphql-java parses again after this guard: the same bounds there
        ParserOptions.setDefaultOperationParserOptions(parserOptions);
    }

    void register(@Observes Router router) {
        // after authentication and authorization (filters at -200 and -100), before every route of an extension
        // the role is checked before a byte of the body is read; then at most maxBodyBytes are read
        router.route(HttpMethod.POST, PATH).order(-12).handler(ctx -> answer(ctx, callerRefusal(ctx)));
        router.route(HttpMethod.POST, PATH).order(-11).handler(BodyHandler.create(false).setBodyLimit(limits.maxBodyBytes()));
        router.route(HttpMethod.POST, PATH).order(-10).handler(ctx -> answer(ctx, requestRefusal(ctx)));
    }

    private void answer(RoutingContext ctx, Refusal refusal) {
        if (refusal == null) {
            ctx.next();
            return;
        }
        ctx.response().setStatusCode(refusal.status)
                .putHeader("Content-Type", "application/json; charset=utf-8")
                .end(ErrorBody.graphQL(refusal.code, refusal.message, refusal.line, refusal.column));
    }

    private record Refusal(int status, ErrorCode code, String message, int line, int column) {
        static Refusal of(int status, ErrorCode code, String message) {
            return new Refusal(status, code, message, 0, 0);
        }
    }

    private static Refusal callerRefusal(RoutingContext ctx) {
        if (!(ctx.user() instanceof QuarkusHttpUser user) || !readsCompanies(user.getSecurityIdentity())) {
            return Refusal.of(200, ErrorCode.FORBIDDEN,
                    "GraphQL needs an owner, partner or analytics-admin role");
        }
        return null;
    }

    private Refusal requestRefusal(RoutingContext ctx) {
        String contentType = ctx.request().getHeader("Content-Type");
        if (!JsonLimits.isUtf8OrUndeclared(contentType)) {
            return Refusal.of(415, ErrorCode.UNSUPPORTED_MEDIA_TYPE, "GraphQL requests are UTF-8; the body declares "
                    + ApiException.shorten(contentType));
        }
        if (ctx.body() == null || ctx.body().buffer() == null || ctx.body().length() == 0) {
            return Refusal.of(400, ErrorCode.BAD_USER_INPUT,
                    "The body must be a GraphQL request: {\"query\": \"...\", \"variables\": {...}}");
        }
        if (ctx.body().length() > limits.maxBodyBytes()) {
            return Refusal.of(413, ErrorCode.BODY_TOO_LARGE, "A GraphQL request holds at most "
                    + limits.maxBodyBytes() + " bytes; this one holds " + ctx.body().length());
        }
        byte[] bytes = ctx.body().buffer().getBytes();
        String query;
        if (contentType != null && contentType.toLowerCase().startsWith("application/graphql")) {
            query = JsonLimits.utf8(bytes);
            if (query == null) {
                return Refusal.of(400, ErrorCode.BAD_USER_INPUT, "The body is not valid UTF-8");
            }
        } else {
            Object envelope = envelope(bytes);
            if (envelope instanceof Refusal r) {
                return r;
            }
            query = (String) envelope;
        }
        if (accepted.containsKey(query)) {
            return null;
        }
        Refusal byDocument = document(query);
        if (byDocument == null) {
            accepted.put(query, Boolean.TRUE);
        }
        return byDocument;
    }

    /**
     * The same checks for a document that did not come through {@code POST /graphql} (an operation sent over the
     * GraphQL websocket): the caller's role, then the document's bounds. Null when it may run; otherwise its code
     * and message.
     */
    String[] refusalOf(SecurityIdentity identity, String query) {
        if (identity == null || identity.isAnonymous()) {
            return new String[] { ErrorCode.UNAUTHENTICATED.name(), "A valid bearer token is needed: send it as "
                    + "'Authorization' in the connection_init payload (or in the upgrade request's header)" };
        }
        if (!readsCompanies(identity)) {
            return new String[] { ErrorCode.FORBIDDEN.name(), "GraphQL needs an owner, partner or analytics-admin role" };
        }
        if (query == null || accepted.containsKey(query)) {
            return null;
        }
        Refusal refusal = document(query);
        if (refusal == null) {
            accepted.put(query, Boolean.TRUE);
            return null;
        }
        return new String[] { refusal.code().name(), refusal.message() };
    }

    private static boolean readsCompanies(SecurityIdentity identity) {
        for (String role : identity.getRoles()) {
            if (READER_ROLES.contains(role)) {
                return true;
            }
        }
        return false;
    }

    /** The query of a JSON request body, or why the body is not a GraphQL request. */
    private Object envelope(byte[] bytes) {
        JsonNode root;
        try (JsonParser parser = json.getFactory().createParser(bytes)) {
            root = json.readTree(parser);
            if (root != null && parser.nextToken() != null) {
                return Refusal.of(400, ErrorCode.BAD_USER_INPUT,
                        "The body holds more than one JSON value; send one GraphQL request");
            }
        } catch (JsonProcessingException e) {
            return Refusal.of(400, ErrorCode.BAD_USER_INPUT, "The body is not valid JSON: " + JsonLimits.describe(e));
        } catch (IOException e) {
            return Refusal.of(400, ErrorCode.BAD_USER_INPUT, "The body could not be read");
        }
        if (root == null || !root.isObject()) {
            return Refusal.of(400, ErrorCode.BAD_USER_INPUT, "The body must be a JSON object with a 'query'");
        }
        for (var names = root.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!REQUEST_FIELDS.contains(name)) {
                return Refusal.of(400, ErrorCode.BAD_USER_INPUT, "Unknown field '" + ApiException.shorten(name)
                        + "' in the request; a GraphQL request has query, variables, operationName and extensions");
            }
        }
        JsonNode query = root.get("query");
        if (query == null || !query.isTextual() || query.textValue().isBlank()) {
            return Refusal.of(400, ErrorCode.BAD_USER_INPUT, "'query' must be a string holding a GraphQL document");
        }
        if (!isNullOrKind(root.get("variables"), true)) {
            return Refusal.of(400, ErrorCode.BAD_USER_INPUT, "'variables' must be a JSON object");
        }
        if (!isNullOrKind(root.get("extensions"), true)) {
            return Refusal.of(400, ErrorCode.BAD_USER_INPUT, "'extensions' must be a JSON object");
        }
        JsonNode operationName = root.get("operationName");
        if (operationName != null && !operationName.isNull() && !operationName.isTextual()) {
            return Refusal.of(400, ErrorCode.BAD_USER_INPUT, "'operationName' must be a string");
        }
        String bad = JsonLimits.badText(root);
        if (bad != null) {
            return Refusal.of(400, ErrorCode.BAD_USER_INPUT, "The request " + bad);
        }
        return query.textValue();
    }

    private static boolean isNullOrKind(JsonNode node, boolean object) {
        return node == null || node.isNull() || (object && node.isObject());
    }

    /** Parses the document and measures it; null when it may run. */
    private Refusal document(String query) {
        Document document;
        try {
            document = Parser.parse(ParserEnvironment.newParserEnvironment().document(query)
                    .parserOptions(parserOptions).build());
        } catch (ParseCancelledException | ParseCancelledTooDeepException | ParseCancelledTooManyCharsException e) {
            // the parser's bounds (tokens, nesting, characters): graphql-java reports them as syntax errors
            return Refusal.of(200, ErrorCode.QUERY_TOO_COMPLEX, "The document exceeds the parser's bounds: "
                    + ApiException.shorten(String.valueOf(e.getMessage())));
        } catch (InvalidSyntaxException e) {
            var location = e.getLocation();
            return new Refusal(200, ErrorCode.GRAPHQL_PARSE_FAILED, "The document does not parse: " + e.getMessage(),
                    location == null ? 0 : location.getLine(), location == null ? 0 : location.getColumn());
        } catch (RuntimeException e) {
            // any other way the parser gives up on a document
            return Refusal.of(200, ErrorCode.QUERY_TOO_COMPLEX, "The document exceeds the parser's bounds: "
                    + ApiException.shorten(String.valueOf(e.getMessage())));
        }
        DocumentCost cost = DocumentCost.of(document);
        if (cost.fragmentCycle() != null) {
            return Refusal.of(200, ErrorCode.GRAPHQL_VALIDATION_FAILED,
                    "Fragment '" + ApiException.shorten(cost.fragmentCycle()) + "' spreads itself");
        }
        if (cost.fields() > limits.maxFields()) {
            return Refusal.of(200, ErrorCode.QUERY_TOO_COMPLEX, "The document asks for "
                    + (cost.fields() >= DocumentCost.SATURATED ? "more than 10^18" : String.valueOf(cost.fields()))
                    + " fields once its fragments are expanded; at most " + limits.maxFields() + " are allowed");
        }
        if (cost.dataDepth() > limits.maxDepth()) {
            return Refusal.of(200, ErrorCode.QUERY_TOO_COMPLEX, "The document nests fields " + cost.dataDepth()
                    + " deep; at most " + limits.maxDepth() + " are allowed");
        }
        if (cost.introspectionDepth() > limits.maxIntrospectionDepth()) {
            return Refusal.of(200, ErrorCode.QUERY_TOO_COMPLEX, "The document nests introspection fields "
                    + cost.introspectionDepth() + " deep; at most " + limits.maxIntrospectionDepth() + " are allowed");
        }
        return null;
    }
}
