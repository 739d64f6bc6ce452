package io.usageanalytics.demo;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.runtime.StartupEvent;
import io.usageanalytics.company.Company;
import io.usageanalytics.company.CompanyInput;
import io.usageanalytics.company.CompanyLookup;
import io.usageanalytics.company.CompanyService;
import io.usageanalytics.directory.DirectoryService;
import io.usageanalytics.directory.DirectorySnapshot;
import io.usageanalytics.error.ApiException;
import io.usageanalytics.error.ErrorCode;
import io.usageanalytics.ingest.IngestResult;
import io.usageanalytics.ingest.IngestService;
import io.usageanalytics.rollup.RollupJob;

/**
 * Dev mode: three demo companies and the last 30 days of their telemetry, sent
 * through the normal ingestion path, and Acme's directory of teams (two
 * snapshots: one user moves from Sales EMEA to Platform in the middle of the
 * month). Event ids are derived from their content, so loading twice stores
 * nothing new; a directory snapshot older than the last one applied is skipped.
 */
@ApplicationScoped
public class DemoDataLoader {

    private static final Logger LOG = Logger.getLogger(DemoDataLoader.class);
    private static final int DAYS = 30;
    private static final String[] ASSISTANTS = { "writer", "analyst", "coder" };
    private static final String[] MODULES = { "chat", "documents", "search" };
    private static final String[] CONNECTORS = { "sharepoint", "confluence", "jira", "google-drive" };
    private static final String[] MODELS = { "gpt-large", "gpt-small", "claude-fast" };
    private static final String[] PLATFORMS = { "web", "desktop-macos", "desktop-windows", "ios" };

    record DemoCompany(String id, String name, int seats, boolean extraUsage, String timeZone, int users) {
    }

    static final List<DemoCompany> COMPANIES = List.of(
            new DemoCompany("acme", "Acme Corporation", 40, true, "Europe/Berlin", 32),
            new DemoCompany("globex", "Globex", 25, false, "America/New_York", 18),
            new DemoCompany("initech", "Initech", 10, true, "UTC", 8));

    private final CompanyService companies;
    private final CompanyLookup lookup;
    private final IngestService ingest;
    private final DirectoryService directory;
    private final RollupJob rollup;
    private final ObjectMapper json;
    private final boolean enabled;

    public DemoDataLoader(CompanyService companies, CompanyLookup lookup, IngestService ingest,
            DirectoryService directory, RollupJob rollup, ObjectMapper json,
            @ConfigProperty(name = "analytics.demo-data.enabled") boolean enabled) {
        this.companies = companies;
        this.lookup = lookup;
        this.ingest = ingest;
        this.directory = directory;
        this.rollup = rollup;
        this.json = json;
        this.enabled = enabled;
    }

    void onStart(@Observes StartupEvent event) {
        if (!enabled) {
            return;
        }
        Instant now = Instant.now();
        int accepted = 0;
        for (DemoCompany company : COMPANIES) {
            companies.createIfAbsent(new CompanyInput(company.id(), company.name(), company.seats(),
                    company.extraUsage(), company.timeZone())).await().indefinitely();
            List<JsonNode> events = events(company, now);
            for (int from = 0; from < events.size(); from += 5000) {
                IngestResult result = ingest.ingest(events.subList(from, Math.min(events.size(), from + 5000)),
                        id -> true).await().indefinitely();
                accepted += result.accepted();
            }
        }
        DemoCompany acme = COMPANIES.get(0);
        Company company = lookup.findById(acme.id()).await().indefinitely();
        for (int daysAgo : new int[] { DAYS + 10, DAYS / 2 }) {
            DirectorySnapshot snapshot = DirectorySnapshot.read(teams(acme, daysAgo == DAYS / 2),
                    now.minus(Duration.ofDays(daysAgo)), Duration.ZERO);
            try {
                directory.apply(company, snapshot).await().indefinitely();
            } catch (ApiException e) {
                if (e.code() != ErrorCode.SNAPSHOT_OUT_OF_ORDER) {
                    throw e;
                }
            }
        }
        // rolled up at once, as a running installation's days would be: the console's first visit reads rolled-up
        // days instead of every raw event of the month
        if (accepted > 0) {
            rollup.rollUpNewEvents().await().indefinitely();
        }
        LOG.infof("Demo data: %d companies (%s), %d new events over the last %d days; teams for %s", COMPANIES.size(),
                COMPANIES.stream().map(DemoCompany::id).toList(), accepted, DAYS, acme.id());
    }

    /**
     * Acme's directory: two departments of two teams each and a small team (fewer members than the default
     * minimum team size, so it is shown only within "other teams"); two users in no team. After the move, user 5
     * is in Platform instead of Sales EMEA.
     */
    JsonNode teams(DemoCompany company, boolean afterMove) {
        ObjectNode snapshot = json.createObjectNode();
        var teams = snapshot.putArray("teams");
        teams.addObject().put("id", "sales").put("name", "Sales");
        teams.addObject().put("id", "engineering").put("name", "Engineering");
        int[][] members = { { 0, 8 }, { 8, 14 }, { 14, 22 }, { 22, 27 }, { 27, 30 } };
        String[][] names = { { "sales-emea", "Sales EMEA", "sales" }, { "sales-amer", "Sales Americas", "sales" },
                { "platform", "Platform", "engineering" }, { "apps", "Apps", "engineering" },
                { "people-ops", "People Operations", null } };
        for (int t = 0; t < names.length; t++) {
            ObjectNode team = teams.addObject().put("id", names[t][0]).put("name", names[t][1]);
            if (names[t][2] != null) {
                team.put("parentId", names[t][2]);
            }
            var ids = team.putArray("members");
            for (int u = members[t][0]; u < members[t][1]; u++) {
                boolean mover = u == 5;
                if (!mover || !afterMove) {
                    ids.add(userId(company, u));
                }
            }
            if (afterMove && names[t][0].equals("platform")) {
                ids.add(userId(company, 5));
            }
        }
        return snapshot;
    }

