package io.usageanalytics.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.usageanalytics.bench.DataGenerator.CompanySpec;
import io.usageanalytics.bench.DataGenerator.Event;
import io.usageanalytics.bench.DataGenerator.Size;
import io.usageanalytics.rollup.table.RollupTable;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The benchmark: ingestion, rollups, dashboard reads and start-up of the packaged service, each next to the
 * physical limit measured on the same machine in the same run. See docs/benchmarks.md.
 *
 * Run with {@code bench/run.sh [S|M|L]} (or the JUnit wrapper {@link BenchmarkIT}); results go to
 * {@code target/benchmarks/results.md}.
 */
public final class Benchmark {

    static final int CONCURRENCY = 4;
    static final String INGEST_COMPANY = "bench-ingest";
    static final String EVENT_COLUMNS = "company_id, event_id, occurred_at, type, user_id, chat_id, assistant_id, "
            + "module, folder_kind, rating, project_id, connector, invite_id, model, amount_micros, app_version, "
            + "platform, deployment";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** PostgreSQL logs statements slower than this (target/benchmarks/postgresql-log). */
    private static final String SLOW_STATEMENT = System.getProperty("bench.pg.log-min-duration", "1s");

    private final Size size;
    private final long seed;
    private final Path target;
    private final Report report;
    private final Tokens tokens = new Tokens();
    private final DataGenerator data;
    /** UTC today when the run started; the "new day" is the last Wednesday at least 2 days before, the history ends the day before it. */
    private final LocalDate today = LocalDate.now(ZoneOffset.UTC);
    private final LocalDate newDay;
    private final LocalDate rangeFrom;
    private final LocalDate rangeTo;
    private final Duration warmUp;
    private final Duration measure;
    private final int rawRequests;
    private final int profileRepetitions;
    private final List<String> jvmOptions;
    private static final String RAW_HEAP_L = "-Xmx12g";

    private EmbeddedPostgres postgres;
    /** Where the console signs in during its timings (section 3d). */
    private SignInProvider signIn;
    private long postgresPid;
    private String jdbcUrl;

    Benchmark(Size size, long seed, Path target) {
        this.size = size;
        this.seed = seed;
        this.target = target;
        this.report = new Report(target.resolve("benchmarks/results.md"));
        // the new day: the last Wednesday at least two days back, so that a run on any day of the week loads the
        // same kind of day (a full working day) for the incremental rollup and ends the dashboard range on it
        this.newDay = today.minusDays(2).with(TemporalAdjusters.previousOrSame(DayOfWeek.WEDNESDAY));
        this.data = new DataGenerator(seed, size, newDay.minusDays(1));
        this.rangeTo = newDay;
        this.rangeFrom = rangeTo.minusDays(89);
        boolean small = size == Size.S;
        // M and L: 60 s. The JIT compilers share the 2 cores with the load: the request rate climbs for about
        // 50 s before it levels off (the rate of each 10-s slice of the warm-up is in the report)
        this.warmUp = Duration.ofSeconds(Long.getLong("bench.dashboard.warmup-seconds", small ? 2 : 60));
        this.measure = Duration.ofSeconds(Long.getLong("bench.dashboard.seconds", small ? 5 : 30));
        // L: the raw path's one request alone only (each reads the main company's year of events into memory)
        this.rawRequests = Integer.getInteger("bench.raw.requests", small ? 4 : size == Size.L ? 0 : 8);
        this.profileRepetitions = Integer.getInteger("bench.profile.repetitions", small ? 2 : 15);
        String options = System.getProperty("bench.jvm.opts", "").trim();
        this.jvmOptions = options.isEmpty() ? List.of() : List.of(options.split("\\s+"));
    }

    public static void main(String[] args) throws Exception {
        Size size = Size.valueOf(args.length > 0 ? args[0] : System.getProperty("bench.size", "S"));
        new Benchmark(size, Long.getLong("bench.seed", 20260101L), Path.of(System.getProperty("bench.target", "target")))
                .run();
    }

    void run() throws Exception {
        header();
        startPostgres();
        signIn = new SignInProvider();
        ServiceProcess.Artifact jvm = ServiceProcess.Artifact.jvm(target, jvmOptions);
        if (Boolean.getBoolean("bench.console.only")) {
            // -Dbench.console.only=true: the console on the demo data alone (section 3d), a minute or two
            report.line("- console only (`bench.console.only`): the dataset above is not loaded, only the demo data");
            try (Connection db = connect()) {
                consoleOnDemoData(db, jvm);
                consoleReport();
            } finally {
                report.save();
                signIn.close();
                postgres.close();
            }
            return;
        }
        try (Connection db = connect()) {
            // 1. first start on an empty database (migrations included)
            Startup empty;
            ServiceProcess first = startService(jvm, "1-empty", Map.of());
            try {
                empty = new Startup(first, "JVM, first start: empty database, migrations run");
                loadHistory(db);
                ingestion(db, first);
            } finally {
                first.close();
            }
            hold("history loaded, nothing rolled up");
            // 2. full and incremental rollup, measured on the real job
            Map<String, Double> bare = bareAggregation(db);
            FullRollupProfile fullProfile = profileFullRollup(db, jvm);
            ServiceProcess rolling = startService(jvm, "2-rollup", Map.of("analytics.rollup.interval", "5s",
                    "analytics.rollup.initial-delay", "1s"));
            JsonNode rolledAnswer;
            Load.Result rolled;
            Map<String, double[]> profile;
            double rssAfterLoad;
            try {
                rollups(db, rolling, bare, fullProfile);
                sendDirectory(rolling);
                // 3. dashboard on rollups
                rolled = dashboardLoad(rolling);
                teamLoads(rolling);
                rssAfterLoad = rolling.rssMiB();
                daysHeld = daysHeld(rolling);
                consoleOnMain(rolling);
                // 3b. the same while events of the range's last day arrive and the job rolls them up
                dashboardWhileEventsArrive(rolling);
                // 3e. the rollup job while events arrive as fast as the service takes them
                rollupLagAtFullIngestion(rolling);
                rolledAnswer = dashboardAnswer(rolling);
                profile = fieldProfile(db, rolling);
                serviceProfile(rolling);
                hold("rollups present, service " + rolling.base);
            } finally {
                rolling.close();
            }
            // 4. native build, where there is one: start-up and memory on the loaded database
            ServiceProcess.Artifact nativeBuild = ServiceProcess.Artifact.nativeIfBuilt(target,
                    System.getProperty("bench.native.path"));
            Startup nativeStartup = null;
            Load.Result nativeLoad = null;
            double nativeRss = 0;
            if (nativeBuild != null) {
                try (ServiceProcess n = startService(nativeBuild, "4-native", Map.of())) {
                    nativeStartup = new Startup(n, "native, restart: loaded database");
                    nativeLoad = Load.forDuration(CONCURRENCY, warmUp, measure.dividedBy(3), i -> dashboardRequest(n),
                            Benchmark::answered);
                    nativeRss = n.rssMiB();
                }
            }
            // 4b. the JVM build with an AOT cache, where the JDK has them (JDK 25: JEP 483, 514, 515): trained on
            // dashboards, and trained as the JVM image trains it, without a database
            List<Startup> aotStartups = aotCaches(jvm);
            // 5. the same dashboard from raw events only; a JVM restart on the loaded database
            // every event is one not rolled up yet here: the bound of one load (ROLLUP_BEHIND beyond it) lifted
            // (L: a heap of 12 GiB, for the main company's year of events aggregated in memory by one request)
            ServiceProcess.Artifact rawJvm = size == Size.L
                    ? ServiceProcess.Artifact.jvm(target, concat(jvmOptions, RAW_HEAP_L)) : jvm;
            ServiceProcess raw = startService(rawJvm, "3-raw", Map.of("analytics.figures.max-tail-events",
                    String.valueOf(Integer.MAX_VALUE)));
            Startup restart;
            Load.Result rawResult;
            JsonNode rawAnswer;
            double rawRss;
            try {
                restart = new Startup(raw, "JVM, restart: loaded database");
                firstDashboards(raw);
                resetRollups(db);
                rawAnswer = dashboardAnswer(raw);
                rawResult = rawRequests == 0 ? null
                        : Load.count(CONCURRENCY, rawRequests, i -> dashboardRequest(raw), Benchmark::answered);
                rawRss = raw.rssMiB();
            } finally {
                raw.close();
            }
            consoleOnDemoData(db, jvm);
            dashboardReport(rolled, rawResult, rolledAnswer, rawAnswer, profile);
            List<Startup> starts = new ArrayList<>(List.of(empty, restart));
            starts.addAll(aotStartups);
            startupReport(starts, rssAfterLoad, rawRss, nativeStartup, nativeLoad, nativeRss);
            teamReport(rolled);
            lagReport();
            consoleReport();
        } finally {
            report.save();
            signIn.close();
            if (postgres != null) {
                postgres.close();
            }
        }
        report.progress("results: %s", target.resolve("benchmarks/results.md").toAbsolutePath());
    }

    // ------------------------------------------------------------------ set-up

    private void header() {
        report.line("# Benchmark results, size %s", size);
        report.blank();
        report.line("- date: %s; seed %d; history %s to %s (%d days), new day %s, dashboard range %s to %s",
                Report.now(), seed, data.firstHistoryDay(), data.lastHistoryDay(), DataGenerator.HISTORY_DAYS,
                newDay, rangeFrom, rangeTo);
        report.line("- machine: %d cores, %s; %s %s; Java %s (%s)", Runtime.getRuntime().availableProcessors(),
                memory(), System.getProperty("os.name"), System.getProperty("os.version"),
                System.getProperty("java.version"), System.getProperty("java.vm.name"));
        report.line("- load average at start: %s", loadAverage());
        report.line("- companies: %d, users %s (the dashboard company `%s`: %d users, %s)", data.companies().size(),
                Arrays.toString(size.users), data.main().id(), data.main().users(), data.main().timeZone());
        report.line("- service JVM options: %s", jvmOptions.isEmpty() ? "none (JVM defaults)" : jvmOptions);
    }

