package io.usageanalytics.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The smallest OIDC provider the console can sign in at, for the console's timings in the benchmark: discovery,
 * an authorization endpoint that approves at once (a person already signed in at the provider) and a token
 * endpoint that checks the PKCE verifier and hands out the benchmark's token for one role. The service itself
 * keeps verifying tokens with the benchmark's public key ({@link Tokens}).
 */
final class SignInProvider implements AutoCloseable {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final HttpServer server;
    private final String issuer;
    /** The token of whoever signs in next. */
    private volatile String accessToken = "";
    /** Codes handed out and not yet redeemed: code -> PKCE challenge. */
    private final Map<String, String> codes = new ConcurrentHashMap<>();

    SignInProvider() throws IOException {
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        this.issuer = "http://127.0.0.1:" + server.getAddress().getPort();
        server.createContext("/.well-known/openid-configuration", this::discovery);
        server.createContext("/authorize", this::authorize);
        server.createContext("/token", this::token);
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.start();
    }

    String issuer() {
        return issuer;
    }

    /** Who the next sign-in is: the access token the console gets. */
    void signsInAs(String token) {
        this.accessToken = token;
    }

    private void discovery(HttpExchange exchange) throws IOException {
        send(exchange, 200, """
                {"issuer":"%1$s","authorization_endpoint":"%1$s/authorize","token_endpoint":"%1$s/token",
                 "response_types_supported":["code"],"code_challenge_methods_supported":["S256"]}""".formatted(issuer));
    }

    private void authorize(HttpExchange exchange) throws IOException {
        Map<String, String> q = form(exchange.getRequestURI().getRawQuery());
        String code = random();
        codes.put(code, q.getOrDefault("code_challenge", ""));
        String location = q.get("redirect_uri") + "?code=" + code + "&state=" + q.get("state") + "&iss="
                + URLEncoder.encode(issuer, StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Location", URI.create(location).toString());
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
    }

    private void token(HttpExchange exchange) throws IOException {
        Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        String challenge = codes.remove(form.getOrDefault("code", ""));
        if (!"authorization_code".equals(form.get("grant_type")) || challenge == null
                || !challenge.equals(s256(form.getOrDefault("code_verifier", "")))) {
            send(exchange, 400, "{\"error\":\"invalid_grant\"}");
            return;
        }
        send(exchange, 200, "{\"access_token\":\"" + accessToken
                + "\",\"token_type\":\"Bearer\",\"expires_in\":3600}");
    }

    private static void send(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        // the console reads discovery and the token endpoint with fetch, from the service's origin
        exchange.getResponseHeaders().set("Access-Control-Allow-Origin", "*");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static Map<String, String> form(String raw) {
        Map<String, String> values = new HashMap<>();
        if (raw == null) {
            return values;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                values.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return values;
    }

    private static String s256(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String random() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