    private static String userId(DemoCompany company, int u) {
        return "u-" + company.id() + "-" + Integer.toHexString(0x1000 + u * 7919);
    }

    /** A month of plausible activity: a few heavy users, many light ones, quieter weekends. */
    List<JsonNode> events(DemoCompany company, Instant now) {
        Random random = new Random(company.id().hashCode());
        ZoneId zone = ZoneId.of(company.timeZone());
        LocalDate today = LocalDate.ofInstant(now, zone);
        List<JsonNode> events = new ArrayList<>();
        for (int d = DAYS - 1; d >= 0; d--) {
            LocalDate day = today.minusDays(d);
            boolean weekend = day.getDayOfWeek().getValue() >= 6;
            for (int u = 0; u < company.users(); u++) {
                double activity = u < 3 ? 0.95 : 0.55 / (1 + u / 8.0);
                if (random.nextDouble() > (weekend ? activity / 4 : activity)) {
                    continue;
                }
                String user = userId(company, u);
                Instant at = day.atTime(8, 0).atZone(zone).toInstant().plusSeconds(random.nextInt(10 * 3600));
                if (at.plus(Duration.ofHours(3)).isAfter(now)) {
                    continue;
                }
                Emitter e = new Emitter(company, user, at, random, events);
                e.emit("USER_ACTIVE");
                int chats = 1 + random.nextInt(u < 3 ? 4 : 2);
                for (int c = 0; c < chats; c++) {
                    String chat = "chat-" + UUID.nameUUIDFromBytes((user + day + c).getBytes());
                    e.emit("CHAT_CREATED").put("chatId", chat);
                    String assistant = ASSISTANTS[random.nextInt(ASSISTANTS.length)];
                    String module = MODULES[random.nextInt(MODULES.length)];
                    int turns = 1 + random.nextInt(5);
                    for (int t = 0; t < turns; t++) {
                        ObjectNode prompt = e.emit("USER_MESSAGE").put("chatId", chat);
                        prompt.put("assistantId", assistant).put("module", module);
                        ObjectNode answer = e.emit("ASSISTANT_MESSAGE").put("chatId", chat);
                        answer.put("assistantId", assistant).put("module", module);
                    }
                    if (random.nextInt(4) == 0) {
                        e.emit("FEEDBACK").put("rating", random.nextInt(5) == 0 ? "NEGATIVE" : "POSITIVE")
                                .put("assistantId", assistant);
                    }
                }
                if (random.nextInt(6) == 0) {
                    e.emit("FOLDER_CREATED").put("folderKind", random.nextBoolean() ? "PROJECT" : "DOMAIN");
                }
                if (random.nextInt(3) == 0) {
                    e.emit("PROJECT_USED").put("projectId", "project-" + random.nextInt(12));
                }
                if (random.nextInt(5) == 0) {
                    e.emit("ARTIFACT_CREATED");
                }
                if (random.nextInt(4) == 0) {
                    e.emit("CONNECTOR_USED").put("connector", CONNECTORS[random.nextInt(CONNECTORS.length)]);
                }
                if (random.nextInt(15) == 0) {
                    e.emit("GROUP_CREATED");
                }
                if (random.nextInt(12) == 0) {
                    e.emit("SPACE_CREATED");
                }
                if (company.extraUsage() && random.nextInt(3) == 0) {
                    e.emit("SPEND").put("model", MODELS[random.nextInt(MODELS.length)])
                            .put("amountMicros", 10_000L + random.nextInt(2_000_000));
                }
            }
            if (random.nextInt(3) == 0) {
                Emitter admin = new Emitter(company, null, day.atTime(9, 0).atZone(zone).toInstant(), random, events);
                if (!day.atTime(9, 0).atZone(zone).toInstant().isAfter(now)) {
                    String invite = "invite-" + company.id() + "-" + d;
                    admin.emit("INVITE_SENT").put("inviteId", invite);
                    if (random.nextBoolean()) {
                        admin.emit("INVITE_ACCEPTED").put("inviteId", invite);
                    }
                }
            }
        }
        return events;
    }

    /** Builds the events of one user's session, a few seconds apart. */
    private final class Emitter {
        private final DemoCompany company;
        private final String user;
        private final Random random;
        private final List<JsonNode> events;
        private Instant at;

        Emitter(DemoCompany company, String user, Instant at, Random random, List<JsonNode> events) {
            this.company = company;
            this.user = user;
            this.at = at;
            this.random = random;
            this.events = events;
        }

        ObjectNode emit(String type) {
            at = at.plus(Duration.ofSeconds(5 + random.nextInt(120)));
            ObjectNode event = json.createObjectNode();
            event.put("eventId", UUID.nameUUIDFromBytes((company.id() + events.size() + type + at).getBytes()).toString());
            event.put("companyId", company.id());
            event.put("occurredAt", at.toString());
            event.put("type", type);
            if (user != null) {
                event.put("userId", user);
            }
            event.put("appVersion", "2.4." + random.nextInt(3));
            event.putObject("environment")
                    .put("platform", PLATFORMS[Math.abs(user == null ? 0 : user.hashCode()) % PLATFORMS.length])
                    .put("deployment", "prod");
            events.add(event);
            return event;
        }
    }
}
