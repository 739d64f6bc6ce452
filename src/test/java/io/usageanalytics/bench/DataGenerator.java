package io.usageanalytics.bench;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Deterministic synthetic telemetry for the benchmarks: the same seed, size and
 * anchor day give the same events, byte for byte.
 *
 * Each company has a fixed population of users. A user has a tier (5% heavy, 25%
 * regular, 70% light: a few users make most of the traffic), a personal
 * multiplier (log-normal), a day they joined (60% from the start, the rest
 * spread over the year: a growing company), a platform, a deployment, a
 * version lag and a few projects. On each day a user is active with a
 * probability of their tier, much lower on weekends, and then does a session:
 * USER_ACTIVE, chats with user and assistant messages, feedback, spend (where
 * extra usage is on), artifacts, projects, connectors, now and then a folder,
 * a group or a space. Invites are sent per company and accepted or revoked on
 * later days. Times follow office hours of the company's time zone.
 *
 * Every (company, day) is generated from its own random stream, so any day can
 * be generated on its own: the history, the "new day" of the incremental
 * rollup and the fresh events of the ingestion run never depend on what else
 * was generated.
 */
public final class DataGenerator {

    /** Dataset sizes. */
    public enum Size {
        /** Seconds to load: the CI smoke run. */
        S(new int[] { 120, 30, 10 }, 10_000, 500),
        /** Minutes to load: a 5,000-user company with a year of events, and nine smaller ones. */
        M(new int[] { 5_000, 400, 250, 150, 100, 60, 40, 25, 15, 10 }, 200_000, 1_000),
        /** Scale runs outside CI: a 20,000-user company and 49 others. */
        L(large(), 500_000, 1_000);

        /** Users per company; the first company is the one whose dashboard is measured. */
        public final int[] users;
        /** Events sent per side in the ingestion comparison. */
        public final int ingestEvents;
        /** Events per batch in the ingestion comparison (HTTP and bare PostgreSQL alike). */
        public final int batchSize;

        Size(int[] users, int ingestEvents, int batchSize) {
            this.users = users;
            this.ingestEvents = ingestEvents;
            this.batchSize = batchSize;
        }

        private static int[] large() {
            int[] users = new int[50];
            users[0] = 20_000;
            for (int i = 1; i < users.length; i++) {
                users[i] = 20 + (int) (2_000 * Math.pow((double) (users.length - i) / users.length, 3));
            }
            return users;
        }
    }

    /** One company of the dataset. */
    public record CompanySpec(int index, String id, String name, String timeZone, int users, int seats,
            boolean extraUsage) {

        public ZoneId zone() {
            return ZoneId.of(timeZone);
        }
    }

    /** One event, with the columns of the event table. */
    public record Event(String companyId, UUID eventId, Instant occurredAt, String type, String userId,
            String chatId, String assistantId, String module, String folderKind, String rating, String projectId,
            String connector, String inviteId, String model, Long amountMicros, String appVersion, String platform,
            String deployment) {
    }

    /** Days of history: a year. */
    public static final int HISTORY_DAYS = 365;

    private static final String[] ZONES = { "Europe/Berlin", "America/New_York", "UTC", "Asia/Tokyo",
            "America/Los_Angeles", "Europe/London", "Australia/Sydney", "America/Sao_Paulo", "Asia/Kolkata",
            "Europe/Paris" };
    private static final String[] ASSISTANTS = { "writer", "coder", "analyst", "translator", "researcher", "legal" };
    private static final double[] ASSISTANT_WEIGHTS = { 35, 25, 15, 10, 10, 5 };
    private static final String[] MODULES = { "documents", "mail", "spreadsheets", "slides", "chat" };
    private static final double[] MODULE_WEIGHTS = { 30, 20, 15, 10, 25 };
    private static final String[] CONNECTORS = { "sharepoint", "confluence", "google-drive", "jira", "slack",
            "github", "salesforce" };
    private static final double[] CONNECTOR_WEIGHTS = { 30, 20, 18, 12, 10, 6, 4 };
    private static final String[] MODELS = { "gpt-large", "claude-fast", "gpt-small", "claude-large" };
    private static final double[] MODEL_WEIGHTS = { 30, 30, 30, 10 };
    private static final String[] PLATFORMS = { "web", "desktop-macos", "desktop-windows", "ios", "android" };
    private static final double[] PLATFORM_WEIGHTS = { 55, 20, 15, 6, 4 };
    /** Share of each local hour in a working day's activity. */
    private static final double[] HOURS = { 0.2, 0.1, 0.1, 0.1, 0.2, 0.5, 1.5, 4, 8, 10, 10, 9, 6, 8, 9, 9, 8, 6, 4,
            3, 2, 1.5, 1, 0.5 };

