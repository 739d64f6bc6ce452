package io.usageanalytics.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the time goes: the execution time of each SQL statement inside PostgreSQL (from its own log), and
 * where the service spends its CPU (a Java Flight Recorder recording of the running service).
 */
final class Profiles {

    private Profiles() {
    }

    /** PostgreSQL logs every statement that takes at least this long ("0": every statement) with its duration. */
    static void logStatementsSlowerThan(Connection db, String duration) throws SQLException {
        try (Statement s = db.createStatement()) {
            s.execute("ALTER SYSTEM SET log_min_duration_statement = '" + duration + "'");
            s.execute("SELECT pg_reload_conf()");
            Thread.sleep(300);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * With {@code on}, the plan of every statement of a new session that takes at least {@code duration} goes to
     * PostgreSQL's log (auto_explain, loaded into each new session), with the rows and buffers each node actually
     * had; without per-node timing, whose clock reads would slow down what is measured. Off again: the sessions
     * that loaded it log nothing more.
     */
    static void explainStatementsSlowerThan(Connection db, boolean on, String duration) throws SQLException {
        try (Statement s = db.createStatement()) {
            if (on) {
                s.execute("ALTER SYSTEM SET session_preload_libraries = 'auto_explain'");
                s.execute("ALTER SYSTEM SET auto_explain.log_min_duration = '" + duration + "'");
                s.execute("ALTER SYSTEM SET auto_explain.log_analyze = on");
                s.execute("ALTER SYSTEM SET auto_explain.log_buffers = on");
                s.execute("ALTER SYSTEM SET auto_explain.log_timing = off");
                // the rollup reads its events with COPY (SELECT ...): the SELECT is a statement nested in the COPY
                s.execute("ALTER SYSTEM SET auto_explain.log_nested_statements = on");
            } else {
                for (String name : List.of("session_preload_libraries", "auto_explain.log_min_duration",
                        "auto_explain.log_analyze", "auto_explain.log_buffers", "auto_explain.log_timing",
                        "auto_explain.log_nested_statements")) {
                    s.execute("ALTER SYSTEM RESET " + name);
                }
            }
            s.execute("SELECT pg_reload_conf()");
            Thread.sleep(300);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final Pattern PLAN = Pattern.compile("duration: ([0-9.]+) ms\\s+plan:\\s*\\n\\s*Query Text: (.*)",
            Pattern.DOTALL);

    /**
     * The plans auto_explain logged after {@code marker} (see {@link #explainStatementsSlowerThan}): the slowest
     * of each statement (by its first line; a run reads and stores its chunks with the same few statements), in
     * the order each statement first ran: the statement's first line and duration, then its plan (from its first
     * line with costs: the statement's text before it spans lines too).
     */
    static List<String> slowestPlans(Path logDirectory, String marker) throws IOException {
        String text = log(logDirectory);
        int from = text.indexOf(marker);
        if (from < 0) {
            return List.of();
        }
        Map<String, Double> slowest = new LinkedHashMap<>();
        Map<String, String> plans = new HashMap<>();
        for (String entry : text.substring(from).split("\n(?=\\d{4}-\\d\\d-\\d\\d )")) {
            Matcher m = PLAN.matcher(entry);
            if (!m.find()) {
                continue;
            }
            List<String> lines = m.group(2).stripTrailing().lines().map(l -> l.startsWith("\t") ? l.substring(1) : l)
                    .toList();
            String statement = lines.get(0).strip();
            double seconds = Double.parseDouble(m.group(1)) / 1000;
            if (slowest.containsKey(statement) && slowest.get(statement) >= seconds) {
                continue;
            }
            int plan = 0;
            while (plan < lines.size() && !lines.get(plan).contains("(cost=")) {
                plan++;
            }
            slowest.put(statement, seconds);
            plans.put(statement, String.format(Locale.ROOT, "-- %.1f s: %s%s%n%s", seconds, statement,
                    plan > 1 ? " …" : "", String.join("\n", lines.subList(plan, lines.size()))));
        }
        return slowest.keySet().stream().map(plans::get).toList();
    }

    private static String log(Path logDirectory) throws IOException {
        StringBuilder text = new StringBuilder();
        try (Stream<Path> files = Files.list(logDirectory)) {
            for (Path f : files.sorted().toList()) {
                text.append(Files.readString(f)).append('\n');
            }
        }
        return text.toString();
    }

    /** A line in PostgreSQL's log to find the statements logged after it. */
    static void mark(Connection db, String marker) throws SQLException {
        try (Statement s = db.createStatement()) {
            s.execute("SELECT '" + marker + "'");
        }
    }

    private static final Pattern DURATION = Pattern.compile(
            "duration: ([0-9.]+) ms\\s+(execute [^:]*|statement|parse [^:]*|bind [^:]*): (.*)", Pattern.DOTALL);

    /** The key under which {@link #statements} sums up parse and bind (where custom plans are made). */
    static final String PLANNING = "(parse + bind of all these statements: parsing and planning)";

    /**
     * Execution times (ms) of the statements PostgreSQL logged after {@code marker}, by statement (its text after
     * the shared CTEs), the largest total first: {count, median, p95, total}.
     */
    static Map<String, double[]> statements(Path logDirectory, String marker) throws IOException {
        String text = log(logDirectory);
        int from = text.indexOf(marker);
        if (from < 0) {
            return Map.of();
        }
        Map<String, List<Double>> byStatement = new HashMap<>();
        for (String entry : text.substring(from).split("\n(?=\\d{4}-\\d\\d-\\d\\d )")) {
            Matcher m = DURATION.matcher(entry);
            if (!m.find()) {
                continue;
            }
            if (m.group(2).startsWith("parse") || m.group(2).startsWith("bind")) {
                byStatement.computeIfAbsent(PLANNING, k -> new ArrayList<>()).add(Double.parseDouble(m.group(1)));
                continue;
            }
            String sql = m.group(3).replaceAll("\\s+", " ").trim();
            if (sql.startsWith("SELECT '") || sql.startsWith("ALTER SYSTEM") || sql.startsWith("SELECT pg_reload")) {
                continue;
            }
            int tail = sql.indexOf("tail AS");
            if (tail >= 0) {
                int end = sql.indexOf(") SELECT", tail);
                int more = sql.indexOf(") , ", tail);
                int cut = more >= 0 && (end < 0 || more < end) ? more + 4 : end >= 0 ? end + 2 : tail;
                sql = "… " + sql.substring(cut);
            }
            String key = sql.length() > 120 ? sql.substring(0, 120) + "…" : sql;
            byStatement.computeIfAbsent(key, k -> new ArrayList<>()).add(Double.parseDouble(m.group(1)));
        }
        Map<String, double[]> result = new LinkedHashMap<>();
        byStatement.entrySet().stream()
                .sorted((a, b) -> Double.compare(sum(b.getValue()), sum(a.getValue())))
                .forEach(e -> {
                    List<Double> v = new ArrayList<>(e.getValue());
                    Collections.sort(v);
                    result.put(e.getKey(), new double[] { v.size(), v.get(v.size() / 2),
                            v.get(Math.min(v.size() - 1, (int) Math.ceil(v.size() * 0.95) - 1)), sum(v) });
                });
        return result;
    }

    private static double sum(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).sum();
    }

    /** Starts a Flight Recorder recording in a running JVM (jcmd of the JDK running the benchmark). */
    static void startRecording(long pid) throws IOException, InterruptedException {
        jcmd(pid, "JFR.start", "name=bench", "settings=profile");
    }

    static void stopRecording(long pid, Path file) throws IOException, InterruptedException {
        jcmd(pid, "JFR.stop", "name=bench", "filename=" + file.toAbsolutePath());
    }

    private static void jcmd(long pid, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd")
                .toString(), Long.toString(pid)));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("jcmd " + String.join(" ", args) + " failed: " + out);
        }
    }