    private void startPostgres() throws Exception {
        Path logs = target.resolve("benchmarks/postgresql-log").toAbsolutePath();
        Files.createDirectories(logs);
        try (var old = Files.list(logs)) {
            for (Path f : old.toList()) {
                Files.delete(f);
            }
        }
        postgres = EmbeddedPostgres.builder()
                .setServerConfig("shared_buffers", "512MB")
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on")
                .setServerConfig("max_connections", "100")
                // -Dbench.pg.work-mem=256MB: the memory of each sort and hash before it spills to disk
                .setServerConfig("work_mem", System.getProperty("bench.pg.work-mem", "16MB"))
                .setServerConfig("maintenance_work_mem", "512MB")
                .setServerConfig("effective_cache_size", "4GB")
                .setServerConfig("random_page_cost", "1.1")
                .setServerConfig("max_wal_size", "4GB")
                .setServerConfig("checkpoint_timeout", "15min")
                // autovacuum's runs in the log, to see whether one overlapped a measurement
                .setServerConfig("log_autovacuum_min_duration", "0")
                .setServerConfig("logging_collector", "on")
                .setServerConfig("log_directory", logs.toString())
                .setPGStartupWait(Duration.ofMinutes(2))
                .start();
        jdbcUrl = "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres";
        try (Connection c = connect()) {
            // not on the command line: the profile changes it for a while (command-line settings would win)
            Profiles.logStatementsSlowerThan(c, SLOW_STATEMENT);
        }
        try (Connection c = connect(); Statement s = c.createStatement()) {
            List<String> settings = new ArrayList<>();
            for (String name : List.of("server_version", "fsync", "synchronous_commit", "full_page_writes",
                    "shared_buffers", "work_mem", "max_wal_size", "data_directory")) {
                try (ResultSet r = s.executeQuery("SHOW " + name)) {
                    r.next();
                    // where the data lies says nothing about the machine; its path would only leak into reports
                    settings.add(name + "=" + (name.equals("data_directory") ? "(a temporary directory)" : r.getString(1)));
                    if (name.equals("data_directory")) {
                        postgresPid = Long.parseLong(
                                Files.readAllLines(Path.of(r.getString(1), "postmaster.pid")).get(0).trim());
                    }
                }
            }
            report.line("- PostgreSQL (embedded, same server for the service and the bare-SQL comparisons): %s",
                    String.join(", ", settings));
        }
        report.blank();
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, "postgres", "");
    }

    private ServiceProcess startService(ServiceProcess.Artifact artifact, String name, Map<String, String> extra)
            throws IOException, InterruptedException {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("db.host", "localhost");
        properties.put("db.port", Integer.toString(postgres.getPort()));
        properties.put("db.name", "postgres");
        properties.put("db.user", "postgres");
        properties.put("db.password", "");
        properties.put("quarkus.oidc.public-key", tokens.publicKey());
        properties.put("oidc.token-max-age", Tokens.MAX_AGE);
        properties.put("quarkus.log.console.json.enabled", "false");
        properties.put("analytics.rollup.interval", "off");
        properties.put("analytics.retention.interval", "off");
        properties.put("analytics.console.issuer-url", signIn.issuer());
        properties.putAll(extra);
        // -Dbench.service.properties=key=value,key=value: extra configuration for every start (experiments)
        for (String pair : System.getProperty("bench.service.properties", "").split(",")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                properties.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
        }
        report.progress("starting the %s service (%s)", artifact.kind(), name);
        ServiceProcess service = ServiceProcess.start(artifact, properties,
                target.resolve("benchmarks/service-" + name + ".log"), tokens.owner(data.main().id()));
        report.progress("service %s answered after %d ms", name, service.firstAnswer.toMillis());
        return service;
    }

    /** Start-up of one process. */
    private record Startup(String what, String kind, Duration ready, Duration firstAnswer, String reported,
            double rssMiB) {

        Startup(ServiceProcess s, String what) throws IOException {
            this(what, s.artifact.kind(), s.ready, s.firstAnswer, s.reportedStart(), s.rssMiB());
        }
    }

    // ------------------------------------------------------------------ data

    private void loadHistory(Connection db) throws Exception {
        report.progress("loading companies and history");
        try (PreparedStatement insert = db.prepareStatement(
                "INSERT INTO company (id, name, seats, extra_usage_enabled, time_zone) VALUES (?, ?, ?, ?, ?)")) {
            for (CompanySpec c : data.companies()) {
                insert.setString(1, c.id());
                insert.setString(2, c.name());
                insert.setInt(3, c.seats());
                insert.setBoolean(4, c.extraUsage());
                insert.setString(5, c.timeZone());
                insert.executeUpdate();
            }
            insert.setString(1, INGEST_COMPANY);
            insert.setString(2, "Ingestion benchmark");
            insert.setInt(3, data.main().seats());
            insert.setBoolean(4, true);
            insert.setString(5, "UTC");
            insert.executeUpdate();
        }
        // Bulk load as a restore would: without the indexes, which are built afterwards exactly as defined.
        List<String> rebuild = new ArrayList<>();
        try (Statement s = db.createStatement()) {
            try (ResultSet r = s.executeQuery("""
                    SELECT 'ALTER TABLE event ADD CONSTRAINT ' || quote_ident(conname) || ' ' || pg_get_constraintdef(oid),
                           'ALTER TABLE event DROP CONSTRAINT ' || quote_ident(conname)
                      FROM pg_constraint WHERE conrelid = 'event'::regclass AND contype = 'p'
                    UNION ALL
                    -- a partitioned table's index is defined ON ONLY the table; built again, it must reach every partition
                    SELECT replace(indexdef, ' ON ONLY ', ' ON '), 'DROP INDEX ' || quote_ident(indexname)
                      FROM pg_indexes i WHERE tablename = 'event' AND schemaname = current_schema()
                       AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)""")) {
                List<String> drops = new ArrayList<>();
                while (r.next()) {
                    rebuild.add(r.getString(1));
                    drops.add(r.getString(2));
                }
                for (String drop : drops) {
                    s.execute(drop);
                }
            }
        }
        long start = System.nanoTime();
        long rows = copy(db, data::history);
        double copySeconds = (System.nanoTime() - start) / 1e9;
        long indexStart = System.nanoTime();
        try (Statement s = db.createStatement()) {
            for (String ddl : rebuild) {
                s.execute(ddl);
            }
        }
        double indexSeconds = (System.nanoTime() - indexStart) / 1e9;
        long vacuumStart = System.nanoTime();
        vacuumAnalyze(db);
        double vacuumSeconds = (System.nanoTime() - vacuumStart) / 1e9;
        long mainRows = scalar(db, "SELECT count(*) FROM event WHERE company_id = '" + data.main().id() + "'");
        long rangeRows = scalar(db, "SELECT count(*) FROM event_measure WHERE company_id = '" + data.main().id()
                + "' AND day BETWEEN '" + rangeFrom + "' AND '" + rangeTo.minusDays(1) + "'");
        // event is partitioned by month: its size is its partitions'
        String tableSize = text(db, "SELECT pg_size_pretty(sum(pg_total_relation_size(inhrelid))) FROM pg_inherits"
                + " WHERE inhparent = 'event'::regclass");
        report.line("## Dataset");
        report.blank();
        report.line("| what | value |");
        report.line("|---|---|");
        report.line("| events in the history (all companies, %d days) | %,d |", DataGenerator.HISTORY_DAYS, rows);
        report.line("| events of `%s` (%d users) | %,d |", data.main().id(), data.main().users(), mainRows);
        report.line("| events of `%s` in the dashboard range before the new day | %,d |", data.main().id(), rangeRows);
        report.line("| `event` table with indexes | %s |", tableSize);
        report.line("| load: generate + COPY (no indexes) | %.1f s (%,.0f events/s) |", copySeconds,
                rows / copySeconds);
        report.line("| load: build the primary key and indexes | %.1f s |", indexSeconds);
        report.line("| load: VACUUM ANALYZE | %.1f s |", vacuumSeconds);
        report.blank();
        report.line("Events by type (share of all):");
        report.blank();
        StringBuilder types = new StringBuilder();
        try (Statement s = db.createStatement(); ResultSet r = s.executeQuery(
                "SELECT type, round(100.0 * count(*) / sum(count(*)) OVER (), 1) FROM event GROUP BY type ORDER BY 2 DESC")) {
            while (r.next()) {
                types.append(types.isEmpty() ? "" : ", ").append(r.getString(1)).append(' ').append(r.getString(2))
                        .append('%');
            }
        }
        report.line(types.toString());
        report.blank();
        report.save();
    }

    private static void vacuumAnalyze(Connection db) throws SQLException {
        try (Statement s = db.createStatement()) {
            s.execute("VACUUM (ANALYZE) event");
            s.execute("ANALYZE company");
        }
    }

    /** COPY of generated events into the event table; ingest_txid and nothing else from defaults. */
    private static long copy(Connection db, Consumer<Consumer<Event>> source) throws SQLException {
        CopyIn in = db.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY event (company_id, event_id, occurred_at, "
                + "received_at, type, user_id, chat_id, assistant_id, module, folder_kind, rating, project_id, "
                + "connector, invite_id, model, amount_micros, app_version, platform, deployment) FROM STDIN");
        StringBuilder buffer = new StringBuilder(1 << 21);
        long[] rows = { 0 };
        try {
            source.accept(e -> {
                buffer.append(e.companyId()).append('\t').append(e.eventId()).append('\t').append(e.occurredAt())
                        .append('\t')
                        // received a few seconds after it happened, as by a client sending every few seconds
                        .append(e.occurredAt().plusMillis(500 + (e.eventId().getLeastSignificantBits() & 4095)));
                for (Object v : new Object[] { e.type(), e.userId(), e.chatId(), e.assistantId(), e.module(),
                        e.folderKind(), e.rating(), e.projectId(), e.connector(), e.inviteId(), e.model(),
                        e.amountMicros(), e.appVersion(), e.platform(), e.deployment() }) {
                    buffer.append('\t').append(v == null ? "\\N" : v.toString());
                }
                buffer.append('\n');
                rows[0]++;
                if (buffer.length() > (1 << 20)) {
                    write(in, buffer);
                }
            });
            write(in, buffer);
            in.endCopy();
        } catch (RuntimeException | SQLException e) {
            if (in.isActive()) {
                in.cancelCopy();
            }
            throw e;
        }
        return rows[0];
    }

    private static void write(CopyIn in, StringBuilder buffer) {
        byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
        buffer.setLength(0);
        try {
            in.writeToCopy(bytes, 0, bytes.length);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------ 1. ingestion

    private void ingestion(Connection db, ServiceProcess service) throws Exception {
        int n = size.ingestEvents;
        int batch = size.batchSize;
        int warmEvents = Math.min(n, batch * 20);
        Instant to = Instant.now().minus(1, ChronoUnit.HOURS);
        Instant from = to.minus(2, ChronoUnit.DAYS);
        report.progress("ingestion: generating %,d + %,d events", n, n);
        List<List<Event>> pgBatches = batches(data.fresh(data.main(), INGEST_COMPANY, n, from, to, 1), batch);
        List<List<Event>> pgWarm = batches(data.fresh(data.main(), INGEST_COMPANY, warmEvents, from, to, 2), batch);
        List<String> httpBodies = batches(data.fresh(data.main(), INGEST_COMPANY, n, from, to, 3), batch).stream()
                .map(Benchmark::json).toList();
        List<String> httpWarm = batches(data.fresh(data.main(), INGEST_COMPANY, warmEvents, from, to, 4), batch)
                .stream().map(Benchmark::json).toList();
        List<List<Event>> copyBatches = batches(data.fresh(data.main(), INGEST_COMPANY, n, from, to, 5), batch);
        List<List<Event>> copyWarm = batches(data.fresh(data.main(), INGEST_COMPANY, warmEvents, from, to, 6), batch);
        long before = scalar(db, "SELECT count(*) FROM event");

        // PostgreSQL alone: one JDBC client, one multi-row INSERT ... ON CONFLICT DO NOTHING per batch (autocommit)
        report.progress("ingestion: bare PostgreSQL, one client");
        try (Connection client = connect()) {
            insertBatches(client, pgWarm);
            ProcStat.Window cpu = ProcStat.Window.begin(0, postgresPid);
            long start = System.nanoTime();
            insertBatches(client, pgBatches);
            double pgSeconds = (System.nanoTime() - start) / 1e9;
            String pgCpu = cpu.end();

            // PostgreSQL's COPY of rows of the same shape, one COPY per batch: the physical limit of loading rows
            // (no conflict check: the event ids are new)
            report.progress("ingestion: bare PostgreSQL COPY, one client");
            for (List<Event> b : copyWarm) {
                copy(client, b::forEach);
            }
            cpu = ProcStat.Window.begin(0, postgresPid);
            start = System.nanoTime();
            for (List<Event> b : copyBatches) {
                copy(client, b::forEach);
            }
            double copySeconds = (System.nanoTime() - start) / 1e9;
            String copyCpu = cpu.end();

            // the service: POST /events, concurrency 4
            report.progress("ingestion: HTTP, concurrency %d", CONCURRENCY);
            String writer = tokens.writer(INGEST_COMPANY);
            Load.Result warm = Load.count(CONCURRENCY, httpWarm.size(), i -> eventsRequest(service, writer,
                    httpWarm.get(i)), accepted(batch));
            check(warm, "HTTP ingestion warm-up");
            cpu = ProcStat.Window.begin(service.pid(), postgresPid);
            Load.Result http = Load.count(CONCURRENCY, httpBodies.size(), i -> eventsRequest(service, writer,
                    httpBodies.get(i)), accepted(batch));
            String httpCpu = cpu.end();
            check(http, "HTTP ingestion");
            double rss = service.rssMiB();
            double pgRate = n / pgSeconds;
            double copyRate = n / copySeconds;
            double httpRate = n / http.seconds();

            // under half of COPY: where the service's time goes, in a recording of the same load on fresh events
            List<String> ingestProfile = List.of();
            long profiled = 0;
            if (httpRate < copyRate / 2 && Boolean.parseBoolean(System.getProperty("bench.jfr",
                    Boolean.toString(size != Size.S))) && service.artifact.kind().equals("jvm")) {
                report.progress("profile: Flight Recorder on the service, HTTP ingestion");
                List<String> more = batches(data.fresh(data.main(), INGEST_COMPANY, n, from, to, 7), batch).stream()
                        .map(Benchmark::json).toList();
                Path file = target.resolve("benchmarks/service-ingestion.jfr");
                Profiles.startRecording(service.pid());
                check(Load.count(CONCURRENCY, more.size(), i -> eventsRequest(service, writer, more.get(i)),
                        accepted(batch)), "HTTP ingestion, recorded");
                Profiles.stopRecording(service.pid(), file);
                ingestProfile = Profiles.summarize(file);
                profiled = n;
            }

            long stored = scalar(db, "SELECT count(*) FROM event") - before;
            long expected = 3L * n + 3L * warmEvents + profiled;
            if (stored != expected) {
                throw new IllegalStateException("Ingestion stored " + stored + " events, expected " + expected);
            }
            report.line("## 1. Ingestion");
            report.blank();
            report.line("The same number of fresh events of the dataset's shape (company `%s`, new event ids, "
                    + "occurredAt in the last two days), in batches of %,d, into the same `event` table of the same "
                    + "server (a year of history loaded, all indexes and the company foreign key in place), each batch "
                    + "one statement and one commit. Warm-up first (%,d events each side, not counted).",
                    INGEST_COMPANY, batch, warmEvents);
            report.blank();
            report.line("| path | events | seconds | events/s |");
            report.line("|---|---|---|---|");
            report.line("| PostgreSQL alone: multi-row `INSERT ... VALUES (...), ... ON CONFLICT DO NOTHING`, "
                    + "1 JDBC client | %,d | %.2f | %,.0f |", n, pgSeconds, pgRate);
            report.line("| PostgreSQL alone: `COPY event (...) FROM STDIN`, 1 JDBC client | %,d | %.2f | %,.0f |", n,
                    copySeconds, copyRate);
            report.line("| service: `POST /events` (JSON array), concurrency %d | %,d | %.2f | %,.0f |", CONCURRENCY,
                    n, http.seconds(), httpRate);
            report.blank();
            report.line("**HTTP / PostgreSQL = %.0f%%** (target: at least 50%%); HTTP / COPY = %.0f%%. HTTP batch "
                    + "latency p50 %.0f ms, p95 %.0f ms, p99 %.0f ms.", 100 * httpRate / pgRate,
                    100 * httpRate / copyRate, http.percentile(50), http.percentile(95), http.percentile(99));
            report.blank();
            report.line("- bare PostgreSQL: %s", pgCpu);
            report.line("- bare PostgreSQL, COPY: %s", copyCpu);
            report.line("- HTTP: %s", httpCpu);
            report.line("- service resident memory after ingestion: %.0f MiB", rss);
            report.blank();
            if (!ingestProfile.isEmpty()) {
                report.line("The service under half of COPY: a Flight Recorder profile of the same HTTP load on %,d "
                        + "more fresh events.", profiled);
                report.blank();
                ingestProfile.forEach(report::line);
                report.blank();
            }
            report.save();
        }
        // the ingestion company is not part of the dataset: drop its events again
        try (Statement s = db.createStatement()) {
            s.execute("DELETE FROM event WHERE company_id = '" + INGEST_COMPANY + "'");
        }
        vacuumAnalyze(db);
    }

    private static List<List<Event>> batches(List<Event> events, int size) {
        List<List<Event>> result = new ArrayList<>();
        for (int i = 0; i < events.size(); i += size) {
            result.add(events.subList(i, Math.min(events.size(), i + size)));
        }
        return result;
    }

    private static void insertBatches(Connection client, List<List<Event>> batches) throws SQLException {
        Map<Integer, PreparedStatement> statements = new LinkedHashMap<>();
        try {
            for (List<Event> batch : batches) {
                PreparedStatement insert = statements.computeIfAbsent(batch.size(), n -> {
                    StringBuilder sql = new StringBuilder("INSERT INTO event (" + EVENT_COLUMNS + ") VALUES ");
                    String row = "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
                    for (int i = 0; i < n; i++) {
                        sql.append(i == 0 ? "" : ",").append(row);
                    }
                    sql.append(" ON CONFLICT (company_id, event_id, occurred_at) DO NOTHING");
                    try {
                        return client.prepareStatement(sql.toString());
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                });
                int p = 1;
                for (Event e : batch) {
                    insert.setString(p++, e.companyId());
                    insert.setObject(p++, e.eventId());
                    insert.setObject(p++, e.occurredAt().atOffset(ZoneOffset.UTC));
                    insert.setString(p++, e.type());
                    for (String v : new String[] { e.userId(), e.chatId(), e.assistantId(), e.module(),
                            e.folderKind(), e.rating(), e.projectId(), e.connector(), e.inviteId(), e.model() }) {
                        insert.setString(p++, v);
                    }
                    if (e.amountMicros() == null) {
                        insert.setNull(p++, Types.BIGINT);
                    } else {
                        insert.setLong(p++, e.amountMicros());
                    }
                    insert.setString(p++, e.appVersion());
                    insert.setString(p++, e.platform());
                    insert.setString(p++, e.deployment());
                }
                int stored = insert.executeUpdate();
                if (stored != batch.size()) {
                    throw new IllegalStateException("INSERT stored " + stored + " of " + batch.size());
                }
            }
        } finally {
            for (PreparedStatement s : statements.values()) {
                s.close();
            }
        }
    }

    /** A batch as the JSON array a client sends: only the fields of each event's type. */
    static String json(List<Event> batch) {
        StringBuilder b = new StringBuilder(batch.size() * 300).append('[');
        for (Event e : batch) {
            if (b.length() > 1) {
                b.append(',');
            }
            b.append("{\"eventId\":\"").append(e.eventId()).append("\",\"companyId\":\"").append(e.companyId())
                    .append("\",\"occurredAt\":\"").append(e.occurredAt()).append("\",\"type\":\"").append(e.type())
                    .append('"');
            field(b, "userId", e.userId());
            field(b, "chatId", e.chatId());
            field(b, "assistantId", e.assistantId());
            field(b, "module", e.module());
            field(b, "folderKind", e.folderKind());
            field(b, "rating", e.rating());
            field(b, "projectId", e.projectId());
            field(b, "connector", e.connector());
            field(b, "inviteId", e.inviteId());
            field(b, "model", e.model());
            if (e.amountMicros() != null) {
                b.append(",\"amountMicros\":").append(e.amountMicros());
            }
            field(b, "appVersion", e.appVersion());
            if (e.platform() != null || e.deployment() != null) {
                b.append(",\"environment\":{");
                int at = b.length();
                if (e.platform() != null) {
                    b.append("\"platform\":\"").append(e.platform()).append('"');
                }
                if (e.deployment() != null) {
                    b.append(b.length() > at ? "," : "").append("\"deployment\":\"").append(e.deployment())
                            .append('"');
                }
                b.append('}');
            }
            b.append('}');
        }
        return b.append(']').toString();
    }

    private static void field(StringBuilder b, String name, String value) {
        if (value != null) {
            b.append(",\"").append(name).append("\":\"").append(value).append('"');
        }
    }

    private static HttpRequest eventsRequest(ServiceProcess service, String token, String body) {
        return HttpRequest.newBuilder(URI.create(service.base + "/events")).timeout(Duration.ofMinutes(2))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static java.util.function.Predicate<HttpResponse<String>> accepted(int batch) {
        return answer -> answer.statusCode() == 200 && answer.body().contains("\"accepted\":" + batch + ",");
    }

    private static void check(Load.Result result, String what) {
        if (result.failures() > 0) {
            throw new IllegalStateException(what + ": " + result.failures() + " requests failed, the first: "
                    + result.firstFailure());
        }
    }

    // ------------------------------------------------------------------ 2. rollups

    /** The minimum any rollup must do: one pass over every event, aggregated per company and local day. */
    static final String BARE_AGGREGATION = """
            SELECT company_id, day, count(*), sum(file_folders), sum(projects_created), sum(groups_created),
                   sum(chats_created), sum(spaces_created), sum(user_messages), sum(assistant_messages),
                   sum(positive_feedback), sum(negative_feedback), sum(artifacts_created), sum(spend_micros),
                   max(received_at)
              FROM event_measure
             GROUP BY company_id, day""";

    private Map<String, Double> bareAggregation(Connection db) throws SQLException {
        report.progress("bare SQL aggregation");
        Map<String, Double> result = new LinkedHashMap<>();
        for (int i = 1; i <= 2; i++) {
            ProcStat.Window cpu = ProcStat.Window.begin(0, postgresPid);
            long start = System.nanoTime();
            long rows = 0;
            try (Statement s = db.createStatement(); ResultSet r = s.executeQuery(BARE_AGGREGATION)) {
                while (r.next()) {
                    rows++;
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            result.put("run " + i, seconds);
            result.put("rows", (double) rows);
            report.progress("bare aggregation run %d: %.2f s, %d company-days; %s", i, seconds, rows, cpu.end());
        }
        return result;
    }

    private static final Pattern COMPLETED = Pattern.compile(
            "(?m)^analytics_rollup_runs_total\\{[^}]*outcome=\"completed\"[^}]*\\} (\\S+)");
    private static final Pattern DURATION_SUM = Pattern.compile(
            "(?m)^analytics_rollup_duration_seconds_sum(?:\\{[^}]*\\})? (\\S+)");
    private static final Pattern ROWS = Pattern.compile(
            "(?m)^analytics_rollup_rows_written_total(?:\\{[^}]*\\})? (\\S+)");

    private record JobMetrics(double completed, double seconds, double rows) {
    }

    private static final Pattern DAYS_HELD = Pattern.compile(
            "(?m)^analytics_figures_days_held_bytes(?:\\{[^}]*\\})? (\\S+)");
    private static final Pattern DAYS_READ = Pattern.compile(
            "(?m)^analytics_figures_days_read_total(?:\\{[^}]*\\})? (\\S+)");

    /** What the service holds of rolled-up days in memory, from its metrics. */
    private static String daysHeld(ServiceProcess service) throws IOException, InterruptedException {
        String text = Load.answer(HttpRequest.newBuilder(URI.create(service.base + "/q/metrics")).build()).body();
        return String.format(Locale.ROOT, "%.1f MiB held for %.0f rolled-up company-days read from PostgreSQL",
                number(DAYS_HELD, text) / 1024 / 1024, number(DAYS_READ, text));
    }

    private static JobMetrics jobMetrics(ServiceProcess service) throws IOException, InterruptedException {
        String text = Load.answer(HttpRequest.newBuilder(URI.create(service.base + "/q/metrics")).build()).body();
        return new JobMetrics(number(COMPLETED, text), number(DURATION_SUM, text), number(ROWS, text));
    }

    private static double number(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    /** Waits for the next completed run of the service's own rollup job that wrote rows: {seconds, rows}. */
    private double[] nextWorkingRun(ServiceProcess service, JobMetrics[] last, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Thread.sleep(200);
            JobMetrics now = jobMetrics(service);
            if (now.completed() > last[0].completed()) {
                double seconds = now.seconds() - last[0].seconds();
                double rows = now.rows() - last[0].rows();
                boolean several = now.completed() - last[0].completed() > 1;
                last[0] = now;
                if (rows > 0) {
                    if (several) {
                        throw new IllegalStateException("Two rollup runs completed between two looks at the metrics");
                    }
                    return new double[] { seconds, rows };
                }
            }
        }
        throw new IllegalStateException("No rollup run with work completed within " + timeout + "; log: "
                + service.log + "\n" + service.tail());
    }

    private static final String FULL_ROLLUP_MARKER = "bench-full-rollup";
    /** The full rollup's statements whose plans the results show: the ones that take the time. */
    private static final String FULL_ROLLUP_PLANS_FROM = System.getProperty("bench.pg.explain-min-duration", "50ms");

    /** "INSERT INTO rollup_user_day (...) SELECT ..." -> "INSERT INTO rollup_user_day". */
    private static String statementName(String sql) {
        Matcher m = Pattern.compile("^(INSERT INTO \\w+|DELETE FROM \\w+|CREATE TEMP TABLE \\w+|UPDATE \\w+|LOCK TABLE \\w+)")
                .matcher(sql);
        return m.find() ? m.group(1) : sql.length() > 40 ? sql.substring(0, 40) + "…" : sql;
    }

    /** The profile of a full rollup: its duration, its statements' times and their plans (see {@link #profileFullRollup}). */
    private record FullRollupProfile(double seconds, Map<String, double[]> statements, List<String> plans) {
    }

    /**
     * A full rollup by a service of its own with every statement in PostgreSQL's log and the plans of the slower
     * ones (auto_explain, in the sessions that service opens): the profile of the run measured next, apart from
     * it, as logging every statement slows a run down (by about a quarter, on M). Leaves nothing rolled up.
     */
    private FullRollupProfile profileFullRollup(Connection db, ServiceProcess.Artifact jvm) throws Exception {
        report.progress("full rollup with every statement logged: its profile");
        Profiles.logStatementsSlowerThan(db, "0");
        Profiles.explainStatementsSlowerThan(db, true, FULL_ROLLUP_PLANS_FROM);
        Profiles.mark(db, FULL_ROLLUP_MARKER);
        double[] run;
        try (ServiceProcess profiled = startService(jvm, "2-rollup-profiled", Map.of("analytics.rollup.interval",
                "5s", "analytics.rollup.initial-delay", "1s"))) {
            run = nextWorkingRun(profiled, new JobMetrics[] { new JobMetrics(0, 0, 0) }, Duration.ofMinutes(60));
        } finally {
            Profiles.explainStatementsSlowerThan(db, false, null);
            Profiles.logStatementsSlowerThan(db, SLOW_STATEMENT);
        }
        Thread.sleep(500);
        Path log = target.resolve("benchmarks/postgresql-log");
        FullRollupProfile profile = new FullRollupProfile(run[0], Profiles.statements(log, FULL_ROLLUP_MARKER),
                Profiles.slowestPlans(log, FULL_ROLLUP_MARKER));
        resetRollups(db);
        return profile;
    }

    private void rollups(Connection db, ServiceProcess service, Map<String, Double> bare, FullRollupProfile profile)
            throws Exception {
        report.progress("full rollup by the service's job");
        JobMetrics[] last = { new JobMetrics(0, 0, 0) };
        ProcStat.Window cpu = ProcStat.Window.begin(service.pid(), postgresPid);
        double[] full = nextWorkingRun(service, last, Duration.ofMinutes(60));
        String fullCpu = cpu.end();
        report.progress("full rollup: %.2f s, %.0f rows written", full[0], full[1]);
        Map<String, double[]> fullStatements = profile.statements();
        List<String> fullPlans = profile.plans();
        long companyDays = scalar(db, "SELECT count(*) FROM rollup_company_day");

        report.progress("incremental rollup: loading the new day %s", newDay);
        long start = System.nanoTime();
        long newEvents = copy(db, sink -> data.allCompaniesOn(newDay, sink));
        double copySeconds = (System.nanoTime() - start) / 1e9;
        cpu = ProcStat.Window.begin(service.pid(), postgresPid);
        double[] incremental = nextWorkingRun(service, last, Duration.ofMinutes(10));
        String incrementalCpu = cpu.end();
        long watermark = scalar(db, "SELECT watermark FROM rollup_state");
        long notRolledUp = scalar(db, "SELECT count(*) FROM event WHERE ingest_txid >= " + watermark);
        if (notRolledUp != 0) {
            throw new IllegalStateException(notRolledUp + " events are not rolled up after the incremental run");
        }
        double bareSeconds = Math.min(bare.get("run 1"), bare.get("run 2"));
        report.line("## 2. Rollups");
        report.blank();
        report.line("Measured on the service's own scheduled job (`RollupJob.rollUpNewEvents()`, interval 5 s): "
                + "the durations are the job's `analytics_rollup_duration_seconds` for the run, read from "
                + "`/q/metrics`. The first run starts from watermark 0, so it rebuilds every company-day (a full "
                + "rollup, as `rebuildAll()`). Then one new local day of every company (%,d events) is loaded with "
                + "COPY (as if ingested; %.1f s) and the next run rolls it up.", newEvents, copySeconds);
        report.blank();
        report.line("| what | seconds | rows / company-days |");
        report.line("|---|---|---|");
        report.line("| bare SQL aggregation: one `SELECT company_id, day, count(*), sum(...) ... FROM event_measure "
                + "GROUP BY company_id, day` over every event, rows fetched (best of 2: %.2f s, %.2f s) | %.2f | "
                + "%,.0f company-days |", bare.get("run 1"), bare.get("run 2"), bareSeconds, bare.get("rows"));
        report.line("| full rollup (every company-day, %d rollup tables) | %.2f | %,.0f rows written, %,d company-days |",
                RollupTable.values().length, full[0], full[1], companyDays);
        report.line("| incremental rollup after one new day | %.3f | %,.0f rows written, %d company-days |",
                incremental[0], incremental[1], data.companies().size());
        report.blank();
        report.line("**Full rollup / bare aggregation = %.1f×; incremental / full = %.2f%%** (target: under 5%%).",
                full[0] / bareSeconds, 100 * incremental[0] / full[0]);
        report.blank();
        report.line("- full rollup: %s", fullCpu);
        report.line("- full rollup, statement by statement, every one of at least 0.1 s in all, from the same full "
                + "rollup run before by a service of its own with every statement in PostgreSQL's log (%.2f s with "
                + "that log; `rollup_touched` is every company-day with events; `COPY (SELECT t.n, e.type, ...` is "
                + "the reader's read of a chunk's events): %s", profile.seconds(), String.join("; ",
                        fullStatements.entrySet().stream()
                                .filter(e -> e.getValue()[3] >= 100)
                                .map(e -> "`%s` %.1f s".formatted(statementName(e.getKey()), e.getValue()[3] / 1000))
                                .toList()));
        report.line("- incremental rollup (includes the metrics polling and 5-s idle ticks): %s", incrementalCpu);
        report.line("- rollup table sizes: %s", text(db, """
                SELECT string_agg(relname || ' ' || to_char(n_live_tup, 'FM999,999,999') || ' rows', ', ' ORDER BY relname)
                  FROM pg_stat_user_tables WHERE relname LIKE 'rollup\\_%' AND relname <> 'rollup_state'"""));
        // the rows just written are what autovacuum takes up next (visibility map, statistics): on 2 cores it would
        // share them with the dashboard measurement that follows
        long vacuumStart = System.nanoTime();
        try (Statement s = db.createStatement()) {
            s.execute("VACUUM (ANALYZE)");
        }
        report.line("- then `VACUUM (ANALYZE)` of the database, what autovacuum would do next after so many rows "
                + "written, done here so that it does not share the cores with the dashboard measurements: %.1f s",
                (System.nanoTime() - vacuumStart) / 1e9);
        report.blank();
        report.line("PostgreSQL's plans of the full rollup's statements that took at least %s, the slowest run of "
                + "each statement, in the order they first ran (auto_explain in the profiled run's sessions, "
                + "statements inside COPY included: actual rows and buffers of each node, no per-node timing, which "
                + "would slow the run down; the duration is the statement's):", FULL_ROLLUP_PLANS_FROM);
        report.blank();
        report.line("```");
        report.line("%s", fullPlans.isEmpty() ? "(none)" : String.join("\n\n", fullPlans));
        report.line("```");
        report.blank();
        report.save();
    }

    /** Back to "nothing rolled up": every read then computes everything from raw events. */
    private void resetRollups(Connection db) throws SQLException {
        try (Statement s = db.createStatement()) {
            db.setAutoCommit(false);
            s.execute("TRUNCATE " + Arrays.stream(RollupTable.values())
                    .map(table -> table.stored).collect(Collectors.joining(", ")));
            s.execute("UPDATE rollup_state SET watermark = 0, rolled_up_at = NULL");
            db.commit();
        } finally {
            db.setAutoCommit(true);
        }
    }

    // ------------------------------------------------------------------ 3. dashboard

    private static final String POINTS = "{ from to value change changePercent }";
    private static final String FRESHNESS = "freshness { newestEventReceivedAt rolledUpAt computedAt }";

    /** Every figure of company(id), in groups; each group is also timed alone for the profile. */
    static final Map<String, String> FIGURES = figures();

    private static Map<String, String> figures() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("company (name, seats: access check and company lookup only)", "id name seats timeZone extraUsageEnabled");
        f.put("telemetry (counts + promptsByAssistant + freshness)", "telemetry(range: $range) { users fileFolders "
                + "groups chats spaces userMessages assistantMessages positiveFeedback negativeFeedback "
                + "promptsByAssistant { assistantId module prompts } " + FRESHNESS + " }");
        for (String s : List.of("activeUsers", "dau", "wau", "mau")) {
            f.put("activity." + s, "activity(range: $range, granularity: DAY) { " + s + " " + POINTS + " }");
        }
        f.put("activity.latest", "activity(range: $range, granularity: DAY) { latest { day dau wau mau seats utilisation } }");
        f.put("activity.pendingInvites", "activity(range: $range, granularity: DAY) { pendingInvites }");
        for (String s : List.of("usersByAppVersion", "usersByPlatform", "usersByDeployment")) {
            f.put("activity." + s, "activity(range: $range, granularity: DAY) { " + s + " { key users } }");
        }
        f.put("activity.freshness", "activity(range: $range, granularity: DAY) { " + FRESHNESS + " }");
        for (String s : List.of("chatsCreated", "averageMessagesPerChat", "projectsCreated", "usersWithProject",
                "artifactsCreated", "usersWithArtifact")) {
            f.put("adoption." + s, "adoption(range: $range, granularity: DAY) { " + s + " " + POINTS + " }");
        }
        f.put("adoption.topConnectors", "adoption(range: $range, granularity: DAY) { topConnectors(limit: 10) { key users } }");
        f.put("adoption.topUsersByProjectsUsed", "adoption(range: $range, granularity: DAY) { topUsersByProjectsUsed { userId count } }");
        f.put("adoption.topUsersByArtifacts", "adoption(range: $range, granularity: DAY) { topUsersByArtifacts { userId count } }");
        f.put("adoption.freshness", "adoption(range: $range, granularity: DAY) { " + FRESHNESS + " }");
        f.put("feedback (overall + byAssistant + freshness)", "feedback(range: $range) { overall { assistantId positive "
                + "negative sharePositive } byAssistant { assistantId positive negative sharePositive } " + FRESHNESS + " }");
        f.put("spend.monthToDate", "spend { asOf monthToDate }");
        f.put("spend.quarterToDate", "spend { quarterToDate }");
        f.put("spend.yearToDate", "spend { yearToDate }");
        f.put("spend.byModel", "spend { byModel(lastMonths: 3) { model amountMicros } }");
        f.put("spend.byUser", "spend { byUser(range: $range, first: 50) { users { userId amountMicros } nextCursor hasNextPage } }");
        f.put("spend.freshness", "spend { " + FRESHNESS + " }");
        return f;
    }

    /** The owners' dashboard: every figure of the company for the range, one request. */
    static String dashboardQuery() {
        StringBuilder q = new StringBuilder("query Dashboard($id: String!, $range: DateRangeInput!) { company(id: $id) { ");
        Map<String, List<String>> merged = new LinkedHashMap<>();
        for (String selection : FIGURES.values()) {
            int brace = selection.indexOf('{');
            String head = brace < 0 ? selection : selection.substring(0, brace).trim();
            if (brace < 0 || !head.contains("(") && !head.equals("spend")) {
                merged.computeIfAbsent(selection, k -> new ArrayList<>());
                continue;
            }
            String inner = selection.substring(brace + 1, selection.lastIndexOf('}')).trim();
            merged.computeIfAbsent(head, k -> new ArrayList<>()).add(inner);
        }
        merged.forEach((head, inners) -> {
            if (inners.isEmpty()) {
                q.append(head).append(' ');
            } else {
                q.append(head).append(" { ").append(String.join(" ", inners.stream().distinct().toList()))
                        .append(" } ");
            }
        });
        return q.append("} }").toString();
    }

    private String body(String query) {
        ObjectNode body = JSON.createObjectNode();
        body.put("query", query);
        ObjectNode variables = body.putObject("variables");
        variables.put("id", data.main().id());
        ObjectNode range = variables.putObject("range");
        range.put("from", rangeFrom.toString());
        range.put("to", rangeTo.toString());
        return body.toString();
    }

    private HttpRequest dashboardRequest(ServiceProcess service) {
        return service.graphqlRequest(tokens.owner(data.main().id()), body(dashboardQuery()));
    }

    private static boolean answered(HttpResponse<String> answer) {
        return answer.statusCode() == 200 && answer.body().startsWith("{\"data\"") && !answer.body().contains("\"errors\"");
    }

    private Load.Result dashboardLoad(ServiceProcess service) throws Exception {
        report.progress("dashboard on rollups: %d s warm-up, %d s measured, concurrency %d", warmUp.toSeconds(),
                measure.toSeconds(), CONCURRENCY);
        // the warm-up in slices of at most 10 s, each one's rate and p95 reported: where the JIT is done shows
        List<String> slices = new ArrayList<>();
        for (Duration left = warmUp; !left.isZero(); ) {
            Duration slice = left.compareTo(Duration.ofSeconds(10)) > 0 ? Duration.ofSeconds(10) : left;
            Load.Result warm = Load.forDuration(CONCURRENCY, Duration.ZERO, slice, i -> dashboardRequest(service),
                    Benchmark::answered);
            slices.add(String.format(Locale.ROOT, "%.0f (%.0f)", warm.perSecond(), warm.percentile(95)));
            left = left.minus(slice);
        }
        warmUpSlices = String.join(", ", slices);
        ProcStat.Window cpu = ProcStat.Window.begin(service.pid(), postgresPid);
        Load.Result result = Load.forDuration(CONCURRENCY, Duration.ZERO, measure, i -> dashboardRequest(service),
                Benchmark::answered);
        rolledCpu = cpu.end();
        check(result, "dashboard on rollups");
        return result;
    }

    private String rolledCpu;
    private String warmUpSlices = "";

    // ------------------------------------------------------------------ 3c. teams

    private final Map<String, Load.Result> teamResults = new LinkedHashMap<>();
    /** With -Dbench.jfr.teams=true: the Flight Recorder's summary of each team request's run. */
    private final Map<String, List<String>> teamProfiles = new LinkedHashMap<>();
    private String directoryTimes = "";
    private String userReport = "";

    /** The main company's directory: twelve monthly snapshots over the history, through the API. */
    private void sendDirectory(ServiceProcess service) throws Exception {
        String token = tokens.directoryWriter(data.main().id());
        List<String> times = new ArrayList<>();
        for (int month = 0; month < 12; month++) {
            HttpRequest put = HttpRequest.newBuilder(URI.create(service.base + "/directory/" + data.main().id()))
                    .timeout(Duration.ofMinutes(2)).header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(data.directory(data.main(), month))).build();
            long start = System.nanoTime();
            HttpResponse<String> answer = Load.answer(put);
            times.add(String.format(Locale.ROOT, "%.0f", (System.nanoTime() - start) / 1e6));
            if (answer.statusCode() != 200) {
                throw new IllegalStateException("directory snapshot " + month + ": " + answer.statusCode() + " "
                        + answer.body());
            }
        }
        directoryTimes = String.join(", ", times);
    }

    /** A team's dashboard (every figure, through {@code team(id:)}), and the breakdowns, at the same concurrency. */
    private void teamLoads(ServiceProcess service) throws Exception {
        String owner = tokens.owner(data.main().id());
        String dashboard = dashboardQuery();
        String team = dashboard.replaceFirst("company\\(id: \\$id\\) \\{ ",
                "company(id: \\$id) { team(id: \"team-1\") { ").replaceFirst("\\} \\}$", "} } }");
        String rows = "{ teamId members activeUsers dau wau mau userMessages chats projects artifacts connectors spendMicros }";
        String top = "query($id: String!, $range: DateRangeInput!) { company(id: $id) { teamBreakdown(range: $range) { "
                + "teams " + rows + " noTeam " + rows + " otherTeams " + rows + " mergedTeams } } }";
        String department = top.replace("teamBreakdown(range: $range)", "teamBreakdown(range: $range, parentId: \"dept-0\")");
        Map<String, String> queries = new LinkedHashMap<>();
        queries.put("team dashboard (team-1, every figure)", team);
        queries.put("team breakdown, top level (departments)", top);
        queries.put("team breakdown, one department (its teams)", department);
        Duration warm = Duration.ofSeconds(Math.min(10, warmUp.toSeconds()));
        for (Map.Entry<String, String> query : queries.entrySet()) {
            report.progress("%s: %d s measured, concurrency %d", query.getKey(), measure.toSeconds(), CONCURRENCY);
            HttpResponse<String> first = Load.answer(service.graphqlRequest(owner, body(query.getValue())));
            if (!answered(first)) {
                throw new IllegalStateException(query.getKey() + " failed: " + first.body());
            }
            Load.Result result = Load.forDuration(CONCURRENCY, warm, measure,
                    i -> service.graphqlRequest(owner, body(query.getValue())), Benchmark::answered);
            check(result, query.getKey());
            teamResults.put(query.getKey(), result);
            if (Boolean.getBoolean("bench.jfr.teams") && service.artifact.kind().equals("jvm")) {
                // where a team request's time goes: a further run under the Flight Recorder, not part of the numbers
                Path file = target.resolve("benchmarks/service-" + teamResults.size() + "-team.jfr");
                Profiles.startRecording(service.pid());
                Load.forDuration(CONCURRENCY, Duration.ZERO, Duration.ofSeconds(15),
                        i -> service.graphqlRequest(owner, body(query.getValue())), Benchmark::answered);
                Profiles.stopRecording(service.pid(), file);
                teamProfiles.put(query.getKey(), Profiles.summarize(file));
            }
        }
        HttpRequest csv = HttpRequest.newBuilder(URI.create(service.base + "/exports/companies/" + data.main().id()
                + "/users.csv?from=" + rangeFrom + "&to=" + rangeTo)).timeout(Duration.ofMinutes(2))
                .header("Authorization", "Bearer " + owner).GET().build();
        Load.answer(csv);
        long start = System.nanoTime();
        HttpResponse<String> answer = Load.answer(csv);
        double ms = (System.nanoTime() - start) / 1e6;
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("per-user report CSV: " + answer.statusCode() + " " + answer.body());
        }
        long lines = answer.body().lines().count();
        userReport = String.format(Locale.ROOT, "%,d rows (and a header) in %.0f ms, %,d bytes (the second request; "
                + "the first warmed it up)", lines - 1, ms, answer.body().length());
    }

    private void lagReport() {
        report.line("");
        report.line("## 3e. Rollups while events arrive at full rate");
        report.line("");
        report.line("%s", lagReport.isEmpty() ? "not measured" : lagReport);
    }

    private void teamReport(Load.Result company) {
        report.line("");
        report.line("## 3c. Teams");
        report.line("");
        report.line("`%s`: %d teams in %d departments, twelve monthly snapshots (a tenth of the users move once in "
                + "the year), sent through `PUT /directory` in %s ms. Owner token, concurrency %d, closed loop, same "
                + "range as the company's dashboard, in the same run.", data.main().id(), DataGenerator.teams(data.main()),
                (DataGenerator.teams(data.main()) + 5) / 6, directoryTimes, CONCURRENCY);
        report.line("");
        report.line("| request | requests/s | p50 ms | p95 ms | p99 ms | p95 / company dashboard p95 |");
        report.line("|---|---|---|---|---|---|");
        report.line("| company dashboard (section 3) | %.1f | %.1f | %.1f | %.1f | 1.00 |", company.perSecond(),
                company.percentile(50), company.percentile(95), company.percentile(99));
        teamResults.forEach((what, r) -> report.line("| %s | %.1f | %.1f | %.1f | %.1f | %.2f |", what, r.perSecond(),
                r.percentile(50), r.percentile(95), r.percentile(99), r.percentile(95) / company.percentile(95)));
        report.line("");
        report.line("Per-user report of `%s` as CSV (`/exports/companies/%s/users.csv`, the dashboard's range): %s.",
                data.main().id(), data.main().id(), userReport);
        teamProfiles.forEach((what, summary) -> {
            report.line("");
            report.line("Flight Recorder, %s, 15 s at concurrency %d:", what, CONCURRENCY);
            report.line("");
            summary.forEach(report::line);
        });
    }

    // ------------------------------------------------------------------ the console in a browser

    /** Visits after the first one, in the same browser (its cache warm). */
    private static final int CONSOLE_VISITS = 5;
    private final Map<String, List<ConsoleTimings.View>> consoleViews = new LinkedHashMap<>();
    private String consoleNote = "";

    /**
     * The console as the big company's owner sees it: the first visit in an empty browser, then visits with the
     * browser's cache warm, then the 90-day range (every figure of the dashboard, by day).
     */
    private void consoleOnMain(ServiceProcess service) throws Exception {
        if (!ConsoleTimings.available()) {
            consoleNote = "not measured: Debian's chromium and chromium-driver are not installed";
            return;
        }
        report.progress("the console in a browser: %s", data.main().id());
        signIn.signsInAs(tokens.owner(data.main().id()));
        String company = "`" + data.main().id() + "` (" + data.main().users() + " users)";
        try (ConsoleTimings browser = new ConsoleTimings()) {
            consoleViews.put(company + ", first visit (empty browser cache), last 30 days",
                    List.of(browser.open(service.base)));
            List<ConsoleTimings.View> again = new ArrayList<>();
            for (int i = 0; i < CONSOLE_VISITS; i++) {
                again.add(browser.open(service.base));
            }
            consoleViews.put(company + ", later visits (cache warm), last 30 days", again);
            List<ConsoleTimings.View> quarter = new ArrayList<>();
            for (int i = 0; i < CONSOLE_VISITS; i++) {
                browser.open(service.base);
                quarter.add(browser.range("90d"));
                if (browser.points() != 90) {
                    throw new IllegalStateException("the 90-day dashboard shows " + browser.points() + " days");
                }
            }
            consoleViews.put(company + ", switched to the last 90 days, by day", quarter);
        }
    }

    /** First visits right after a start, each with a fresh service and an empty browser (one sample varies by ±25%). */
    private int firstVisits() {
        return Integer.getInteger("bench.console.first-visits", size == Size.S ? 1 : 3);
    }

    /** Where the time of the demo data's first visit after a start went: the page's requests, one line each. */
    private String firstVisitTimeline = "";

    /**
     * The console on the demo data, on a database of its own, right after the service started and loaded them: the
     * first visit in an empty browser, {@link #firstVisits()} times with a service started anew each time, then
     * visits with the browser's cache warm.
     */
    private void consoleOnDemoData(Connection db, ServiceProcess.Artifact jvm) throws Exception {
        if (!ConsoleTimings.available()) {
            consoleNote = "not measured: Debian's chromium and chromium-driver are not installed";
            return;
        }
        List<ConsoleTimings.View> first = new ArrayList<>();
        List<ConsoleTimings.View> again = new ArrayList<>();
        for (int visit = 1; visit <= firstVisits(); visit++) {
            // a database of its own each time: the demo data's event ids follow the time they are loaded
            try (Statement s = db.createStatement()) {
                s.execute("CREATE DATABASE demo" + visit);
            }
            // as dev mode runs it: the demo data loaded at start, the rollup job on its own schedule
            Map<String, String> demoData = Map.of("db.name", "demo" + visit, "analytics.demo-data.enabled", "true",
                    "analytics.rollup.interval", "60s", "analytics.rollup.initial-delay", "10s");
            try (ServiceProcess demo = startService(jvm, "5-demo-" + visit, demoData);
                    ConsoleTimings browser = new ConsoleTimings()) {
                report.progress("the console in a browser: demo data, first visit %d", visit);
                signIn.signsInAs(tokens.owner("acme"));
                first.add(browser.open(demo.base));
                if (visit == 1) {
                    firstVisitTimeline = browser.timeline();
                }
                // the later visits in the last browser, its cache warm
                for (int i = 0; visit == firstVisits() && i < CONSOLE_VISITS; i++) {
                    again.add(browser.open(demo.base));
                }
            }
        }
        if (!first.isEmpty()) {
            consoleViews.put("demo data, `acme`, first visit right after the start (empty browser cache)", first);
            consoleViews.put("demo data, `acme`, later visits (cache warm)", again);
        }
    }

    private void consoleReport() {
        report.line("");
        report.line("## 3d. The console in a browser");
        report.line("");
        if (consoleViews.isEmpty()) {
            report.line("%s.", consoleNote.isEmpty() ? "not measured" : consoleNote);
            return;
        }
        report.line("Headless Chromium (Debian's), signed in as the company's owner through the authorization-code "
                + "flow at a provider that approves at once. \"On screen\": from the start of the page the provider "
                + "sends the person back to (or from the range switch) to the page's `figures-shown` mark, after the "
                + "sign-in, the dashboard's requests and drawing every chart. Long tasks: the browser's Long Tasks "
                + "API over that span; \"blocking\" adds up each task's time over 50 ms. Goal: figures on screen "
                + "within 1 s on the demo data; no task of %.0f ms or more (a click during the drawing would "
                + "wait that long) on the big company's 90 days.", ConsoleTimings.FREEZE_MS);
        report.line("");
        report.line("| view | visits | on screen ms (median / max) | requests and drawing ms (median) | "
                + "longest task ms (max) | blocking ms (max) |");
        report.line("|---|---|---|---|---|---|");
        consoleViews.forEach((what, views) -> report.line("| %s | %d | %.0f / %.0f | %.0f | %.0f | %.0f |", what,
                views.size(), median(views, ConsoleTimings.View::shownMs), max(views, ConsoleTimings.View::shownMs),
                median(views, ConsoleTimings.View::queryMs), max(views, ConsoleTimings.View::longestTaskMs),
                max(views, ConsoleTimings.View::blockingMs)));
        if (!firstVisitTimeline.isEmpty()) {
            report.line("");
            report.line("The demo data's first visit right after a start, request by request (ms from the start of "
                    + "the page the provider sends the person back to; the browser's Resource Timing):");
            report.line("");
            report.line("```");
            report.line(firstVisitTimeline);
            report.line("```");
        }
    }

    private static double median(List<ConsoleTimings.View> views, ToDoubleFunction<ConsoleTimings.View> of) {
        double[] values = views.stream().mapToDouble(of).sorted().toArray();
        return values[values.length / 2];
    }

    private static double max(List<ConsoleTimings.View> views, ToDoubleFunction<ConsoleTimings.View> of) {
        return views.stream().mapToDouble(of).max().orElse(0);
    }

    /** The dashboard while events arrive: what it took, and what arrived meanwhile. */
    private record WhileEventsArrive(Load.Result load, int perSecond, int sent, int failed, double rollupRuns,
            String cpu) {
    }

    private WhileEventsArrive whileEventsArrive;

    /**
     * The dashboard load again, while a client sends {@code bench.dashboard.events-per-second} events of the
     * company's last day (in batches, once a second) and the service's rollup job runs: every answer then also
     * reads and counts the events not rolled up yet, and the day rebuilt by each run is read again.
     */
    private void dashboardWhileEventsArrive(ServiceProcess service) throws Exception {
        int perSecond = Integer.getInteger("bench.dashboard.events-per-second", 20);
        Duration settle = Duration.ofSeconds(size == Size.S ? 1 : 5);
        int seconds = (int) (settle.plus(measure).toSeconds() + 2);
        java.time.ZoneId zone = java.time.ZoneId.of(data.main().timeZone());
        Instant from = rangeTo.atStartOfDay(zone).toInstant();
        Instant to = rangeTo.plusDays(1).atStartOfDay(zone).toInstant().minusSeconds(1);
        List<String> bodies = batches(data.fresh(data.main(), data.main().id(), perSecond * seconds, from, to, 5),
                perSecond).stream().map(Benchmark::json).toList();
        String writer = tokens.writer(data.main().id());
        report.progress("dashboard while %d events/s of %s arrive: %d s to settle, %d s measured", perSecond, rangeTo,
                settle.toSeconds(), measure.toSeconds());
        double runsBefore = jobMetrics(service).completed();
        AtomicBoolean stop = new AtomicBoolean();
        int[] sent = new int[2];
        Thread client = Thread.ofPlatform().name("events").start(() -> {
            long start = System.nanoTime();
            for (int i = 0; i < bodies.size() && !stop.get(); i++) {
                long due = start + Duration.ofSeconds(i).toNanos();
                try {
                    Thread.sleep(Math.max(0, (due - System.nanoTime()) / 1_000_000));
                } catch (InterruptedException e) {
                    return;
                }
                String failure = Load.send(eventsRequest(service, writer, bodies.get(i)), accepted(perSecond));
                sent[failure == null ? 0 : 1] += perSecond;
            }
        });
        ProcStat.Window cpu = ProcStat.Window.begin(service.pid(), postgresPid);
        Load.Result load = Load.forDuration(CONCURRENCY, settle, measure, i -> dashboardRequest(service),
                Benchmark::answered);
        String cpuUse = cpu.end();
        stop.set(true);
        client.join();
        check(load, "dashboard while events arrive");
        whileEventsArrive = new WhileEventsArrive(load, perSecond, sent[0], sent[1],
                jobMetrics(service).completed() - runsBefore, cpuUse);
    }

    private static final Pattern LAG = Pattern.compile("(?m)^analytics_rollup_lag_seconds(?:\\{[^}]*\\})? (\\S+)");
    private String lagReport = "";

    /**
     * Ingestion at the service's maximum rate (closed loop, concurrency 4, fresh events of the last hours of
     * another company than the dashboards') for {@code bench.lag.seconds} while the rollup job runs every 5 s;
     * the job's lag ({@code analytics_rollup_lag_seconds}, measured after each run) read every second, then how
     * long the job takes to catch up once the events stop.
     */
    private void rollupLagAtFullIngestion(ServiceProcess service) throws Exception {
        Duration length = Duration.ofSeconds(Long.getLong("bench.lag.seconds", size == Size.S ? 20 : 180));
        int batch = size.batchSize;
        Instant to = Instant.now().minus(10, ChronoUnit.MINUTES);
        Instant from = to.minus(2, ChronoUnit.HOURS);
        String writer = tokens.writer(INGEST_COMPANY);
        report.progress("rollup lag: %d s of ingestion at full rate, concurrency %d", length.toSeconds(), CONCURRENCY);
        JobMetrics before = jobMetrics(service);
        AtomicBoolean stop = new AtomicBoolean();
        List<Double> lags = Collections.synchronizedList(new ArrayList<>());
        HttpRequest metrics = HttpRequest.newBuilder(URI.create(service.base + "/q/metrics")).build();
        Thread sampler = Thread.ofPlatform().name("lag").start(() -> {
            while (!stop.get()) {
                try {
                    lags.add(number(LAG, Load.answer(metrics).body()));
                    Thread.sleep(1_000);
                } catch (Exception e) {
                    return;
                }
            }
        });
        ProcStat.Window cpu = ProcStat.Window.begin(service.pid(), postgresPid);
        // each batch generated when it is sent: minutes at full rate do not fit in memory
        Load.Result load = Load.forDuration(CONCURRENCY, Duration.ZERO, length, i -> eventsRequest(service, writer,
                json(data.fresh(data.main(), INGEST_COMPANY, batch, from, to, 10_000 + i))), accepted(batch));
        String cpuUse = cpu.end();
        check(load, "ingestion at full rate");
        // the events stop: until a run has rolled up everything sent (the lag back under one interval)
        long stopped = System.nanoTime();
        double caughtUp = Double.NaN;
        JobMetrics atStop = jobMetrics(service);
        while (System.nanoTime() - stopped < Duration.ofMinutes(10).toNanos()) {
            JobMetrics now = jobMetrics(service);
            if (now.completed() >= atStop.completed() + 2) {
                caughtUp = (System.nanoTime() - stopped) / 1e9;
                break;
            }
            Thread.sleep(200);
        }
        stop.set(true);
        sampler.join();
        JobMetrics after = jobMetrics(service);
        double runs = after.completed() - before.completed();
        double maxLag = lags.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        double lastLag = lags.isEmpty() ? Double.NaN : lags.get(lags.size() - 1);
        lagReport = String.format(Locale.ROOT, "%,d events in %.0f s (%,.0f events/s, batches of %d, concurrency %d, "
                + "p95 %.0f ms) while the job ran every 5 s: %.0f runs, %.2f s each on average; rollup lag read every "
                + "second: at most %.1f s, %.1f s at the end; after the events stopped, two more runs completed in "
                + "%.1f s. %s.", load.count() * batch, load.seconds(), load.count() * batch / load.seconds(), batch,
                CONCURRENCY, load.percentile(95), runs,
                runs > 0 ? (after.seconds() - before.seconds()) / runs : Double.NaN, maxLag, lastLag, caughtUp,
                cpuUse);
        if (Double.isNaN(caughtUp)) {
            throw new IllegalStateException("the rollup job did not catch up within 10 minutes: " + lagReport);
        }
    }

    /** Latency (ms) of the last {@link #dashboardAnswer}: one request alone, nothing else running. */
    private final List<Double> aloneMs = new ArrayList<>();

    private JsonNode dashboardAnswer(ServiceProcess service) throws Exception {
        long sent = System.nanoTime();
        HttpResponse<String> answer = Load.answer(dashboardRequest(service));
        aloneMs.add((System.nanoTime() - sent) / 1e6);
        if (!answered(answer)) {
            throw new IllegalStateException("dashboard query failed: " + answer.statusCode() + " " + answer.body());
        }
        Files.writeString(target.resolve("benchmarks/dashboard-answer.json"), answer.body());
        return JSON.readTree(answer.body());
    }

    /** Each figure alone, one request at a time: median and p95 (ms). */
    private Map<String, double[]> fieldProfile(Connection db, ServiceProcess service) throws Exception {
        report.progress("profile: each figure alone, %d times", profileRepetitions);
        String marker = "bench-profile-" + System.nanoTime();
        Profiles.logStatementsSlowerThan(db, "0");
        Profiles.mark(db, marker);
        Map<String, double[]> result = new LinkedHashMap<>();
        String token = tokens.owner(data.main().id());
        for (Map.Entry<String, String> figure : FIGURES.entrySet()) {
            boolean ranged = figure.getValue().contains("$range");
            String query = "query One($id: String!" + (ranged ? ", $range: DateRangeInput!" : "")
                    + ") { company(id: $id) { " + figure.getValue() + " } }";
            HttpRequest request = service.graphqlRequest(token, ranged ? body(query) : bodyWithoutRange(query));
            HttpRequest r = request;
            Load.count(1, 2, i -> r, Benchmark::answered);
            Load.Result timed = Load.count(1, profileRepetitions, i -> r, Benchmark::answered);
            check(timed, "profile of " + figure.getKey());
            result.put(figure.getKey(), new double[] { timed.percentile(50), timed.percentile(95) });
        }
        Profiles.logStatementsSlowerThan(db, SLOW_STATEMENT);
        Thread.sleep(500);
        statementProfile = Profiles.statements(target.resolve("benchmarks/postgresql-log"), marker);
        return result;
    }

    private Map<String, double[]> statementProfile = Map.of();
    private List<String> jfrSummary = List.of();
    private String jfrCpu = "";
    private String daysHeld = "not measured";
    private Load.Result jfrLoad;

    /** A Flight Recorder recording of the service during a further dashboard run (not part of the numbers). */
    private void serviceProfile(ServiceProcess service) throws Exception {
        if (!service.artifact.kind().equals("jvm")) {
            return;
        }
        Duration length = Duration.ofSeconds(Math.min(20, measure.toSeconds()));
        if (!Boolean.parseBoolean(System.getProperty("bench.jfr", Boolean.toString(size != Size.S)))) {
            return;
        }
        report.progress("profile: Flight Recorder on the service, %d s of dashboard load", length.toSeconds());
        Path file = target.resolve("benchmarks/service-dashboard.jfr");
        Profiles.startRecording(service.pid());
        ProcStat.Window cpu = ProcStat.Window.begin(service.pid(), postgresPid);
        jfrLoad = Load.forDuration(CONCURRENCY, Duration.ZERO, length, i -> dashboardRequest(service),
                Benchmark::answered);
        jfrCpu = cpu.end();
        Profiles.stopRecording(service.pid(), file);
        jfrSummary = Profiles.summarize(file);
    }

    private String bodyWithoutRange(String query) {
        ObjectNode body = JSON.createObjectNode();
        body.put("query", query);
        body.putObject("variables").put("id", data.main().id());
        return body.toString();
    }

    /** The answer without what legitimately differs between two computations: when they were made. */
    static JsonNode comparable(JsonNode answer) {
        JsonNode copy = answer.deepCopy();
        strip(copy);
        return copy;
    }

    private static void strip(JsonNode node) {
        if (node instanceof ObjectNode object) {
            object.remove(List.of("rolledUpAt", "computedAt"));
        }
        node.forEach(Benchmark::strip);
    }

    private void dashboardReport(Load.Result rolled, Load.Result raw, JsonNode rolledAnswer, JsonNode rawAnswer,
            Map<String, double[]> profile) throws IOException {
        boolean same = comparable(rolledAnswer).equals(comparable(rawAnswer));
        Files.writeString(target.resolve("benchmarks/dashboard-query.graphql"), dashboardQuery());
        report.line("## 3. Dashboard query");
        report.blank();
        report.line("One GraphQL request with every figure of `company(id: \"%s\")` (%d users) for the 90 days %s to "
                + "%s, granularity DAY (telemetry; activity with all series, latest, pending invites and the three "
                + "breakdowns; adoption with all series and tops; feedback; spend with to-date totals, by model and "
                + "the first page by user; every freshness); the query is in "
                + "`target/benchmarks/dashboard-query.graphql`. Owner token, concurrency %d, closed loop.",
                data.main().id(), data.main().users(), rangeFrom, rangeTo, CONCURRENCY);
        report.blank();
        report.line("| computed from | answered (failed) | p50 ms | p95 ms | p99 ms | requests/s | one request alone ms |");
        report.line("|---|---|---|---|---|---|---|");
        report.line("| rollups (+ raw events above the watermark), %d s after %d s warm-up | %d (%d) | %.1f | %.1f | %.1f "
                + "| %.2f | %.0f |", measure.toSeconds(), warmUp.toSeconds(), rolled.count(), rolled.failures(),
                rolled.percentile(50), rolled.percentile(95), rolled.percentile(99), rolled.perSecond(), aloneMs.get(0));
        if (raw != null) {
            report.line("| raw events only (rollup tables emptied, watermark 0), %d requests | %d (%d) | %.0f | %.0f | "
                    + "%.0f | %.3f | %.0f |", rawRequests, raw.count(), raw.failures(), raw.percentile(50),
                    raw.percentile(95), raw.percentile(99), raw.perSecond(), aloneMs.get(1));
        } else {
            report.line("| raw events only (rollup tables emptied, watermark 0), one request alone%s | | | | | | %.0f |",
                    size == Size.L ? " (service heap " + RAW_HEAP_L + ")" : "", aloneMs.get(1));
        }
        if (whileEventsArrive != null) {
            Load.Result w = whileEventsArrive.load();
            report.line("| rollups while %d events/s of %s arrive (see below), %d s measured | %d (%d) | %.1f | %.1f | "
                    + "%.1f | %.2f | |", whileEventsArrive.perSecond(), rangeTo, measure.toSeconds(), w.count(),
                    w.failures(), w.percentile(50), w.percentile(95), w.percentile(99), w.perSecond());
        }
        report.blank();
        if (raw != null && raw.failures() > 0) {
            report.line("The failed raw-event requests: %s", raw.firstFailure().replace('\n', ' '));
            report.blank();
        }
        String underLoad = raw == null ? "" : String.format(", %.1f× at p50 and %.1f× in requests/s at concurrency %d",
                raw.percentile(50) / rolled.percentile(50), rolled.perSecond() / raw.perSecond(), CONCURRENCY);
        report.line("**p95 on rollups: %.1f ms** (target: under 50 ms). **Rollups vs raw events: %.1f× faster for one "
                + "request alone%s** (target: at least 20×). Same answer from both (apart from "
                + "rolledUpAt/computedAt): **%s**.", rolled.percentile(95), aloneMs.get(1) / aloneMs.get(0), underLoad,
                same ? "yes" : "NO");
        report.blank();
        report.line("- warm-up on rollups, slice by slice (at most 10 s each; requests/s and, in brackets, p95 ms): %s",
                warmUpSlices);
        report.line("- on rollups: %s", rolledCpu);
        if (whileEventsArrive != null) {
            report.line("- while events arrive: a client sent %,d events of `%s` dated %s (%,d refused), one batch a "
                    + "second, while the dashboard load ran. The service's rollup job (every 5 s here, 60 s by "
                    + "default) rebuilt that day in each of its runs meanwhile (%.0f runs), so the answers counted up "
                    + "to a few seconds of events not rolled up yet and read the rebuilt day again after each run. %s",
                    whileEventsArrive.sent(), data.main().id(), rangeTo, whileEventsArrive.failed(),
                    whileEventsArrive.rollupRuns(), whileEventsArrive.cpu());
        }
        report.blank();
        report.line("Profile: each figure alone, one request at a time, %d times (ms; the company lookup, token "
                + "check and HTTP are in every line):", profileRepetitions);
        report.blank();
        report.line("| figure | p50 ms | p95 ms |");
        report.line("|---|---|---|");
        profile.entrySet().stream().sorted((a, b) -> Double.compare(b.getValue()[0], a.getValue()[0]))
                .forEach(e -> report.line("| %s | %.1f | %.1f |", e.getKey(), e.getValue()[0], e.getValue()[1]));
        report.line("| sum of the figures' p50 | %.1f | |",
                profile.values().stream().mapToDouble(v -> v[0]).sum());
        report.blank();
        report.line("Inside PostgreSQL during that pass (its own log, `log_min_duration_statement = 0` for the pass "
                + "only): execution time per statement, the largest total first (statements cut at 120 "
                + "characters; a leading `…` stands for the `state`/`tail` CTEs they start with):");
        report.blank();
        report.line("| statement | runs | median ms | p95 ms | total ms |");
        report.line("|---|---|---|---|---|");
        statementProfile.entrySet().stream().filter(e -> !e.getKey().equals(Profiles.PLANNING)).limit(15).forEach(e -> report.line("| `%s` | %.0f | %.2f | %.2f | %.0f |",
                e.getKey().replace("|", "\\|"), e.getValue()[0], e.getValue()[1], e.getValue()[2], e.getValue()[3]));
        double[] planning = statementProfile.get(Profiles.PLANNING);
        double executing = statementProfile.entrySet().stream().filter(e -> !e.getKey().equals(Profiles.PLANNING))
                .mapToDouble(e -> e.getValue()[3]).sum();
        if (planning != null) {
            report.line("All statements of the pass: %.0f ms executing, %.0f ms in parse and bind (%.0f messages; "
                    + "with `plan_cache_mode=force_custom_plan` bind is where each statement is planned).",
                    executing, planning[3], planning[0]);
        }
        report.blank();
        if (jfrLoad != null) {
            report.line("The service under the same load for %.0f s more with Java Flight Recorder on "
                    + "(`target/benchmarks/service-dashboard.jfr`; p50 %.1f ms, p95 %.1f ms, %.2f requests/s): %s",
                    jfrLoad.seconds(), jfrLoad.percentile(50), jfrLoad.percentile(95), jfrLoad.perSecond(), jfrCpu);
            report.line("That is %.1f ms of service CPU and %.1f ms of PostgreSQL CPU per dashboard request.",
                    cpuPerRequest(jfrCpu, "service", jfrLoad), cpuPerRequest(jfrCpu, "PostgreSQL", jfrLoad));
            report.blank();
            jfrSummary.forEach(report::line);
            report.blank();
        }
        report.save();
        if (!same) {
            Files.writeString(target.resolve("benchmarks/dashboard-answer-raw.json"), rawAnswer.toPrettyString());
            Files.writeString(target.resolve("benchmarks/dashboard-answer-rolled.json"),
                    rolledAnswer.toPrettyString());
            throw new IllegalStateException("The dashboard answers from rollups and from raw events differ; see "
                    + target.resolve("benchmarks"));
        }
    }

    private static double cpuPerRequest(String window, String who, Load.Result load) {
        Matcher m = Pattern.compile(who + " ([0-9.]+) s").matcher(window);
        return m.find() ? 1000 * Double.parseDouble(m.group(1)) / Math.max(1, load.count()) : Double.NaN;
    }

    // ------------------------------------------------------------------ 4. start-up and memory

    private void startupReport(List<Startup> starts, double rssAfterDashboard, double rssAfterRaw,
            Startup nativeStartup, Load.Result nativeLoad, double nativeRss) throws IOException {
        report.line("## 4. Start-up and memory");
        report.blank();
        report.line("From process start to the readiness check answering UP (after the warm-up: the console's view "
                + "computed for the busiest companies, `analytics.warm-up.*`) and to the first answered GraphQL "
                + "request (`{ companies { id } }` with an owner token: token check, database), polled every 10 ms; "
                + "Quarkus's own \"started in\"; resident memory (VmRSS from /proc) once both were reached.");
        report.blank();
        report.line("| build and start | ready ms | first answer ms | Quarkus \"started in\" | RSS after start MiB |");
        report.line("|---|---|---|---|---|");
        List<Startup> all = new ArrayList<>(starts);
        if (nativeStartup != null) {
            all.add(nativeStartup);
        }
        for (Startup s : all) {
            report.line("| %s | %d | %d | %s | %.0f |", s.what(), s.ready().toMillis(), s.firstAnswer().toMillis(),
                    s.reported(), s.rssMiB());
        }
        report.blank();
        report.line("Resident memory after loading, JVM: %.0f MiB after the %d-s dashboard run on rollups, %.0f MiB "
                + "after the raw-event dashboard requests.", rssAfterDashboard, warmUp.plus(measure).toSeconds(),
                rssAfterRaw);
        report.line("Rolled-up days in the service's memory after the dashboard run (its metrics "
                + "`analytics_figures_days_held_bytes`, `analytics_figures_days_read_total`): %s.", daysHeld);
        report.line("First dashboards of `%s` after the JVM restart, once it reported itself ready (its warm-up has "
                + "computed the console's view of the busiest companies; \"ready ms\" above includes it): %s.",
                data.main().id(), firstDashboards);
        if (!aotNote.isEmpty()) {
            report.line("%s", aotNote);
        }
        if (nativeStartup != null) {
            report.line("Native: %.0f MiB after a %d-s dashboard run (p50 %.1f ms, p95 %.1f ms, %.1f requests/s).",
                    nativeRss, warmUp.plus(measure.dividedBy(3)).toSeconds(), nativeLoad.percentile(50),
                    nativeLoad.percentile(95), nativeLoad.perSecond());
        } else {
            report.line("Native: not measured, no native executable in target/ (build it with `./native-build.sh`, "
                    + "or pass `-Dbench.native.path=...`).");
        }
        report.blank();
        report.save();
    }

    private String firstDashboards = "not measured";
    private String aotNote = "";

    /**
     * The JVM build with an ahead-of-time cache of the classes it loads and links and of the methods' profiles
     * (JDK 25, {@code -XX:AOTCacheOutput}), made two ways: a training run that answers dashboards for a while, and
     * the JVM image's own training ({@code src/main/docker/aot-training.sh}: a start without a database, up to the
     * end of the warm-up). The JVM writes the cache as it exits; each restart with {@code -XX:AOTCache}
     * ({@code -XX:AOTMode=on}: it fails rather than start without it) is measured like the others. None, with a
     * note, where the JDK has no AOT cache.
     */
    private List<Startup> aotCaches(ServiceProcess.Artifact plain) throws Exception {
        if (Runtime.version().feature() < 25) {
            aotNote = "JVM with an AOT cache: not measured, JDK " + Runtime.version().feature() + " (needs 25)";
            return List.of();
        }
        List<Startup> starts = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Path cache = target.resolve("benchmarks/app.aot").toAbsolutePath();
        Files.deleteIfExists(cache);
        long trainingStarted = System.nanoTime();
        ServiceProcess training = startService(ServiceProcess.Artifact.jvm(target,
                concat(jvmOptions, "-XX:AOTCacheOutput=" + cache)), "5-aot-training", Map.of());
        Load.Result trained;
        try {
            trained = Load.count(CONCURRENCY, size == Size.S ? 40 : 400, i -> dashboardRequest(training),
                    Benchmark::answered);
            check(trained, "AOT cache training");
        } finally {
            // the JVM writes the cache as it exits: give it the time
            training.stop(Duration.ofMinutes(5));
        }
        if (Files.isRegularFile(cache)) {
            notes.add(String.format(Locale.ROOT, "The AOT cache trained on dashboards: %.0f MiB, from a training "
                    + "run of %d dashboard requests (%.0f s in all, writing the cache included).",
                    Files.size(cache) / 1048576.0, trained.count(), (System.nanoTime() - trainingStarted) / 1e9));
            starts.add(startWithCache(cache, "6-aot", "JVM with the AOT cache trained on dashboards, restart: loaded database"));
        } else {
            notes.add("JVM with an AOT cache trained on dashboards: not measured, the training run wrote no cache "
                    + "(its log: " + target.resolve("benchmarks/service-5-aot-training.log") + ")");
        }
        Path imageCache = target.resolve("benchmarks/image-app.aot").toAbsolutePath();
        Files.deleteIfExists(imageCache);
        long imageTrainingStarted = System.nanoTime();
        int trainingExit = imageTraining(imageCache);
        if (trainingExit != 0 || !Files.isRegularFile(imageCache)) {
            throw new IllegalStateException("The JVM image's AOT training failed (exit " + trainingExit
                    + "); its log: " + target.resolve("benchmarks/service-7-aot-image-training.log"));
        }
        notes.add(String.format(Locale.ROOT, "The JVM image's AOT cache (`src/main/docker/aot-training.sh`: a "
                + "start without a database, to the end of the warm-up): %.0f MiB, %.0f s in all.",
                Files.size(imageCache) / 1048576.0, (System.nanoTime() - imageTrainingStarted) / 1e9));
        starts.add(startWithCache(imageCache, "8-aot-image",
                "JVM with the image's AOT cache (trained without a database), restart: loaded database"));
        aotNote = String.join(" ", notes);
        return starts;
    }

    private Startup startWithCache(Path cache, String name, String what) throws Exception {
        try (ServiceProcess aot = startService(ServiceProcess.Artifact.jvm(target,
                concat(jvmOptions, "-XX:AOTMode=on", "-XX:AOTCache=" + cache)), name, Map.of())) {
            return new Startup(aot, what);
        }
    }

    /**
     * The JVM image's training run, {@code aot-training.sh CACHE COMMAND}, with this JDK and jar: the command is
     * the image's start, java with JAVA_OPTS_APPEND before {@code -jar}. Its exit code.
     */
    private int imageTraining(Path cache) throws Exception {
        Path script = target.toAbsolutePath().getParent().resolve("src/main/docker/aot-training.sh");
        List<String> java = ServiceProcess.Artifact.jvm(target, jvmOptions).command();
        String start = "exec " + java.subList(0, java.indexOf("-jar")).stream().map(Benchmark::quoted)
                .collect(Collectors.joining(" ")) + " $JAVA_OPTS_APPEND -jar " + quoted(java.getLast());
        int port = ServiceProcess.freePort();
        Path log = target.resolve("benchmarks/service-7-aot-image-training.log");
        ProcessBuilder builder = new ProcessBuilder("bash", script.toString(), cache.toString(), "bash", "-c", start)
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("AOT_TRAINING_PORT", Integer.toString(port));
        builder.environment().put("JAVA_OPTS_APPEND", "-Dquarkus.log.console.json.enabled=false");
        Process process = builder.start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            return -1;
        }
        return process.exitValue();
    }

    private static String quoted(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }

    private static List<String> concat(List<String> options, String... more) {
        List<String> all = new ArrayList<>(options);
        all.addAll(List.of(more));
        return all;
    }

    /**
     * Right after a restart, with the rollups in place, once the service is ready: the first dashboards of the big
     * company, {@link #CONCURRENCY} sent at once. The warm-up has read the company's history already (it is the
     * busiest), so they find its days held; without the warm-up one load reads them and the others wait for it.
     */
    private void firstDashboards(ServiceProcess service) throws Exception {
        report.progress("first dashboards after the restart: %d at once", CONCURRENCY);
        Load.Result first = Load.count(CONCURRENCY, CONCURRENCY, i -> dashboardRequest(service), Benchmark::answered);
        check(first, "first dashboards after the restart");
        String text = Load.answer(HttpRequest.newBuilder(URI.create(service.base + "/q/metrics")).build()).body();
        firstDashboards = String.format(Locale.ROOT, "%d requests sent at once, all answered within %.0f ms (the "
                + "fastest in %.0f ms); %.0f rolled-up company-days read from PostgreSQL for them", first.count(),
                first.percentile(100), first.percentile(0), number(DAYS_READ, text));
    }

    // ------------------------------------------------------------------ helpers

    /** With -Dbench.hold=true: waits (at most an hour) for target/benchmarks/release, to look at the database. */
    private void hold(String state) throws Exception {
        if (!Boolean.getBoolean("bench.hold")) {
            return;
        }
        Path release = target.resolve("benchmarks/release");
        report.progress("holding (%s): database %s; create %s to go on", state, jdbcUrl, release.toAbsolutePath());
        long deadline = System.nanoTime() + Duration.ofHours(1).toNanos();
        while (!Files.exists(release) && System.nanoTime() < deadline) {
            Thread.sleep(1000);
        }
        Files.deleteIfExists(release);
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
            return r.getString(1);
        }
    }

    private static String memory() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return "%.1f GiB memory".formatted(Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0 / 1024.0);
                }
            }
        } catch (IOException ignored) {
            // not Linux
        }
        return "memory unknown";
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
