package io.usageanalytics.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * What one hostile client costs the packaged service, measured (docs/benchmarks.md, "Hostile input"): a chain
 * of fragments 26 and 30 deep, eight 10 MB bodies and eight 8 MB arrays of empty events at once under a 256 MB
 * heap, and two SPEND events of 5e18 stored for one company before another company's events arrive. For each:
 * the answers, the longest wait of a liveness probe sent every 50 ms meanwhile, the heap, and whether rollups
 * go on. Asserts nothing about times, only the outcomes (the codes, every body refused, the other company rolled
 * up, the service alive); writes target/benchmarks/hostile.md.
 */
final class HostileLoad {

    private static final String ADMIN_COMPANY_A = "hostile-a";
    private static final String COMPANY_B = "hostile-b";
    private static final Pattern HEAP_USED = Pattern.compile("jvm_memory_used_bytes\\{area=\"heap\"[^}]*} ([0-9.eE+]+)");
    private static final Pattern METRIC = Pattern.compile("^(analytics_rollup_[a-z_]+)(\\{[^}]*})? ([0-9.eE+-]+)$",
            Pattern.MULTILINE);

    private final Path target;
    private final Tokens tokens = new Tokens();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final List<String> report = new ArrayList<>();
    private final List<String> wrong = new ArrayList<>();

    HostileLoad(Path target) {
        this.target = target;
    }

    public static void main(String[] args) throws Exception {
        new HostileLoad(Path.of(System.getProperty("bench.target", "target"))).run();
    }