    /** Areas of the code the service's CPU samples were in, by share of the samples that include them. */
    private static final Map<String, String> AREAS = areas();

    private static Map<String, String> areas() {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("io.usageanalytics.", "the service's own code (figures, resolvers, access)");
        a.put("graphql.", "graphql-java: parsing, validation, execution");
        a.put("io.smallrye.graphql.", "SmallRye GraphQL: data fetchers, JSON result");
        a.put("io.vertx.pgclient.", "Vert.x PostgreSQL client: encoding, decoding");
        a.put("io.vertx.sqlclient.", "Vert.x SQL client: pool, statements");
        a.put("org.hibernate.", "Hibernate Reactive (company lookup)");
        a.put("io.quarkus.oidc.", "OIDC: token verification");
        a.put("org.jose4j.", "jose4j: token signature");
        a.put("io.netty.", "Netty: network I/O");
        a.put("io.smallrye.mutiny.", "Mutiny: reactive plumbing");
        a.put("io.smallrye.context.", "SmallRye Context Propagation");
        a.put("org.eclipse.parsson.", "Parsson: JSON output");
        a.put("com.fasterxml.jackson.", "Jackson: JSON");
        a.put("io.micrometer.", "Micrometer: metrics");
        a.put("io.vertx.", "Vert.x core: event loop, HTTP");
        a.put("io.quarkus.", "Quarkus: HTTP, security, CDI");
        a.put("io.smallrye.", "other SmallRye (config, JWT)");
        return a;
    }

