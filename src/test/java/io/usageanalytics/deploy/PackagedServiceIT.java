package io.usageanalytics.deploy;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.smallrye.jwt.build.Jwt;

/**
 * Runs against the packaged artifact, as operators deploy it: the JVM jar on a
 * plain {@code ./mvnw verify}, the native executable with {@code -Dnative}.
 * Prod profile, a real PostgreSQL, real signed tokens.
 */
@QuarkusIntegrationTest
@WithTestResource(PostgresResource.class)
@WithTestResource(OidcProviderResource.class)
class PackagedServiceIT {

    /** The issuer the WireMock provider advertises in its discovery document. */
    private static final String ISSUER = "https://server.example.com";

    @Test
    void healthEndpointsAreServedWithoutToken() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/started").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void metricsAreServedInPrometheusFormat() {
        given().get("/q/metrics").then().statusCode(200).body(containsString("# TYPE"));
    }

    @Test
    void apiNeedsToken() {
        given().contentType(ContentType.JSON).body(Map.of("query", "{ companies { id } }"))
                .post("/graphql").then().statusCode(401);
        given().contentType(ContentType.JSON).body("[]").post("/events").then().statusCode(401);
    }

    @Test
    void eventSentByTelemetryWriterIsCountedForOwner() {
        graphql(token("analytics-admin", null),
                "mutation { createCompany(company:{id:\"it-co\", name:\"IT Co\", timeZone:\"UTC\"}) { id } }")
                .body("data.createCompany.id", equalTo("it-co"));

        String event = """
                [{"eventId":"%s","companyId":"it-co","occurredAt":"%s","type":"USER_ACTIVE","userId":"u-1"}]
                """.formatted(UUID.randomUUID(), Instant.now().minus(1, ChronoUnit.MINUTES));
        given().auth().oauth2(token("telemetry-writer", "it-co")).contentType(ContentType.JSON).body(event)
                .post("/events")
                .then().statusCode(200).body("accepted", equalTo(1)).body("rejected.size()", equalTo(0));

        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        graphql(token("owner", "it-co"), """
                { company(id:"it-co") { telemetry(range:{from:"%s", to:"%s"}) { users } } }
                """.formatted(today.minusDays(1), today))
                .body("data.company.telemetry.users", equalTo(1));
    }

    /** Dev tokens exist in dev mode only: the packaged service has no such endpoint, whoever asks. */
    @Test
    void thePackagedServiceHandsOutNoDevTokens() {
        given().get("/dev/token?role=analytics-admin").then().statusCode(401);
        given().auth().oauth2(token("analytics-admin", null)).get("/dev/token?role=analytics-admin")
                .then().statusCode(404);
    }

    /** REST errors carry the API's error body; in a native image that needs the body type registered. */
    @Test
    void refusedRequestAnswersWithErrorBody() {
        given().auth().oauth2(token("owner", "it-co")).contentType(ContentType.JSON).body("[]")
                .post("/events")
                .then().statusCode(403).contentType(ContentType.JSON).body("code", equalTo("FORBIDDEN"));
    }

    /**
     * The migration step of the Kubernetes manifests: the same artifact with
     * quarkus.init-and-exit migrates an empty database and stops with status 0.
     */
    @Test
    void initAndExitMigratesDatabaseAndStops() throws Exception {
        execute("postgres", "CREATE DATABASE migration_check");
        List<String> command = artifactCommand("migration_check", "-Dquarkus.init-and-exit=true",
                "-Dquarkus.http.port=0");
        Path log = Path.of("target", "init-and-exit.log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean ended = process.waitFor(120, TimeUnit.SECONDS);
        if (!ended) {
            process.destroyForcibly();
        }
        String output = String.join(" ", command) + "\n" + Files.readString(log);
        assertTrue(ended, "init-and-exit did not stop within 2 minutes:\n" + output);
        assertEquals(0, process.exitValue(), "init-and-exit failed:\n" + output);
        assertEquals(1, count("SELECT count(*) FROM flyway_schema_history WHERE success AND version = '1'"),
                "V1 not applied:\n" + output);
    }

    /**
     * A stop as Kubernetes sends it (SIGTERM): for {@code quarkus.shutdown.delay} the service still answers but
     * reports itself not ready; a request under way when the stop came is answered in full and its event stored.
     * The request's body arrives in two parts, the second only once the stop has begun.
     */
    @Test
    void aStopLetsTheRequestUnderWayFinish() throws Exception {
        graphql(token("analytics-admin", null),
                "mutation { createCompany(company:{id:\"it-stop\", name:\"IT Stop\", timeZone:\"UTC\"}) { id } }")
                .body("data.createCompany.id", equalTo("it-stop"));
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        // the delay long enough for the steps below on a busy machine: the request must end within it
        List<String> command = artifactCommand("postgres", "-Dquarkus.http.port=" + port,
                "-Dquarkus.shutdown.delay=10s");
        Path log = Path.of("target", "stop-under-way.log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            awaitReadiness(port, 200, Duration.ofMinutes(2), log);
            byte[] body = """
                    [{"eventId":"%s","companyId":"it-stop","occurredAt":"%s","type":"USER_ACTIVE","userId":"u-1"}]
                    """.formatted(UUID.randomUUID(), Instant.now().minus(1, ChronoUnit.MINUTES))
                    .getBytes(StandardCharsets.UTF_8);
            try (Socket request = new Socket("localhost", port)) {
                OutputStream out = request.getOutputStream();
                out.write(("POST /events HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                        + token("telemetry-writer", "it-stop") + "\r\nContent-Type: application/json\r\n"
                        + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(body, 0, body.length / 2);
                out.flush();
                Thread.sleep(500);
                process.destroy(); // SIGTERM
                awaitReadiness(port, 503, Duration.ofSeconds(5), log);
                out.write(body, body.length / 2, body.length - body.length / 2);
                out.flush();
                String answer = new String(request.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(answer.startsWith("HTTP/1.1 200"), "the request under way:\n" + answer);
                assertTrue(answer.contains("\"accepted\":1"), "the request under way:\n" + answer);
            }
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the service did not stop:\n" + Files.readString(log));
        } finally {
            process.destroyForcibly();
        }
        assertEquals(1, count("postgres", "SELECT count(*) FROM event WHERE company_id = 'it-stop'"));
    }

    /** Polls the readiness check until it answers {@code status}. */
    private static void awaitReadiness(int port, int status, Duration within, Path log) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/q/health/ready"))
                .timeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + within.toNanos();
        int last = -1;
        while (System.nanoTime() < deadline) {
            try {
                last = http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (last == status) {
                    return;
                }
            } catch (IOException notYet) {
                last = -1;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("readiness answered " + last + ", not " + status + ", within " + within + ":\n"
                + Files.readString(log));
    }

    private static ValidatableResponse graphql(String token, String query) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("query", query))
                .post("/graphql")
                .then().statusCode(200).body("errors", nullValue());
    }

    /** A token as the OIDC provider would issue it: the role in groups, the company in company_id. */
    private static String token(String role, String company) {
        var claims = Jwt.claims().issuer(ISSUER).audience("usage-analytics").subject("it-" + role).groups(Set.of(role));
        if (company != null) {
            claims.claim("company_id", company);
        }
        return claims.sign("privateKey.jwk");
    }

    /**
     * How the packaged artifact under test is started, from what the build recorded: with the test's PostgreSQL
     * (database {@code database}) and OIDC provider, and these further system properties.
     */
    private static List<String> artifactCommand(String database, String... more) throws IOException {
        List<String> properties = new ArrayList<>(List.of(
                "-Ddb.host=localhost",
                "-Ddb.port=" + PostgresResource.port,
                "-Ddb.name=" + database,
                "-Ddb.user=postgres",
                "-Doidc.issuer-url=" + OidcProviderResource.issuerUrl));
        properties.addAll(List.of(more));
        Path target = Path.of("target");
        Properties artifact = new Properties();
        try (InputStream in = Files.newInputStream(target.resolve("quarkus-artifact.properties"))) {
            artifact.load(in);
        }
        String type = artifact.getProperty("type");
        Path path = target.resolve(artifact.getProperty("path")).toAbsolutePath();
        List<String> command = new ArrayList<>();
        switch (type) {
            case "jar" -> {
                command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
                command.add("-Djava.util.logging.manager=org.jboss.logmanager.LogManager");
                command.addAll(properties);
                command.addAll(List.of("-jar", path.toString()));
            }
            case "native" -> {
                command.add(path.toString());
                command.addAll(properties);
            }
            default -> Assumptions.abort("No launch command for a '" + type + "' artifact");
        }
        return command;
    }

    private static void execute(String database, String sql) throws SQLException {
        try (Connection connection = connect(database); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static long count(String sql) throws SQLException {
        return count("migration_check", sql);
    }

    private static long count(String database, String sql) throws SQLException {
        try (Connection connection = connect(database); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(
                "jdbc:postgresql://localhost:" + PostgresResource.port + "/" + database, "postgres", "");
    }
}
