package io.usageanalytics.error;

import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

import org.jboss.logging.Logger;

import io.vertx.pgclient.PgException;

/**
 * What an unexpected failure means for the client, decided once for REST, GraphQL and plain HTTP: an
 * {@link ApiException} as it is; PostgreSQL out of reach as {@link ErrorCode#SERVICE_UNAVAILABLE}; anything
 * else is a failure of the service itself, logged at ERROR under an id the answer carries.
 */
public final class Failures {

    private static final Logger LOG = Logger.getLogger(Failures.class);
    /** SQLSTATEs of a database that is shutting down, starting or full: the request may work on retry. */
    private static final Set<String> UNAVAILABLE_STATES = Set.of("57P01", "57P02", "57P03", "53300", "53400");
    private static final Set<String> CONNECTION_FAILURES = Set.of("ClosedConnectionException",
            "ConnectTimeoutException", "AnnotatedConnectException");

    private Failures() {
    }

    /** The API error this failure is, or null when it is a failure of the service itself. */
    public static ApiException known(Throwable failure) {
        Throwable cause = firstCause(failure, t -> t instanceof ApiException || databaseUnavailable(t));
        if (cause instanceof ApiException api) {
            return api;
        }
        return cause == null ? null : new ApiException(ErrorCode.SERVICE_UNAVAILABLE,
                "The database cannot be reached right now; nothing was changed, send the request again later");
    }

    /** The failure itself or the first of its causes that passes the test, or null. */
    private static Throwable firstCause(Throwable failure, Predicate<Throwable> test) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (test.test(t)) {
                return t;
            }
        }
        return null;
    }

    private static boolean databaseUnavailable(Throwable t) {
        if (t instanceof PgException pg) {
            String state = pg.getSqlState();
            return state != null && (state.startsWith("08") || UNAVAILABLE_STATES.contains(state));
        }
        if (t instanceof ConnectException || t instanceof ClosedChannelException
                || CONNECTION_FAILURES.contains(t.getClass().getSimpleName())) {
            return true;
        }
        String message = t.getMessage();
        // "not active now": a pooled connection the database closed, lent out before the pool saw it close
        return message != null && (message.startsWith("Connection refused") || message.contains("Connection was closed")
                || message.contains("connection might get lost") || message.startsWith("Connection is not active now")
                || message.startsWith("Timeout"));
    }

    /**
     * Whether a token could not be verified because the issuer (its discovery document or keys) is out of reach:
     * a connection failure under the failure, or Quarkus OIDC's "not initialized" for a provider it could not reach
     * at start-up. A token that is merely invalid fails otherwise.
     */
    public static boolean issuerUnreachable(Throwable failure) {
        return firstCause(failure, Failures::issuerConnectionFailure) != null;
    }

    private static boolean issuerConnectionFailure(Throwable t) {
        String name = t.getClass().getSimpleName();
        String message = String.valueOf(t.getMessage());
        return t instanceof ConnectException || t instanceof java.net.UnknownHostException
                || name.endsWith("ConnectTimeoutException")
                || (name.equals("OIDCException") && (message.contains("not available")
                        || message.contains("not initialized") || message.contains("has not been initialized")));
    }

    /** Logs a failure of the service itself under a new id, which the answer passes on to the client. */
    public static String logInternal(Throwable failure, String where) {
        String id = UUID.randomUUID().toString();
        LOG.errorf(failure, "Internal error %s in %s", id, where);
        return id;
    }

    /** The message of an INTERNAL answer. */
    public static String internalMessage(String errorId) {
        return "The service failed to answer this request; error id " + errorId + " identifies it in the service's log";
    }
}