    /** Summary of a recording: CPU samples by area, and the top methods where samples were taken. */
    static List<String> summarize(Path file) throws IOException {
        Map<String, Integer> byArea = new LinkedHashMap<>();
        Map<String, Integer> byMethod = new HashMap<>();
        Map<String, Integer> byThread = new HashMap<>();
        int samples = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null) {
                continue;
            }
            samples++;
            List<RecordedFrame> frames = event.getStackTrace().getFrames();
            if (!frames.isEmpty()) {
                RecordedFrame top = frames.get(0);
                byMethod.merge(top.getMethod().getType().getName() + "." + top.getMethod().getName(), 1,
                        Integer::sum);
            }
            String thread = event.getThread("sampledThread") == null ? "?"
                    : event.getThread("sampledThread").getJavaName().replaceAll("\\d+", "N");
            byThread.merge(thread, 1, Integer::sum);
            // the sample counts for the library of its innermost frame outside the JDK
            String area = "";
            for (RecordedFrame frame : frames) {
                String type = frame.getMethod().getType().getName();
                area = AREAS.keySet().stream().filter(type::startsWith).findFirst().orElse("");
                if (!area.isEmpty() || !(type.startsWith("java.") || type.startsWith("jdk.")
                        || type.startsWith("sun."))) {
                    break;
                }
            }
            byArea.merge(area, 1, Integer::sum);
        }
        List<String> lines = new ArrayList<>();
        int n = Math.max(1, samples);
        lines.add("| where the service's Java threads were on CPU (innermost library outside the JDK) | share |");
        lines.add("|---|---|");
        byArea.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).forEach(e -> lines.add(
                "| %s | %.0f%% |".formatted(AREAS.getOrDefault(e.getKey(), "other libraries, or the JDK alone"),
                        100.0 * e.getValue() / n)));
        lines.add("");
        lines.add("Top methods on CPU (self): " + String.join(", ", byMethod.entrySet().stream()
                .sorted((a, b) -> b.getValue() - a.getValue()).limit(8)
                .map(e -> "`%s` %.1f%%".formatted(e.getKey(), 100.0 * e.getValue() / n)).toList())
                + ". Threads: " + String.join(", ", byThread.entrySet().stream()
                        .sorted((a, b) -> b.getValue() - a.getValue()).limit(4)
                        .map(e -> "%s %.0f%%".formatted(e.getKey(), 100.0 * e.getValue() / n)).toList())
                + " (" + samples + " Java samples; JIT compiler and GC threads are not sampled).");
        return lines;
    }
}