    private final long seed;
    private final Size size;
    private final LocalDate lastHistoryDay;
    private final List<CompanySpec> companies = new ArrayList<>();
    private final List<User[]> users = new ArrayList<>();

    /**
     * @param lastHistoryDay the last local day of the history; the history is the {@link #HISTORY_DAYS} days
     *                       ending on it
     */
    public DataGenerator(long seed, Size size, LocalDate lastHistoryDay) {
        this.seed = seed;
        this.size = size;
        this.lastHistoryDay = lastHistoryDay;
        for (int c = 0; c < size.users.length; c++) {
            int n = size.users[c];
            String id = c == 0 ? "bench-main" : "bench-%02d".formatted(c);
            CompanySpec company = new CompanySpec(c, id, c == 0 ? "Bench Main Corporation" : "Bench Company " + c,
                    ZONES[c % ZONES.length], n, n + n / 10, c % 3 != 2);
            companies.add(company);
            users.add(population(company));
        }
    }

    public Size size() {
        return size;
    }

    public List<CompanySpec> companies() {
        return companies;
    }

    /** The company whose dashboard is measured: the largest. */
    public CompanySpec main() {
        return companies.get(0);
    }

    public LocalDate firstHistoryDay() {
        return lastHistoryDay.minusDays(HISTORY_DAYS - 1);
    }

    public LocalDate lastHistoryDay() {
        return lastHistoryDay;
    }

    /** Every event of the history, company by company, day by day. */
    public void history(Consumer<Event> sink) {
        for (CompanySpec company : companies) {
            for (LocalDate day = firstHistoryDay(); !day.isAfter(lastHistoryDay); day = day.plusDays(1)) {
                day(company, day, sink);
            }
        }
    }

    /** Every event of one local day of every company. */
    public void allCompaniesOn(LocalDate day, Consumer<Event> sink) {
        for (CompanySpec company : companies) {
            day(company, day, sink);
        }
    }

    /** The events of one company on one of its local days. */
    public void day(CompanySpec company, LocalDate day, Consumer<Event> sink) {
        new DayWriter(company, day, new SplittableRandom(mix(seed, company.index(), day.toEpochDay(), 1)), sink)
                .write();
    }

    /**
     * Fresh events of the same shape as the history, for the ingestion comparison: the sessions of
     * {@code company}'s users on the days before {@code lastDay}, but with occurredAt moved into the window
     * [{@code from}, {@code to}) and event ids drawn from {@code stream} (each stream gives different ids and
     * times, the same mix of types and attributes).
     */
    public List<Event> fresh(CompanySpec template, String companyId, int count, Instant from, Instant to,
            int stream) {
        List<Event> result = new ArrayList<>(count);
        SplittableRandom ids = new SplittableRandom(mix(seed, 1_000 + stream, 7, 3));
        long window = to.toEpochMilli() - from.toEpochMilli();
        LocalDate day = lastHistoryDay;
        while (result.size() < count) {
            day(template, day, e -> {
                if (result.size() < count) {
                    Instant at = from.plusMillis((long) (ids.nextDouble() * window));
                    result.add(new Event(companyId, uuid(ids), at, e.type(), e.userId(), e.chatId(),
                            e.assistantId(), e.module(), e.folderKind(), e.rating(), e.projectId(), e.connector(),
                            e.inviteId(), e.model(), e.amountMicros(), e.appVersion(), e.platform(), e.deployment()));
                }
            });
            day = day.minusDays(1);
        }
        return result;
    }

    // ------------------------------------------------------------------ the directory

    /** Teams of a company: one per 50 users, at most 60, in departments of 6 (M: 10 departments, 60 teams). */
    public static int teams(CompanySpec company) {
        return Math.max(2, Math.min(60, company.users() / 50));
    }

