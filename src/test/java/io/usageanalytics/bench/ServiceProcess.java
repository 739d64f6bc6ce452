package io.usageanalytics.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged service as a separate process, started the way an operator starts it (prod profile, system
 * properties for configuration), with its start-up time to the first answered request and its resident memory.
 */
final class ServiceProcess implements AutoCloseable {

    /** How the artifact is started. */
    record Artifact(String kind, List<String> command) {

        /** The JVM build: {@code java -jar target/quarkus-app/quarkus-run.jar}. */
        static Artifact jvm(Path target, List<String> jvmOptions) {
            Path jar = target.resolve("quarkus-app/quarkus-run.jar").toAbsolutePath();
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException(jar + " is missing: package the service first (./mvnw package)");
            }
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvmOptions);
            command.add("-jar");
            command.add(jar.toString());
            return new Artifact("jvm", command);
        }

        /** The native executable, when the build made one ({@code quarkus-artifact.properties} says native). */
        static Artifact nativeIfBuilt(Path target, String explicitPath) throws IOException {
            Path path = null;
            if (explicitPath != null && !explicitPath.isBlank()) {
                path = Path.of(explicitPath);
            } else {
                Path properties = target.resolve("quarkus-artifact.properties");
                if (Files.isRegularFile(properties)) {
                    Properties artifact = new Properties();
                    try (InputStream in = Files.newInputStream(properties)) {
                        artifact.load(in);
                    }
                    if ("native".equals(artifact.getProperty("type"))) {
                        path = target.resolve(artifact.getProperty("path"));
                    }
                }
            }
            if (path == null && Files.isDirectory(target)) {
                // a native build earlier (./native-build.sh): a later JVM build rewrites the properties file
                try (var files = Files.list(target)) {
                    path = files.filter(p -> p.getFileName().toString().endsWith("-runner"))
                            .filter(Files::isExecutable).findFirst().orElse(null);
                }
            }
            if (path == null || !Files.isExecutable(path)) {
                return null;
            }
            return new Artifact("native", List.of(path.toAbsolutePath().toString()));
        }
    }

    private static final Pattern STARTED = Pattern.compile("started in ([0-9.]+)s");

    final Artifact artifact;
    final int port;
    final String base;
    final Path log;
    private final Process process;
    private final long startedNanos;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    /** From process start to the readiness check answering UP. */
    Duration ready;
    /** From process start to the first answered GraphQL request (authenticated, through the database). */
    Duration firstAnswer;

    private ServiceProcess(Artifact artifact, int port, Path log, Process process, long startedNanos) {
        this.artifact = artifact;
        this.port = port;
        this.base = "http://localhost:" + port;
        this.log = log;
        this.process = process;
        this.startedNanos = startedNanos;
    }

    /**
     * Starts the artifact with these configuration properties and waits for its first answered GraphQL request.
     */
    static ServiceProcess start(Artifact artifact, Map<String, String> properties, Path log, String token)
            throws IOException, InterruptedException {
        int port = freePort();
        List<String> command = new ArrayList<>(artifact.command());
        List<String> props = new ArrayList<>();
        properties.forEach((k, v) -> props.add("-D" + k + "=" + v));
        props.add("-Dquarkus.http.port=" + port);
        if (!properties.containsKey("quarkus.shutdown.delay")) {
            // stopped between measurements, with no load balancer to tell: no delay before the stop
            props.add("-Dquarkus.shutdown.delay=0s");
        }
        // JVM: system properties go before -jar; native: anywhere after the executable
        int at = artifact.kind().equals("jvm") ? command.indexOf("-jar") : 1;
        command.addAll(at, props);
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        long started = System.nanoTime();
        Process process = builder.start();
        // never leave a service behind, even when the benchmark is interrupted
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "stop-service-" + process.pid()));
        ServiceProcess service = new ServiceProcess(artifact, port, log, process, started);
        service.awaitFirstAnswer(token);
        return service;
    }

    /** A port no process listens on right now, for a service to listen on. */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private void awaitFirstAnswer(String token) throws InterruptedException, IOException {
        long deadline = startedNanos + TimeUnit.MINUTES.toNanos(3);
        HttpRequest health = HttpRequest.newBuilder(URI.create(base + "/q/health/ready")).timeout(Duration.ofSeconds(5))
                .build();
        HttpRequest graphql = graphqlRequest(token, "{\"query\":\"{ companies { id } }\"}");
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The service stopped during start-up (exit " + process.exitValue()
                        + "); its log: " + log + "\n" + tail());
            }
            try {
                if (ready == null) {
                    HttpResponse<String> answer = http.send(health, HttpResponse.BodyHandlers.ofString());
                    if (answer.statusCode() == 200) {
                        ready = Duration.ofNanos(System.nanoTime() - startedNanos);
                    }
                }
                if (firstAnswer == null) {
                    HttpResponse<String> answer = http.send(graphql, HttpResponse.BodyHandlers.ofString());
                    if (answer.statusCode() == 200 && answer.body().contains("\"data\"")
                            && !answer.body().contains("\"errors\"")) {
                        firstAnswer = Duration.ofNanos(System.nanoTime() - startedNanos);
                    }
                }
                // ready: the warm-up is done too, as a Kubernetes rollout waits for it
                if (firstAnswer != null && ready != null) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(10);
        }
        throw new IllegalStateException("The service did not answer within 3 minutes; its log: " + log + "\n" + tail());
    }

    HttpRequest graphqlRequest(String token, String body) {
        return HttpRequest.newBuilder(URI.create(base + "/graphql")).timeout(Duration.ofMinutes(10))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    /** What Quarkus itself reports as its start-up time ("started in 1.234s"), if logged. */
    String reportedStart() throws IOException {
        Matcher m = STARTED.matcher(Files.readString(log));
        return m.find() ? m.group(1) + " s" : "n/a";
    }

    long pid() {
        return process.pid();
    }

    /** Resident memory (VmRSS) of the service process, in MiB. */
    boolean isAlive() {
        return process.isAlive();
    }

    double rssMiB() throws IOException {
        return ProcStat.rssKiB(process.pid()) / 1024.0;
    }

    String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop(Duration.ofSeconds(30));
    }

    /** Asks the service to stop (SIGTERM) and waits this long for it before killing it. */
    void stop(Duration patience) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(patience.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
