package io.usageanalytics.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A real Keycloak for the console's browser tests. The Maven build unpacks {@code keycloak-quarkus-dist} into
 * {@code target/keycloak} (the {@code keycloak.home} system property); this starts it with the JDK running the tests,
 * on a free port, with a fresh H2 file database in that directory and the realm of
 * {@code src/test/resources/keycloak}, waits until the realm answers, and points the service and the console at the
 * realm. The first start after unpacking also builds Keycloak's server image; later ones reuse it.
 */
public class KeycloakResource implements QuarkusTestResourceLifecycleManager {

    public static final String REALM = "usage-analytics-test";
    /** Every user of the test realm has this password: a throw-away realm, not any real system's secret. */
    public static final String PASSWORD = "test-only-password";
    private static final String CONSOLE_CLIENT = "usage-analytics-console";
    private static final String FIXTURES_CLIENT = "usage-analytics-test-fixtures";
    private static final Duration START_TIMEOUT = Duration.ofMinutes(5);
    private static final Logger LOG = Logger.getLogger(KeycloakResource.class);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static volatile String base;
    private static volatile String admin;
    private static volatile String adminPassword;
    private static volatile String consoleOrigin;

    private Process process;

    /** The realm's issuer URL, as the service and the console use it. */
    public static String issuer() {
        return base + "/realms/" + REALM;
    }

    @Override
    public Map<String, String> start() {
        Path home = Path.of(System.getProperty("keycloak.home", "target/keycloak/missing"));
        Path script = home.resolve("bin/kc.sh");
        if (!Files.isRegularFile(script)) {
            throw new IllegalStateException("No Keycloak at " + home
                    + ": the Maven build unpacks it (generate-test-resources)");
        }
        int port = freePort();
        // 127.0.0.1 rather than localhost: its cookies stay apart from the service's origin, and no IPv6 guess
        base = "http://127.0.0.1:" + port;
        admin = "test-admin";
        adminPassword = UUID.randomUUID().toString();
        consoleOrigin = null;
        Path log = home.resolveSibling("keycloak.log");
        try {
            freshData(home);
            // start rather than start-dev, which builds the server image again on every start: start builds it
            // once for these build options and reuses it
            ProcessBuilder builder = new ProcessBuilder("sh", script.toString(), "start",
                    // build options
                    "--db=dev-file",
                    // runtime options
                    "--cache=local", "--http-enabled=true", "--http-host=127.0.0.1", "--http-port=" + port,
                    "--hostname-strict=false", "--import-realm")
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            Map<String, String> env = builder.environment();
            env.put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
            // a short-lived server on a small machine: the quick compiler alone starts it sooner
            env.put("JAVA_OPTS_APPEND", "-XX:TieredStopAtLevel=1");
            env.put("KC_BOOTSTRAP_ADMIN_USERNAME", admin);
            env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", adminPassword);
            long started = System.nanoTime();
            process = builder.start();
            awaitRealm(log, started);
            LOG.infof("Keycloak ready at %s after %d s (log: %s)", base, Duration.ofNanos(System.nanoTime() - started)
                    .toSeconds(), log);
        } catch (IOException e) {
            stop();
            throw new UncheckedIOException("Could not start Keycloak from " + home, e);
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
        return Map.of("quarkus.oidc.auth-server-url", issuer(), "analytics.console.issuer-url", issuer());
    }

    @Override
    public void stop() {
        if (process == null) {
            return;
        }
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        process = null;
    }

    /** A new database and the realm file to import: every run starts from the realm as written. */
    private static void freshData(Path home) throws IOException {
        Path data = home.resolve("data");
        if (Files.exists(data)) {
            try (Stream<Path> files = Files.walk(data)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
        Path imports = Files.createDirectories(data.resolve("import"));
        String name = REALM + "-realm.json";
        try (InputStream realm = KeycloakResource.class.getResourceAsStream("/keycloak/" + name)) {
            Files.copy(realm, imports.resolve(name));
        }
    }

    private void awaitRealm(Path log, long started) {
        HttpRequest discovery = HttpRequest.newBuilder(URI.create(issuer() + "/.well-known/openid-configuration"))
                .timeout(Duration.ofSeconds(5)).build();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak stopped with exit code " + process.exitValue() + ":\n"
                        + tail(log));
            }
            if (System.nanoTime() - started > START_TIMEOUT.toNanos()) {
                throw new IllegalStateException("Keycloak did not answer within " + START_TIMEOUT + ":\n" + tail(log));
            }
            try {
                if (HTTP.send(discovery, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for Keycloak", e);
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for Keycloak", e);
            }
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * An access token of a test user, from the fixtures client (password grant): for what the tests set up through
     * the API. The service accepts it like any token of this realm.
     */
    public static String token(String username) {
        return post(issuer() + "/protocol/openid-connect/token", Map.of("grant_type", "password",
                "client_id", FIXTURES_CLIENT, "username", username, "password", PASSWORD)).get("access_token").asText();
    }

    /**
     * Registers the service's origin with the console's client: its page as the redirect and post-logout redirect
     * URI, its origin as the web origin the token requests come from. The service's test port is known only once it
     * listens, after Keycloak started.
     */
    public static synchronized void allowConsoleAt(URI console) {
        String origin = console.getScheme() + "://" + console.getRawAuthority();
        if (origin.equals(consoleOrigin)) {
            return;
        }
        updateConsoleClient(client -> {
            client.putArray("redirectUris").add(origin + "/");
            client.putArray("webOrigins").add(origin);
            client.withObjectProperty("attributes").put("post.logout.redirect.uris", origin + "/");
        });
        consoleOrigin = origin;
    }

    /** How long the console's access tokens last; null: the realm's lifespan. */
    public static void consoleAccessTokenLifespan(Duration lifespan) {
        updateConsoleClient(client -> client.withObjectProperty("attributes").put("access.token.lifespan",
                lifespan == null ? "" : Long.toString(lifespan.toSeconds())));
    }

    /** Ends every session of the user at Keycloak, as an administrator or the session's timeout would. */
    public static void endSessionsOf(String username) {
        String token = adminToken();
        String users = base + "/admin/realms/" + REALM + "/users";
        String id = send(HttpRequest.newBuilder(URI.create(users + "?exact=true&username=" + username))
                .header("Authorization", "Bearer " + token).build()).get(0).get("id").asText();
        send(HttpRequest.newBuilder(URI.create(users + "/" + id + "/logout")).header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    private static String adminToken() {
        return post(base + "/realms/master/protocol/openid-connect/token", Map.of("grant_type", "password",
                "client_id", "admin-cli", "username", admin, "password", adminPassword)).get("access_token").asText();
    }

    private static void updateConsoleClient(Consumer<ObjectNode> change) {
        String token = adminToken();
        String clients = base + "/admin/realms/" + REALM + "/clients";
        ObjectNode client = (ObjectNode) send(HttpRequest.newBuilder(URI.create(clients + "?clientId="
                + CONSOLE_CLIENT)).header("Authorization", "Bearer " + token).build()).get(0);
        change.accept(client);
        send(HttpRequest.newBuilder(URI.create(clients + "/" + client.get("id").asText()))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(client.toString())).build());
    }

    private static JsonNode post(String url, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private static JsonNode send(HttpRequest request) {
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException(request.method() + " " + request.uri() + ": " + response.statusCode()
                        + " " + response.body());
            }
            return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