    /** The team of user {@code i} in month {@code month}: a tenth of the users move once in the year. */
    static int teamOf(int i, int month, int teams) {
        boolean moved = i % 10 == 0 && month >= i % 12;
        return moved ? (i % teams + 13) % teams : i % teams;
    }

    /**
     * The company's directory as of the first day of month {@code month} (0-11) of the history, as a snapshot for
     * {@code PUT /directory/{companyId}}: departments {@code dept-*} of teams {@code team-*}, every user in one team.
     */
    public String directory(CompanySpec company, int month) {
        int teams = teams(company);
        User[] users = population(company);
        StringBuilder json = new StringBuilder("{\"asOf\": \"").append(firstHistoryDay().plusMonths(month)
                .atTime(9, 0).atZone(company.zone()).toInstant()).append("\", \"teams\": [");
        for (int d = 0; d * 6 < teams; d++) {
            json.append(d == 0 ? "" : ", ").append("{\"id\": \"dept-").append(d).append("\", \"name\": \"Department ")
                    .append(d).append("\"}");
        }
        for (int t = 0; t < teams; t++) {
            json.append(", {\"id\": \"team-").append(t).append("\", \"name\": \"Team ").append(t)
                    .append("\", \"parentId\": \"dept-").append(t / 6).append("\", \"members\": [");
            boolean first = true;
            for (int i = 0; i < users.length; i++) {
                if (teamOf(i, month, teams) == t) {
                    json.append(first ? "" : ", ").append('"').append(users[i].id()).append('"');
                    first = false;
                }
            }
            json.append("]}");
        }
        return json.append("]}").toString();
    }

    // ------------------------------------------------------------------ the users

    private record User(String id, int tier, double multiplier, long joined, String platform, String deployment,
            int versionLag, String[] projects) {
    }

    private User[] population(CompanySpec company) {
        SplittableRandom random = new SplittableRandom(mix(seed, company.index(), 0, 0));
        User[] result = new User[company.users()];
        int projectPool = Math.max(3, company.users() / 8);
        long first = firstHistoryDay().toEpochDay();
        for (int i = 0; i < result.length; i++) {
            double t = random.nextDouble();
            int tier = t < 0.05 ? 0 : t < 0.30 ? 1 : 2;
            double multiplier = Math.exp(0.5 * gaussian(random));
            long joined = random.nextDouble() < 0.6 ? first : first + random.nextInt(HISTORY_DAYS);
            String platform = PLATFORMS[pick(random, PLATFORM_WEIGHTS)];
            String deployment = random.nextDouble() < 0.96 ? "prod" : "staging";
            int projects = random.nextDouble() < 0.4 ? 0 : 1 + random.nextInt(4);
            String[] own = new String[projects];
            for (int p = 0; p < projects; p++) {
                own[p] = "p-" + company.index() + "-" + random.nextInt(projectPool);
            }
            String id = "u-" + Long.toHexString(mix(seed, company.index(), i, 2) & 0xffffffffffL);
            result[i] = new User(id, tier, multiplier, joined, platform, deployment, random.nextInt(21), own);
        }
        return result;
    }

    // ------------------------------------------------------------------ one day

    private final class DayWriter {

        private final CompanySpec company;
        private final LocalDate day;
        private final ZoneId zone;
        private final SplittableRandom random;
        private final Consumer<Event> sink;
        private final long startOfDay;
        private final boolean weekend;

        DayWriter(CompanySpec company, LocalDate day, SplittableRandom random, Consumer<Event> sink) {
            this.company = company;
            this.day = day;
            this.zone = company.zone();
            this.random = random;
            this.sink = sink;
            this.startOfDay = day.atStartOfDay(zone).toInstant().toEpochMilli();
            this.weekend = day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY;
        }

        void write() {
            User[] population = users.get(company.index());
            long epochDay = day.toEpochDay();
            for (int i = 0; i < population.length; i++) {
                User user = population[i];
                if (user.joined() > epochDay) {
                    continue;
                }
                double p = switch (user.tier()) {
                    case 0 -> 0.85;
                    case 1 -> 0.45;
                    default -> 0.10;
                };
                if (weekend) {
                    p *= 0.12;
                }
                if (random.nextDouble() < p) {
                    session(user, i);
                }
            }
            invites();
        }