    void run() throws Exception {
        line("# Hostile input against the packaged service");
        line("");
        line("- date (UTC): %s; JVM service with -Xmx256m; %d cores", Instant.now().truncatedTo(ChronoUnit.SECONDS),
                Runtime.getRuntime().availableProcessors());
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            Map<String, String> properties = Map.of(
                    "db.host", "localhost", "db.port", Integer.toString(postgres.getPort()), "db.name", "postgres",
                    "db.user", "postgres", "db.password", "",
                    "quarkus.oidc.public-key", tokens.publicKey(), "oidc.token-max-age", Tokens.MAX_AGE,
                    "quarkus.log.console.json.enabled", "false",
                    "analytics.rollup.interval", "2s", "analytics.rollup.initial-delay", "1s");
            ServiceProcess.Artifact jvm = ServiceProcess.Artifact.jvm(target, List.of("-Xmx256m"));
            try (ServiceProcess service = ServiceProcess.start(jvm, properties,
                    target.resolve("benchmarks/hostile-service.log"), tokens.admin());
                    Connection db = DriverManager.getConnection(
                            "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres", "postgres", "")) {
                line("- service started; heap used after start: %.0f MiB", heapMiB(service));
                line("");
                createCompany(service, ADMIN_COMPANY_A);
                createCompany(service, COMPANY_B);
                fragmentChains(service);
                largeBodies(service);
                overflowingSpend(service, db);
                line("");
                long outOfMemory = countInLog(service, "OutOfMemoryError");
                line("Service process alive at the end: %s; its log has %d lines with OutOfMemoryError.",
                        service.isAlive(), outOfMemory);
                expect(service.isAlive() && outOfMemory == 0, "the service died or ran out of memory");
            }
        } finally {
            Path out = target.resolve("benchmarks/hostile.md");
            Files.createDirectories(out.getParent());
            Files.writeString(out, String.join("\n", report) + "\n");
            System.out.println(String.join("\n", report));
            System.out.println("results: " + out.toAbsolutePath());
        }
        if (!wrong.isEmpty()) {
            throw new AssertionError("Hostile input was not answered as documented: " + wrong);
        }
    }

    private void expect(boolean holds, String otherwise) {
        if (!holds) {
            wrong.add(otherwise);
        }
    }

    // ------------------------------------------------------------------ GraphQL

    private void fragmentChains(ServiceProcess service) throws Exception {
        line("## A chain of fragments, each spreading the previous one twice");
        line("");
        line("| depth | document bytes | caller | status | code | answer ms | longest liveness wait ms |");
        line("|---|---|---|---|---|---|---|");
        for (int depth : new int[] { 26, 30 }) {
            String document = "{ company(id: \\\"" + ADMIN_COMPANY_A + "\\\") { ...F" + depth + " } } "
                    + "fragment F0 on Company { name } " + IntStream.rangeClosed(1, depth)
                            .mapToObj(i -> "fragment F" + i + " on Company { ...F" + (i - 1) + " ...F" + (i - 1) + " }")
                            .collect(Collectors.joining(" "));
            String body = "{\"query\":\"" + document + "\"}";
            for (String caller : List.of("owner", "no role")) {
                String token = caller.equals("owner") ? tokens.owner(ADMIN_COMPANY_A) : tokens.noRole();
                try (Liveness live = new Liveness(service)) {
                    // eight at once: two per event loop of a 2-core machine
                    ExecutorService clients = Executors.newFixedThreadPool(8);
                    long started = System.nanoTime();
                    List<Future<HttpResponse<String>>> answers = new ArrayList<>();
                    for (int i = 0; i < 8; i++) {
                        answers.add(clients.submit(() -> http.send(graphql(service, token, body),
                                HttpResponse.BodyHandlers.ofString())));
                    }
                    HttpResponse<String> last = null;
                    for (Future<HttpResponse<String>> a : answers) {
                        last = a.get();
                    }
                    double ms = (System.nanoTime() - started) / 1e6;
                    clients.shutdown();
                    line("| %d | %d | %s (8 at once) | %d | %s | %.0f (all 8) | %.0f |", depth, body.length(), caller,
                            last.statusCode(), code(last.body()), ms, live.longestMs());
                    for (Future<HttpResponse<String>> a : answers) {
                        expect(code(a.get().body()).equals(caller.equals("owner") ? "QUERY_TOO_COMPLEX" : "FORBIDDEN"),
                                "fragment chain " + depth + " (" + caller + "): " + shorten(a.get().body(), 200));
                    }
                }
            }
        }
        line("");
    }

    // ------------------------------------------------------------------ bodies

    private void largeBodies(ServiceProcess service) throws Exception {
        line("## Large bodies, eight at once, heap limited to 256 MB");
        line("");
        line("| body | status (8 answers) | code | all answered ms | longest liveness wait ms | heap used after, MiB |");
        line("|---|---|---|---|---|---|");
        byte[] tenMegabytes = emptyEvents(10 * 1024 * 1024);
        byte[] eightMegabytes = emptyEvents(8 * 1024 * 1024 - 64);
        for (var body : List.of(Map.entry("10 MB `[{},{},...]` (over the byte limit)", tenMegabytes),
                Map.entry("8 MB `[{},{},...]` (within the byte limit, 2.8 million events)", eightMegabytes))) {
            try (Liveness live = new Liveness(service)) {
                ExecutorService clients = Executors.newFixedThreadPool(8);
                long started = System.nanoTime();
                List<Future<String>> answers = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    answers.add(clients.submit(() -> post(service, "/events", tokens.writer(COMPANY_B), body.getValue())));
                }
                List<String> statuses = new ArrayList<>();
                String code = "";
                String expected = body.getValue().length > 8 * 1024 * 1024 ? "BODY_TOO_LARGE" : "BATCH_TOO_LARGE";
                for (Future<String> a : answers) {
                    String answer = a.get();
                    statuses.add(answer.length() < 12 ? "none" : answer.substring(9, 12));
                    code = code(answer);
                    expect(answer.startsWith("HTTP/1.1 413") && code.equals(expected),
                            body.getKey() + ": " + shorten(answer, 200));
                }
                double ms = (System.nanoTime() - started) / 1e6;
                clients.shutdown();
                line("| %s | %s | %s | %.0f | %.0f | %.0f |", body.getKey(), String.join(" ", statuses), code, ms,
                        live.longestMs(), heapMiB(service));
            }
        }
        line("");
    }

    private static byte[] emptyEvents(int bytes) {
        byte[] body = new byte[bytes];
        body[0] = '[';
        for (int i = 1; i < bytes - 1; i += 3) {
            body[i] = '{';
            body[i + 1] = '}';
            body[i + 2] = ',';
        }
        int end = bytes - 1;
        while (body[end - 1] == ',' || body[end - 1] == 0) {
            body[end - 1] = ' ';
            end--;
        }
        for (int i = 0; i < bytes; i++) {
            if (body[i] == 0) {
                body[i] = ' ';
            }
        }
        body[bytes - 1] = ']';
        return body;
    }

    /** A POST over a plain socket: the answer may come (and the connection close) before the body is sent. */
    private static String post(ServiceProcess service, String path, String token, byte[] body) throws IOException {
        try (Socket socket = new Socket("localhost", service.port)) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    out.write(body);
                    out.flush();
                } catch (IOException refusedEarly) {
                    // the service answered and closed before reading it all: what it should do
                }
            });
            InputStream in = socket.getInputStream();
            byte[] answer = in.readAllBytes();
            writer.interrupt();
            return new String(answer, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    // ------------------------------------------------------------------ rollups

    private void overflowingSpend(ServiceProcess service, Connection db) throws Exception {
        line("## Two SPEND events of 5e18 for one company, then another company's events");
        line("");
        Instant at = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        String spend = IntStream.range(0, 2).mapToObj(i -> "{\"eventId\":\"" + UUID.randomUUID()
                + "\",\"companyId\":\"" + ADMIN_COMPANY_A + "\",\"occurredAt\":\"" + at + "\",\"type\":\"SPEND\","
                + "\"userId\":\"u-1\",\"model\":\"m\",\"amountMicros\":5000000000000000000}")
                .collect(Collectors.joining(",", "[", "]"));
        HttpResponse<String> refused = http.send(events(service, tokens.writer(ADMIN_COMPANY_A), spend),
                HttpResponse.BodyHandlers.ofString());
        line("- sent through the API: HTTP %d, %s", refused.statusCode(), shorten(refused.body(), 200));
        try (Statement s = db.createStatement()) {
            // as stored by an earlier version without the bound on amountMicros
            s.executeUpdate("INSERT INTO event (company_id, event_id, occurred_at, type, user_id, model, amount_micros) "
                    + "SELECT '" + ADMIN_COMPANY_A + "', gen_random_uuid(), now() - interval '1 hour', 'SPEND', 'u-1', "
                    + "'m', 5000000000000000000 FROM generate_series(1, 2)");
        }
        line("- stored directly in `event`, as an earlier version without the bound would have");
        long watermarkBefore = scalar(db, "SELECT watermark FROM rollup_state");
        String events = IntStream.range(0, 20).mapToObj(i -> "{\"eventId\":\"" + UUID.randomUUID()
                + "\",\"companyId\":\"" + COMPANY_B + "\",\"occurredAt\":\"" + at + "\",\"type\":\"USER_MESSAGE\","
                + "\"userId\":\"u-" + i + "\",\"chatId\":\"c-" + i + "\"}").collect(Collectors.joining(",", "[", "]"));
        HttpResponse<String> sent = http.send(events(service, tokens.writer(COMPANY_B), events),
                HttpResponse.BodyHandlers.ofString());
        line("- %s's 20 events: HTTP %d", COMPANY_B, sent.statusCode());
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline && scalar(db, "SELECT count(*) FROM rollup_company_day WHERE company_id = '"
                + COMPANY_B + "'") == 0) {
            Thread.sleep(500);
        }
        Thread.sleep(2500); // one more run, so that the metrics are measured after it
        line("- rollup watermark: %d before, %d after", watermarkBefore, scalar(db, "SELECT watermark FROM rollup_state"));
        long rolledUp = scalar(db, "SELECT coalesce(sum(user_messages), 0) FROM rollup_company_day WHERE company_id = '"
                + COMPANY_B + "'");
        line("- %s rolled up: %d user messages in rollup_company_day", COMPANY_B, rolledUp);
        expect(rolledUp == 20, COMPANY_B + " was not rolled up: " + rolledUp + " of 20 messages");
        expect(scalar(db, "SELECT count(*) FROM rollup_held_company WHERE company_id = '" + ADMIN_COMPANY_A + "'") == 1,
                ADMIN_COMPANY_A + " is not held");
        line("- held companies: %s", text(db, "SELECT string_agg(company_id || ' (failures ' || failures || ', ' "
                + "|| left(last_error, 60) || ')', '; ') FROM rollup_held_company"));
        String metrics = metrics(service);
        Matcher m = METRIC.matcher(metrics);
        List<String> found = new ArrayList<>();
        while (m.find()) {
            if (m.group(1).contains("lag") || m.group(1).contains("held") || m.group(1).contains("failures")
                    || m.group(1).contains("runs")) {
                found.add(m.group(1) + (m.group(2) == null ? "" : m.group(2)) + " " + m.group(3));
            }
        }
        line("- metrics after the run: %s", String.join("; ", found));
        HttpResponse<String> mtd = http.send(graphql(service, tokens.owner(ADMIN_COMPANY_A),
                "{\"query\":\"{ company(id: \\\"" + ADMIN_COMPANY_A + "\\\") { telemetry(range: {from: \\\""
                        + at.toString().substring(0, 10) + "\\\", to: \\\"" + at.toString().substring(0, 10)
                        + "\\\"}) { users } spend { monthToDate } } }\"}"), HttpResponse.BodyHandlers.ofString());
        line("- %s's figures meanwhile: %s", ADMIN_COMPANY_A, shorten(mtd.body(), 300));
        HttpResponse<String> billing = http.send(graphql(service, tokens.admin(), "{\"query\":\"{ billingReport(range: "
                + "{from: \\\"" + at.toString().substring(0, 8) + "01\\\", to: \\\"" + at.toString().substring(0, 10)
                + "\\\"}) { lines { companyId spendMicros messages } } }\"}"), HttpResponse.BodyHandlers.ofString());
        line("- billingReport: %s", shorten(billing.body(), 400));
    }

    // ------------------------------------------------------------------ helpers

    /** Polls /q/health/live every 50 ms and keeps the longest wait for an answer. */
    private final class Liveness implements AutoCloseable {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicLong longestNanos = new AtomicLong();
        private final Thread thread;

        Liveness(ServiceProcess service) {
            HttpRequest probe = HttpRequest.newBuilder(URI.create(service.base + "/q/health/live"))
                    .timeout(Duration.ofSeconds(30)).build();
            thread = Thread.ofPlatform().daemon().start(() -> {
                while (running.get()) {
                    long started = System.nanoTime();
                    try {
                        http.send(probe, HttpResponse.BodyHandlers.discarding());
                    } catch (IOException | InterruptedException e) {
                        // a probe that fails counts with the time it took
                    }
                    longestNanos.accumulateAndGet(System.nanoTime() - started, Math::max);
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }

        double longestMs() {
            return longestNanos.get() / 1e6;
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join();
        }
    }

    private void createCompany(ServiceProcess service, String id) throws Exception {
        http.send(graphql(service, tokens.admin(), "{\"query\":\"mutation { createCompany(company: {id: \\\"" + id
                + "\\\", name: \\\"" + id + "\\\", seats: 10, extraUsageEnabled: true}) { id } }\"}"),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest graphql(ServiceProcess service, String token, String body) {
        return HttpRequest.newBuilder(URI.create(service.base + "/graphql")).timeout(Duration.ofMinutes(2))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static HttpRequest events(ServiceProcess service, String token, String body) {
        return HttpRequest.newBuilder(URI.create(service.base + "/events")).timeout(Duration.ofMinutes(2))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private String metrics(ServiceProcess service) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(service.base + "/q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private double heapMiB(ServiceProcess service) throws IOException, InterruptedException {
        Matcher m = HEAP_USED.matcher(metrics(service));
        double bytes = 0;
        while (m.find()) {
            bytes += Double.parseDouble(m.group(1));
        }
        return bytes / (1024 * 1024);
    }

    private static long countInLog(ServiceProcess service, String text) throws IOException {
        try (var lines = Files.lines(service.log)) {
            return lines.filter(l -> l.contains(text)).count();
        }
    }

    private static String code(String body) {
        Matcher m = Pattern.compile("\"code\":\"([A-Z_]+)\"").matcher(body);
        return m.find() ? m.group(1) : "-";
    }

    private static String shorten(String text, int max) {
        String oneLine = text.replace('\n', ' ');
        return oneLine.length() <= max ? "`" + oneLine + "`" : "`" + oneLine.substring(0, max) + "...`";
    }

    private static long scalar(Connection db, String sql) throws SQLException {
        try (Statement s = db.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    private static String text(Connection db, String sql) throws SQLException {
        try (Statement s = db.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return String.valueOf(r.getString(1));
        }
    }

    private void line(String format, Object... args) {
        report.add(args.length == 0 ? format : String.format(Locale.ROOT, format, args));
    }
}
