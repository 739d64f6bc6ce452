package io.usageanalytics.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A real GraphQL websocket client ({@code graphql-transport-ws}) over the JDK's WebSocket: it sends what a
 * browser or a partner's client sends and hands the test every message the service sends back.
 */
public final class GraphQLSocket implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final WebSocket socket;
    private final LinkedBlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();

    private GraphQLSocket(URI uri, String headerToken) {
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder()
                .subprotocols("graphql-transport-ws").connectTimeout(Duration.ofSeconds(10));
        if (headerToken != null) {
            builder.header("Authorization", "Bearer " + headerToken);
        }
        StringBuilder partial = new StringBuilder();
        this.socket = builder.buildAsync(uri, new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    try {
                        messages.add(JSON.readTree(partial.toString()));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    partial.setLength(0);
                }
                webSocket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                closed.complete(statusCode);
                return null;
            }

            @Override
            public void onError(WebSocket webSocket, Throwable error) {
                closed.complete(-1);
            }
        }).join();
    }

    /** Opens the GraphQL websocket of the service under test. */
    public static GraphQLSocket open(URI graphql) {
        return new GraphQLSocket(ws(graphql), null);
    }

    /** Opens it with the token in the upgrade request's header (clients that can send one). */
    public static GraphQLSocket openWithHeader(URI graphql, String token) {
        return new GraphQLSocket(ws(graphql), token);
    }

    private static URI ws(URI http) {
        return URI.create(http.toString().replaceFirst("^http", "ws"));
    }

    /** connection_init with the token in the payload (none when null); answers the service's reply. */
    public JsonNode init(String token) {
        send(token == null ? Map.of("type", "connection_init")
                : Map.of("type", "connection_init", "payload", Map.of("Authorization", "Bearer " + token)));
        return next(Duration.ofSeconds(10));
    }

    public void subscribe(String id, String query) {
        send(Map.of("type", "subscribe", "id", id, "payload", Map.of("query", query)));
    }

    public void complete(String id) {
        send(Map.of("type", "complete", "id", id));
    }

    public void send(Object message) {
        try {
            socket.sendText(JSON.writeValueAsString(message), true).join();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The next message (pings answered and skipped), or null when none came in time. */
    public JsonNode next(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        try {
            while (true) {
                JsonNode message = messages.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (message == null || !"ping".equals(message.path("type").asText())) {
                    return message;
                }
                send(Map.of("type", "pong"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The close code the service sent, or null when the socket is still open after the wait. */
    public Integer closeCode(Duration wait) {
        try {
            return closed.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            return null;
        }
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").exceptionally(e -> null);
        }
        socket.abort();
    }
}