        private void session(User user, int userIndex) {
            double scale = user.multiplier() * switch (user.tier()) {
                case 0 -> 3.0;
                case 1 -> 1.2;
                default -> 0.6;
            };
            long at = startOfDay + hourMillis();
            String version = appVersion(user);
            Clock clock = new Clock(at);
            emit(clock.next(), "USER_ACTIVE", user, version, null, null, null, null, null, null, null, null, null,
                    null);
            int chats = poisson(1.0 * scale);
            for (int c = 0; c < chats; c++) {
                String chat = "c-" + company.index() + "-" + day.toEpochDay() + "-" + userIndex + "-" + c;
                emit(clock.next(), "CHAT_CREATED", user, version, chat, null, null, null, null, null, null, null,
                        null, null);
                String assistant = random.nextDouble() < 0.85 ? ASSISTANTS[pick(random, ASSISTANT_WEIGHTS)] : null;
                String module = random.nextDouble() < 0.7 ? MODULES[pick(random, MODULE_WEIGHTS)] : null;
                int pairs = 1 + poisson(1.5 * Math.sqrt(scale));
                for (int m = 0; m < pairs; m++) {
                    emit(clock.next(), "USER_MESSAGE", user, version, chat, assistant, module, null, null, null,
                            null, null, null, null);
                    Event answer = event(clock.next(), "ASSISTANT_MESSAGE",
                            random.nextDouble() < 0.5 ? user.id() : null, version, user, chat, assistant, module,
                            null, null, null, null, null, null, null);
                    sink.accept(answer);
                    if (random.nextDouble() < 0.08) {
                        emit(clock.next(), "FEEDBACK", user, version, null, assistant, null, null,
                                random.nextDouble() < 0.78 ? "POSITIVE" : "NEGATIVE", null, null, null, null, null);
                    }
                    if (company.extraUsage() && random.nextDouble() < 0.25) {
                        emit(clock.next(), "SPEND", user, version, null, null, null, null, null, null, null, null,
                                MODELS[pick(random, MODEL_WEIGHTS)], 500L + random.nextInt(150_000));
                    }
                }
            }
            for (int a = poisson(0.25 * scale); a > 0; a--) {
                emit(clock.next(), "ARTIFACT_CREATED", user, version, null, null, null, null, null, null, null, null,
                        null, null);
            }
            if (user.projects().length > 0) {
                for (int p = poisson(0.4 * scale); p > 0; p--) {
                    emit(clock.next(), "PROJECT_USED", user, version, null, null, null, null, null,
                            user.projects()[random.nextInt(user.projects().length)], null, null, null, null);
                }
            }
            for (int k = poisson(0.2 * scale); k > 0; k--) {
                emit(clock.next(), "CONNECTOR_USED", user, version, null, null, null, null, null, null,
                        CONNECTORS[pick(random, CONNECTOR_WEIGHTS)], null, null, null);
            }
            if (random.nextDouble() < 0.03 * scale) {
                double kind = random.nextDouble();
                emit(clock.next(), "FOLDER_CREATED", user, version, null, null, null,
                        kind < 0.5 ? "PROJECT" : kind < 0.8 ? "DOMAIN" : "OTHER", null, null, null, null, null, null);
            }
            if (random.nextDouble() < 0.005) {
                emit(clock.next(), "GROUP_CREATED", user, version, null, null, null, null, null, null, null, null,
                        null, null);
            }
            if (random.nextDouble() < 0.01) {
                emit(clock.next(), "SPACE_CREATED", user, version, null, null, null, null, null, null, null, null,
                        null, null);
            }
        }

        /**
         * Invites sent on this day, and the answers today to invites sent on the days before (regenerated from
         * their own day's stream: an invite is answered 0 to 6 days after it was sent, or never).
         */
        private void invites() {
            long today = day.toEpochDay();
            for (long sentDay = today - 6; sentDay <= today; sentDay++) {
                LocalDate sent = LocalDate.ofEpochDay(sentDay);
                if (sent.isBefore(firstHistoryDay())) {
                    continue;
                }
                SplittableRandom r = new SplittableRandom(mix(seed, company.index(), sentDay, 4));
                boolean sentOnWeekend = sent.getDayOfWeek().getValue() >= 6;
                int count = DataGenerator.poisson(r, (sentOnWeekend ? 0.1 : 1.0) * (0.5 + company.users() * 0.003));
                long sentStart = sent.atStartOfDay(zone).toInstant().toEpochMilli();
                for (int i = 0; i < count; i++) {
                    String invite = "inv-" + company.index() + "-" + sentDay + "-" + i;
                    long sentAt = sentStart + hourMillis(r);
                    double fate = r.nextDouble();
                    int delay = r.nextInt(7);
                    long answeredAt = startOfDay + hourMillis(r);
                    if (sentDay == today) {
                        sink.accept(inviteEvent("INVITE_SENT", invite, sentAt));
                    }
                    if (sentDay + delay == today && fate < 0.75) {
                        String type = fate < 0.65 ? "INVITE_ACCEPTED" : "INVITE_REVOKED";
                        sink.accept(inviteEvent(type, invite, Math.max(answeredAt, sentAt + 1000)));
                    }
                }
            }
        }

        private Event inviteEvent(String type, String invite, long at) {
            return new Event(company.id(), uuid(random), Instant.ofEpochMilli(at), type, null, null, null, null,
                    null, null, null, null, invite, null, null, null, null, null);
        }

        private void emit(long at, String type, User user, String version, String chat, String assistant,
                String module, String folderKind, String rating, String project, String connector, String invite,
                String model, Long amount) {
            sink.accept(event(at, type, user.id(), version, user, chat, assistant, module, folderKind, rating,
                    project, connector, invite, model, amount));
        }

        private Event event(long at, String type, String userId, String version, User user, String chat,
                String assistant, String module, String folderKind, String rating, String project, String connector,
                String invite, String model, Long amount) {
            return new Event(company.id(), uuid(random), Instant.ofEpochMilli(at), type, userId, chat, assistant,
                    module, folderKind, rating, project, connector, invite, model, amount, version, user.platform(),
                    user.deployment());
        }

        /** The version a user runs: a release every 30 days, taken up after the user's lag. */
        private String appVersion(User user) {
            long release = Math.floorDiv(day.toEpochDay() - user.versionLag(), 30);
            return "3." + Math.floorMod(release, 40) + ".0";
        }

        private long hourMillis() {
            return hourMillis(random);
        }

        private long hourMillis(SplittableRandom r) {
            int hour = pick(r, HOURS);
            return hour * 3_600_000L + r.nextInt(3_000_000);
        }

        private int poisson(double mean) {
            return DataGenerator.poisson(random, mean);
        }

        /** Event times of a session: a few seconds to a minute apart, never past the end of the day. */
        private final class Clock {
            private long at;
            private final long endOfDay = day.plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli() - 1;

            Clock(long at) {
                this.at = at;
            }

            long next() {
                at = Math.min(endOfDay, at + 2_000 + random.nextInt(60_000));
                return at;
            }
        }
    }

    // ------------------------------------------------------------------ randomness

    static UUID uuid(SplittableRandom random) {
        long high = (random.nextLong() & ~0xf000L) | 0x4000L;
        long low = (random.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
        return new UUID(high, low);
    }

    static int pick(SplittableRandom random, double[] weights) {
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double x = random.nextDouble() * total;
        for (int i = 0; i < weights.length; i++) {
            x -= weights[i];
            if (x < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }

    static int poisson(SplittableRandom random, double mean) {
        if (mean <= 0) {
            return 0;
        }
        double limit = Math.exp(-mean);
        double product = random.nextDouble();
        int n = 0;
        while (product > limit) {
            product *= random.nextDouble();
            n++;
        }
        return n;
    }

    static double gaussian(SplittableRandom random) {
        double u = 1 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    /** A well-spread 64-bit hash of the seed and three numbers (SplitMix64 finaliser). */
    static long mix(long seed, long a, long b, long c) {
        long x = seed;
        for (long v : new long[] { a, b, c }) {
            x += 0x9E3779B97F4A7C15L + v;
            x = (x ^ (x >>> 30)) * 0xBF58476D1CE4E5B9L;
            x = (x ^ (x >>> 27)) * 0x94D049BB133111EBL;
            x = x ^ (x >>> 31);
        }
        return x;
    }
}
