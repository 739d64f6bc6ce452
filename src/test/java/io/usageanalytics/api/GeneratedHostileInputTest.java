package io.usageanalytics.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.smallrye.jwt.build.Jwt;
import io.usageanalytics.error.ErrorCode;
import io.usageanalytics.support.Api;
import io.usageanalytics.support.Database;
import io.usageanalytics.support.TestTokens;
import io.vertx.mutiny.sqlclient.Row;

/**
 * Hundreds of hostile requests, generated from one seed by mutating valid events, GraphQL requests and CSV
 * downloads. Whatever a case sends, the answer must be one the README documents: a listed status, a code of
 * {@link ErrorCode} (or per-event results for events), no trace of the service's Java code, and nothing stored
 * for a refused event. The seed makes every case reproducible: a failing case shows its input in its name.
 */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
class GeneratedHostileInputTest {

    private static final long SEED = 0x5EED_2026L;
    private static final String CO = "generated-hostile-co";
    /** A second company, without extra usage: another company's data and SPEND_NOT_ENABLED. */
    private static final String OTHER = "generated-hostile-other";
    private static final int EVENT_CASES = 300;
    private static final int GRAPHQL_CASES = 200;
    private static final int CSV_CASES = 60;
    private static final int GRAPHQL_MAX_BODY = 65_536;

    private static final Set<String> CODES = documentedCodes();
    private static final List<String> LEAKS = List.of("System error", "java.", "io.usageanalytics", "Exception");
    private static final Set<Integer> EVENT_STATUSES = Set.of(200, 400, 401, 403, 413, 415, 422);
    private static final Set<Integer> GRAPHQL_STATUSES = Set.of(200, 400, 401, 413, 415);
    private static final Set<Integer> CSV_STATUSES = Set.of(200, 400, 401, 403, 404, 409);
    private static final Map<Integer, Set<String>> CODES_BY_STATUS = Map.of(
            400, names(ErrorCode.BAD_USER_INPUT),
            401, names(ErrorCode.UNAUTHENTICATED),
            403, names(ErrorCode.FORBIDDEN),
            404, names(ErrorCode.NOT_FOUND),
            409, names(ErrorCode.SPEND_NOT_ENABLED, ErrorCode.CONFLICT),
            413, names(ErrorCode.BATCH_TOO_LARGE, ErrorCode.BODY_TOO_LARGE),
            415, names(ErrorCode.UNSUPPORTED_MEDIA_TYPE));

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private static final String JSON_UTF8 = "application/json; charset=UTF-8";
    private static final String NDJSON_UTF8 = "application/x-ndjson; charset=UTF-8";

    @Inject
    Database db;

    @BeforeEach
    void companies() {
        Api.ensureCompany(CO, "Europe/Berlin", 10, true);
        Api.ensureCompany(OTHER, "UTC", 5, false);
    }

    // ================================================================== /events

    private enum Expect {
        /** Must be accepted whenever the batch is answered event by event. */
        VALID,
        /** Must never be stored. */
        INVALID,
        /** Either, but stored at most once, and stored exactly when not listed as rejected. */
        ANY
    }

    /** One element of a batch; {@code id} is the eventId it was built with (null when it never had one). */
    private record Item(Object json, UUID id, Expect expect, boolean breaksParse, boolean idIntact, String label) {
        static Item raw(String json, Expect expect, boolean breaksParse, String label) {
            return new Item(new Raw(json), null, expect, breaksParse, false, label);
        }
    }

    /**
     * @param items   the events in the order sent, or null when the body has no known structure
     * @param whole   whether refusing the whole body (400, 413) is acceptable; otherwise the batch is answered
     *                event by event (when the token and media type allow it at all)
     * @param status  the one status this case must get, or null
     */
    private record EventCase(String label, byte[] body, String contentType, String token, List<Item> items,
            boolean whole, Integer status, boolean exactCount) {
        EventCase(String label, byte[] body, String contentType, String token, List<Item> items, boolean whole,
                Integer status) {
            this(label, body, contentType, token, items, whole, status, true);
        }
    }

    @TestFactory
    Stream<DynamicTest> events() {
        Tokens tokens = new Tokens();
        Random r = new Random(SEED);
        List<EventCase> cases = new ArrayList<>();
        systematicEventCases(r, tokens, cases);
        while (cases.size() < EVENT_CASES) {
            int kind = r.nextInt(10);
            List<Item> items = batch(r, 1 + r.nextInt(6), 0.55);
            if (r.nextInt(30) == 0) {
                // now and then someone who may not send events: refused before any event is looked at
                String[] caller = pick(r, new String[] { null, "401" }, new String[] { tokens.owner, "403" },
                        new String[] { tokens.stranger, "403" });
                cases.add(new EventCase("caller " + caller[1] + " " + labels(items), bytes(array(r, items)), JSON_UTF8,
                        caller[0], notStored(items), true, Integer.valueOf(caller[1])));
            } else if (kind < 5) {
                cases.add(arrayCase("array", r, items, tokens.writer));
            } else if (kind < 9) {
                cases.add(ndjsonCase("ndjson", r, items, tokens.writer));
            } else {
                cases.add(truncatedCase(r, items, tokens.writer));
            }
        }
        return dynamicTests("events", cases, c -> c.label, c -> c.body, this::check);
    }

    private void systematicEventCases(Random r, Tokens tokens, List<EventCase> cases) {
        // every amountMicros extreme and every date form, alone in a batch and next to a valid event
        for (String[] amount : AMOUNTS) {
            Item spend = amountItem(amount[0], Expect.valueOf(amount[1]));
            cases.add(arrayCase("amountMicros " + amount[0], r, List.of(spend), tokens.writer));
            cases.add(ndjsonCase("amountMicros " + amount[0], r, List.of(valid(r), amountItem(amount[0],
                    Expect.valueOf(amount[1]))), tokens.writer));
        }
        for (Object[] date : dates(Instant.now())) {
            Obj event = baseEvent(r, UUID.randomUUID());
            event.put("occurredAt", date[0]);
            Item item = new Item(event, UUID.fromString((String) event.get("eventId")), (Expect) date[1], false, true,
                    "occurredAt " + date[0]);
            cases.add(arrayCase("occurredAt", r, List.of(valid(r), item), tokens.writer));
        }
        // each mutation at least once, in a mixed batch
        for (int m = 0; m < MUTATIONS; m++) {
            List<Item> items = new ArrayList<>(List.of(valid(r)));
            items.add(mutated(r, m));
            items.add(valid(r));
            cases.add(r.nextBoolean() ? arrayCase("mutation " + m, r, items, tokens.writer)
                    : ndjsonCase("mutation " + m, r, items, tokens.writer));
        }
        // bodies that are not a batch
        for (String body : List.of("", " ", "[]", " [ ] ", "{}", "null", "1", "\"x\"", "true", "[", "]", "[,]",
                "[{}", "[{},]", "[1,2", "{\"events\":[]}", "\u0000", "[\"\\ud800\"", "[]]", "[] []",
                "[{\"\\ud800\": 1}]")) {
            cases.add(new EventCase("body " + body, utf8(body), JSON_UTF8, tokens.writer, null, true, 400));
        }
        for (String body : List.of("[null]", "[1, \"x\", [], {}, true, 1e400]", "[[{}]]", "[{}]",
                "[\"\\u0000\", \"\\ud800\", {\"a\\u0000\": 1}]")) {
            cases.add(new EventCase("not events " + body, utf8(body), JSON_UTF8, tokens.writer, null, false, 422));
        }
        for (int depth : new int[] { 10, 14, 15, 16, 17, 100, 2000 }) {
            cases.add(new EventCase("nested arrays " + depth, utf8("[".repeat(depth) + "]".repeat(depth)), JSON_UTF8,
                    tokens.writer, null, true, null));
            String objects = "[" + "{\"a\":".repeat(depth) + "1" + "}".repeat(depth) + "]";
            cases.add(new EventCase("nested objects " + depth, utf8(objects), JSON_UTF8, tokens.writer, null, true,
                    null));
        }
        // trailing content: whitespace is fine, anything else refuses the whole body
        for (String tail : List.of(" ", "\n\t ", " []", "x", "\u0000", "}", ",", " {}", "\n[", "]", "//", "\uFEFF")) {
            List<Item> items = batch(r, 2, 0.0);
            byte[] body = concat(utf8(array(r, items)), utf8(tail));
            boolean blank = tail.isBlank() && tail.indexOf('\u0000') < 0 && tail.indexOf('\uFEFF') < 0;
            cases.add(new EventCase("trailing " + tail, body, JSON_UTF8, tokens.writer,
                    blank ? items : notStored(items), !blank, blank ? 200 : 400));
        }
        // random bytes, some of them starting like a batch
        for (int i = 0; i < 12; i++) {
            byte[] noise = new byte[r.nextInt(300)];
            r.nextBytes(noise);
            byte[] body = i % 3 == 0 ? noise : concat(utf8(i % 3 == 1 ? "[" : "[{\"eventId\":\""), noise);
            boolean lines = i % 2 == 0;
            cases.add(new EventCase("random bytes " + noise.length, body, lines ? NDJSON_UTF8 : JSON_UTF8,
                    tokens.writer, null, true, null));
        }
        // a byte order mark before the batch
        List<Item> bom = batch(r, 1, 0.0);
        cases.add(new EventCase("byte order mark", concat(new byte[] { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF },
                utf8(array(r, bom))), JSON_UTF8, tokens.writer, anyOf(bom), true, null));
        // over the batch limit, in both forms: refused at the first event over it
        String many = IntStream.range(0, 5001).mapToObj(i -> "{}").collect(Collectors.joining(","));
        cases.add(new EventCase("5001 empty events", utf8("[" + many + "]"), JSON_UTF8, tokens.writer, null, true,
                413));
        cases.add(new EventCase("5001 empty lines of events", utf8(many.replace(",", "\n")), NDJSON_UTF8,
                tokens.writer, null, true, 413));
        // who sends it: only a telemetry writer for the company stores anything
        Map<String, Integer> callers = new java.util.LinkedHashMap<>();
        callers.put(null, 401);
        callers.put("not-a-token", 401);
        callers.put(tokens.expired, 401);
        callers.put(tokens.owner, 403);
        callers.put(tokens.admin, 403);
        callers.put(tokens.stranger, 403);
        callers.put(tokens.partner, 403);
        int n = 0;
        for (Map.Entry<String, Integer> caller : callers.entrySet()) {
            List<Item> items = batch(r, 2, 0.0);
            cases.add(new EventCase("caller " + n++ + " status " + caller.getValue(), utf8(array(r, items)),
                    JSON_UTF8, caller.getKey(), notStored(items), true, caller.getValue()));
        }
        List<Item> foreign = batch(r, 3, 0.0);
        cases.add(new EventCase("writer of another company", utf8(array(r, foreign)), JSON_UTF8, tokens.otherWriter,
                notStored(foreign), false, 422));
        List<Item> everyCompany = batch(r, 2, 0.3);
        cases.add(new EventCase("writer of every company", utf8(array(r, everyCompany)), JSON_UTF8,
                tokens.everyWriter, everyCompany, anyBreaks(everyCompany), null));
        // media types: JSON and NDJSON, in the charset they declare (UTF-8 when none)
        Object[][] types = { { "application/json", 200 }, { "application/json;charset=utf8", 200 },
                { "application/json; charset=\"UTF-8\"", 200 }, { "APPLICATION/JSON; CHARSET=UTF-8", null },
                // a declared charset is read: these ASCII bodies mean the same in ISO-8859-1; as UTF-16 they are
                // other characters, so not JSON
                { "application/json; charset=ISO-8859-1", 200 }, { "application/json; charset=UTF-16", 400 },
                { "application/x-ndjson; charset=latin1", null }, { "application/json; charset=x-unknown", 415 },
                { "text/plain", 415 }, { "application/xml", 415 },
                { "multipart/form-data; boundary=x", 415 }, { null, null }, { "application/json, text/plain", 415 },
                { "application/json; charset=UTF-8, text/plain", 415 }, { "application", 415 }, { "", null },
                { ";charset=UTF-8", 415 }, { "application/json; charset", null },
                { "application/x-ndjson", null }, { "application/octet-stream", 415 } };
        for (Object[] type : types) {
            List<Item> items = batch(r, 2, 0.0);
            Integer status = (Integer) type[1];
            // where the media type is not known to be read as a JSON array, the events need not be the items
            cases.add(new EventCase("content type " + type[0], utf8(array(r, items)), (String) type[0], tokens.writer,
                    status == null ? null : status == 200 ? items : notStored(items), true, status));
        }
    }

    private EventCase arrayCase(String label, Random r, List<Item> items, String token) {
        return new EventCase(label + " " + labels(items), bytes(array(r, items)), JSON_UTF8, token, items,
                anyBreaks(items), null);
    }

    private EventCase ndjsonCase(String label, Random r, List<Item> items, String token) {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < items.size(); i++) {
            if (r.nextInt(6) == 0) {
                body.append(pick(r, "", "   ", "\t", " \t ")).append(pick(r, "\n", "\r\n", "\r"));
            }
            body.append(json(items.get(i).json, r.nextInt(4) == 0));
            if (i < items.size() - 1 || r.nextBoolean()) {
                body.append(pick(r, "\n", "\r\n", "\r"));
            }
        }
        // a line that does not parse is refused alone, never the whole body
        return new EventCase(label + " " + labels(items), bytes(body.toString()), NDJSON_UTF8, token, items, false,
                null);
    }

    /** A batch cut at a random byte: an array is refused whole, NDJSON keeps the complete lines before the cut. */
    private EventCase truncatedCase(Random r, List<Item> items, String token) {
        if (r.nextBoolean()) {
            byte[] body = bytes(array(r, items));
            int cut = r.nextInt(body.length);
            return new EventCase("array cut at " + cut + " " + labels(items), java.util.Arrays.copyOf(body, cut),
                    JSON_UTF8, token, notStored(items), true, 400);
        }
        List<Item> kept = new ArrayList<>();
        StringBuilder body = new StringBuilder();
        List<Integer> ends = new ArrayList<>();
        for (Item item : items) {
            body.append(json(item.json, false)).append('\n');
            ends.add(bytes(body.toString()).length);
        }
        byte[] all = bytes(body.toString());
        int cut = r.nextInt(all.length);
        int start = 0;
        for (int i = 0; i < items.size(); i++) {
            Item item = items.get(i);
            if (ends.get(i) <= cut) {
                kept.add(item);
            } else if (start < cut) {
                kept.add(new Item(item.json, item.id, Expect.ANY, false, false, item.label + " (cut)"));
            } else {
                kept.add(new Item(item.json, item.id, Expect.INVALID, false, false, item.label + " (not sent)"));
            }
            start = ends.get(i);
        }
        return new EventCase("ndjson cut at " + cut + " " + labels(items), java.util.Arrays.copyOf(all, cut),
                NDJSON_UTF8, token, kept, true, null, false);
    }

    private void check(EventCase c) throws Exception {
        long before = storedEvents();
        Answer answer = send("POST", "/events", c.token, c.contentType, c.body);
        assertDocumented(answer, EVENT_STATUSES);
        long stored = storedEvents() - before;
        if (c.status != null) {
            assertEquals(c.status.intValue(), answer.status, answer.text());
        }
        Map<UUID, Long> present = c.items == null ? Map.of() : presentIds(c.items);
        if (answer.status != 200 && answer.status != 422) {
            restError(answer);
            assertTrue(c.whole || !(answer.status == 400 || answer.status == 413),
                    "the batch should have been answered event by event: " + answer.text());
            assertEquals(0, stored, "a refused body stored events");
            assertTrue(present.isEmpty(), "a refused body stored " + present.keySet());
            return;
        }
        JsonNode result = answer.json();
        Set<String> fields = new HashSet<>();
        result.fieldNames().forEachRemaining(fields::add);
        assertEquals(Set.of("received", "accepted", "duplicates", "rejected"), fields, answer.text());
        int received = result.get("received").intValue();
        int accepted = result.get("accepted").intValue();
        int duplicates = result.get("duplicates").intValue();
        JsonNode rejected = result.get("rejected");
        assertTrue(result.get("received").isInt() && result.get("accepted").isInt()
                && result.get("duplicates").isInt() && rejected.isArray(), answer.text());
        assertEquals(received, accepted + duplicates + rejected.size(), answer.text());
        assertEquals(answer.status == 422, accepted + duplicates == 0, answer.text());
        assertEquals(accepted, stored, "accepted events and stored rows differ: " + answer.text());
        Map<Integer, JsonNode> byIndex = new HashMap<>();
        for (JsonNode rejection : rejected) {
            Set<String> names = new HashSet<>();
            rejection.fieldNames().forEachRemaining(names::add);
            assertEquals(Set.of("index", "eventId", "reason"), names, rejection.toString());
            int index = rejection.get("index").intValue();
            assertTrue(rejection.get("index").isInt() && index >= 0 && index < received, rejection.toString());
            assertTrue(rejection.get("reason").isTextual() && !rejection.get("reason").textValue().isBlank(),
                    rejection.toString());
            assertTrue(rejection.get("eventId").isNull() || rejection.get("eventId").isTextual(), rejection.toString());
            assertTrue(byIndex.put(index, rejection) == null, "index listed twice: " + answer.text());
        }
        if (c.items == null) {
            return;
        }
        assertTrue(received <= c.items.size(), answer.text());
        if (c.exactCount) {
            assertEquals(c.items.size(), received, answer.text());
        }
        for (int i = 0; i < c.items.size(); i++) {
            Item item = c.items.get(i);
            JsonNode rejection = byIndex.get(i);
            boolean refused = i >= received || rejection != null;
            String what = "event " + i + " (" + item.label + ") of " + answer.text();
            if (item.expect == Expect.VALID) {
                assertFalse(refused, "valid " + what);
            } else if (item.expect == Expect.INVALID) {
                assertTrue(refused, "invalid but accepted: " + what);
            }
            if (item.id != null) {
                long rows = present.getOrDefault(item.id, 0L);
                boolean sameIdElsewhere = c.items.stream().anyMatch(o -> o != item && item.id.equals(o.id));
                if (!refused) {
                    assertEquals(1, rows, "accepted but not stored once: " + what);
                } else if (!sameIdElsewhere) {
                    assertEquals(0, rows, "refused but stored: " + what);
                }
                if (rejection != null && item.idIntact && rejection.get("eventId").isTextual()) {
                    assertTrue(item.id.toString().equalsIgnoreCase(rejection.get("eventId").textValue()), what);
                }
            }
        }
    }

    private long storedEvents() {
        return db.query("SELECT count(*) FROM event WHERE company_id IN ($1, $2)", CO, OTHER).iterator().next()
                .getLong(0);
    }

    private Map<UUID, Long> presentIds(List<Item> items) {
        UUID[] ids = items.stream().map(Item::id).filter(java.util.Objects::nonNull).distinct().toArray(UUID[]::new);
        Map<UUID, Long> present = new HashMap<>();
        if (ids.length > 0) {
            for (Row row : db.query("SELECT event_id, count(*) FROM event WHERE event_id = ANY($1) GROUP BY event_id",
                    (Object) ids)) {
                present.put(row.getUUID(0), row.getLong(1));
            }
        }
        return present;
    }

    // ------------------------------------------------------------------ events and their mutations

    private static final List<String> COMMON_REQUIRED = List.of("eventId", "companyId", "occurredAt", "type");
    private static final Map<String, List<String>> REQUIRED = Map.ofEntries(
            Map.entry("USER_ACTIVE", List.of("userId")),
            Map.entry("FOLDER_CREATED", List.of("userId", "folderKind")),
            Map.entry("GROUP_CREATED", List.of("userId")),
            Map.entry("CHAT_CREATED", List.of("userId", "chatId")),
            Map.entry("SPACE_CREATED", List.of("userId")),
            Map.entry("USER_MESSAGE", List.of("userId", "chatId")),
            Map.entry("ASSISTANT_MESSAGE", List.of("chatId")),
            Map.entry("FEEDBACK", List.of("userId", "rating")),
            Map.entry("ARTIFACT_CREATED", List.of("userId")),
            Map.entry("PROJECT_USED", List.of("userId", "projectId")),
            Map.entry("CONNECTOR_USED", List.of("userId", "connector")),
            Map.entry("INVITE_SENT", List.of("inviteId")),
            Map.entry("INVITE_ACCEPTED", List.of("inviteId")),
            Map.entry("INVITE_REVOKED", List.of("inviteId")),
            Map.entry("SPEND", List.of("userId", "model", "amountMicros")));
    private static final Map<String, List<String>> OPTIONAL = Map.of(
            "USER_MESSAGE", List.of("assistantId", "module"),
            "ASSISTANT_MESSAGE", List.of("userId", "assistantId", "module"),
            "FEEDBACK", List.of("assistantId"),
            "INVITE_SENT", List.of("userId"),
            "INVITE_ACCEPTED", List.of("userId"),
            "INVITE_REVOKED", List.of("userId"));
    private static final List<String> TYPES = REQUIRED.keySet().stream().sorted().toList();
    private static final List<String> ATTRIBUTES = List.of("userId", "chatId", "assistantId", "module", "folderKind",
            "rating", "projectId", "connector", "inviteId", "model", "amountMicros");
    /** Ids: no whitespace. */
    private static final Set<String> IDS = Set.of("eventId", "companyId", "userId", "chatId", "assistantId",
            "projectId", "inviteId");
    /** Where a client chooses the text, and the personal-data guard looks. */
    private static final Set<String> FREE_TEXT = Set.of("companyId", "userId", "chatId", "assistantId", "projectId",
            "inviteId", "module", "connector", "model", "appVersion", "environment.platform",
            "environment.deployment");

    /** amountMicros as written in the JSON, and whether it is valid. */
    private static final String[][] AMOUNTS = { { "-1", "INVALID" }, { "0", "VALID" }, { "-0", "VALID" },
            { "1000000000000", "VALID" }, { "1000000000001", "INVALID" }, { "9223372036854775807", "INVALID" },
            { "9223372036854775808", "INVALID" }, { "-9223372036854775809", "INVALID" }, { "1e400", "INVALID" },
            { "-1e400", "INVALID" }, { "1.5", "INVALID" }, { "\"5\"", "INVALID" }, { "1e3", "INVALID" },
            { "1.0", "INVALID" }, { "0.0", "INVALID" }, { "1E12", "INVALID" }, { "null", "INVALID" },
            { "[]", "INVALID" }, { "{}", "INVALID" }, { "true", "INVALID" },
            { "123456789012345678901234567890", "INVALID" }, { "1" + "0".repeat(40), "INVALID" } };

    private static final List<String> PERSONAL = List.of("jane.doe@example.com", "JANE.DOE@EXAMPLE.COM",
            "jane(at)example(dot)com", "jane [at] example.com", "jane at example dot com", "mailto:jane",
            "x-mailto:jane", "+49 170 1234567", "(555) 123-4567", "tel:123", "callto:abc", "sms:5",
            "Support +49 170 1234567", "\uFF4A\uFF41\uFF4E\uFF45\uFF20\uFF45\uFF58\uFF41\uFF4D\uFF50\uFF4C\uFF45\uFF0E"
                    + "\uFF43\uFF4F\uFF4D",
            "\uFF0B\uFF14\uFF19 \uFF11\uFF17\uFF10 \uFF11\uFF12\uFF13\uFF14\uFF15\uFF16\uFF17", "2026.11.30.1234",
            "user-jane@example.org", "jane@example\u3002com", "0049-170-1234567");
    /** Phone numbers recognised only as the whole value: "x-(555) 123-4567" is a label like any other. */
    private static final Set<String> WHOLE_ONLY = Set.of("(555) 123-4567", "2026.11.30.1234", "0049-170-1234567");
    /** Values that look odd but are fine, by field. */
    private static final Map<String, List<String>> LOOK_ALIKES = Map.of(
            "appVersion", List.of("10.0.19041", "1.0.0+20240101", "v2026.11.30.1234", "2.4.1-beta"),
            "model", List.of("claude-3-5-sonnet@20240620", "gemini-1.5@001"),
            "module", List.of("docs \uD83D\uDE00", "R\u00E9sum\u00E9", "\uFF44\uFF4F\uFF43\uFF53", "code review"),
            "chatId", List.of("1234567890", "chat-\uD83D\uDE00"),
            "projectId", List.of("12345678"),
            "environment.platform", List.of("iOS 17.4", "Windows 10.0.19041"),
            "connector", List.of("google-drive", "SharePoint Online"),
            "userId", List.of("u-\u00DF", "0f3a9c"));
    private static final List<String> BAD_CHARACTERS = List.of("\u0000", "\u0001", "\t", "\n", "\r", "\u001B",
            "\u007F", "\u0085", "\u200B", "\u200E", "\u202E", "\uFEFF", "\u2028", "\u2029", "\uE000", "\uD800",
            "\uDFFF", "\u0378", "\uDB80\uDC00");
    private static final List<String> SPACES = List.of(" ", "\u00A0", "\u3000", "\u2003");
    private static final List<String> UNKNOWN_FIELDS = List.of("foo", "user_id", "UserId", "userid", "eventID",
            "amount", "__proto__", "constructor", "$where", "type ", "", "\u00FCser", "\uD83D\uDE00");
    private static final String INVALID_UTF8 = "~invalid-utf8~";

    private static final int MUTATIONS = 18;

    /** The occurredAt forms, with whether they are valid. */
    private static List<Object[]> dates(Instant now) {
        Instant at = now.minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        List<Object[]> dates = new ArrayList<>();
        for (String offset : List.of("+14:00", "-12:00", "+05:45", "+18:00", "-18:00", "+00:00", "-00:00",
                "+05:30:15")) {
            dates.add(new Object[] { at.atOffset(ZoneOffset.of(offset)).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME),
                    Expect.VALID });
        }
        dates.add(new Object[] { at.plusNanos(123_456_789).toString(), Expect.VALID });
        dates.add(new Object[] { now.plus(4, ChronoUnit.MINUTES).toString(), Expect.VALID });
        dates.add(new Object[] { now.minus(89, ChronoUnit.DAYS).toString(), Expect.VALID });
        dates.add(new Object[] { at.toString().replace('T', 't').replace('Z', 'z'), Expect.ANY });
        String local = at.atOffset(ZoneOffset.UTC).toLocalDateTime().toString();
        for (String bad : List.of(local, local.substring(0, 10), "2026-02-30T10:00:00Z", "yesterday", "", " ",
                "2026-13-01T00:00:00Z", "1970-01-01T00:00:00Z", "0001-01-01T00:00:00Z", "-999999999-01-01T00:00:00Z",
                "+999999999-12-31T23:59:59Z", "9999-12-31T23:59:59Z", now.plus(10, ChronoUnit.MINUTES).toString(),
                now.minus(91, ChronoUnit.DAYS).toString(), local + "+19:00", local + "+24:00", "T",
                local + "+01:00[Europe/Berlin]", local.substring(0, 11) + "23:59:60Z", local + "Z" + " ".repeat(60),
                "\uFF12\uFF10\uFF12\uFF16-01-01T00:00:00Z", local + "\u0000Z")) {
            dates.add(new Object[] { bad, Expect.INVALID });
        }
        dates.add(new Object[] { 1_732_000_000_000L, Expect.INVALID });
        return dates;
    }

    private static Item valid(Random r) {
        UUID id = UUID.randomUUID();
        return new Item(baseEvent(r, id), id, Expect.VALID, false, true, "valid");
    }

    /** Events, each valid or (with {@code mutated}'s probability) mutated once. */
    private static List<Item> batch(Random r, int size, double mutated) {
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            items.add(r.nextDouble() < mutated ? mutated(r, r.nextInt(MUTATIONS)) : valid(r));
            if (r.nextInt(12) == 0 && items.getLast().expect == Expect.VALID) {
                Item twin = items.getLast();
                items.add(new Item(((Obj) twin.json).copy(), twin.id, Expect.VALID, false, true, "same event again"));
            }
        }
        return items;
    }

    private static Item amountItem(String amount, Expect expect) {
        UUID id = UUID.randomUUID();
        Obj event = new Obj().put("eventId", id.toString()).put("companyId", CO)
                .put("occurredAt", Instant.now().minus(3, ChronoUnit.HOURS).toString()).put("type", "SPEND")
                .put("userId", "u-spender").put("model", "gpt-large").put("amountMicros", new Raw(amount));
        return new Item(event, id, expect, amount.length() > 32, true, "amountMicros " + amount);
    }

    private static Obj baseEvent(Random r, UUID id) {
        String type = pick(r, TYPES);
        Instant at = Instant.now().minus(1 + r.nextInt(60 * 24 * 60), ChronoUnit.MINUTES);
        if (r.nextBoolean()) {
            at = at.truncatedTo(ChronoUnit.SECONDS);
        }
        ZoneOffset offset = ZoneOffset.of(pick(r, "Z", "+01:00", "-05:00", "+05:30", "+09:00"));
        Obj event = new Obj().put("eventId", id.toString()).put("companyId", CO)
                .put("occurredAt", at.atOffset(offset).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME))
                .put("type", type);
        for (String attribute : REQUIRED.get(type)) {
            event.put(attribute, validValue(r, attribute));
        }
        for (String attribute : OPTIONAL.getOrDefault(type, List.of())) {
            if (r.nextBoolean()) {
                event.put(attribute, validValue(r, attribute));
            }
        }
        if (!REQUIRED.get(type).contains("userId") && !event.has("userId") && r.nextInt(3) == 0) {
            event.put("userId", validValue(r, "userId"));
        }
        if (r.nextInt(3) == 0) {
            event.put("appVersion", "2.4." + r.nextInt(20));
        }
        if (r.nextInt(3) == 0) {
            Obj environment = new Obj();
            if (r.nextBoolean()) {
                environment.put("platform", pick(r, "web", "ios", "android", "desktop"));
            }
            if (r.nextBoolean()) {
                environment.put("deployment", pick(r, "prod", "staging"));
            }
            event.put("environment", environment);
        }
        return event;
    }

    private static Object validValue(Random r, String attribute) {
        return switch (attribute) {
            case "userId" -> "u-" + Long.toHexString(r.nextLong() & 0xFFFFFFFFL);
            case "chatId" -> "chat-" + r.nextInt(1000);
            case "assistantId" -> pick(r, "writer", "coder", "analyst");
            case "module" -> pick(r, "documents", "mail", "code review");
            case "folderKind" -> pick(r, "PROJECT", "DOMAIN", "OTHER");
            case "rating" -> pick(r, "POSITIVE", "NEGATIVE");
            case "projectId" -> "p-" + r.nextInt(100);
            case "connector" -> pick(r, "sharepoint", "google-drive", "confluence");
            case "inviteId" -> "inv-" + r.nextInt(1000);
            case "model" -> pick(r, "gpt-large", "claude-fast", "claude-3-5-sonnet@20240620");
            case "amountMicros" -> (long) r.nextInt(5_000_000);
            default -> throw new IllegalArgumentException(attribute);
        };
    }

    private static boolean required(Obj event, String path) {
        return COMMON_REQUIRED.contains(path)
                || REQUIRED.getOrDefault(String.valueOf(event.get("type")), List.of()).contains(path);
    }

    private static boolean allowed(Obj event, String attribute) {
        String type = String.valueOf(event.get("type"));
        return REQUIRED.get(type).contains(attribute) || OPTIONAL.getOrDefault(type, List.of()).contains(attribute)
                || attribute.equals("userId");
    }

    /** Paths of the event's values, "environment.platform" for nested ones. */
    private static List<String> paths(Obj event) {
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < event.keys.size(); i++) {
            String key = event.keys.get(i);
            paths.add(key);
            if (event.values.get(i) instanceof Obj nested) {
                nested.keys.forEach(k -> paths.add(key + "." + k));
            }
        }
        return paths;
    }

    private static List<String> stringPaths(Obj event) {
        return paths(event).stream().filter(p -> get(event, p) instanceof String).toList();
    }

    private static Object get(Obj event, String path) {
        int dot = path.indexOf('.');
        return dot < 0 ? event.get(path)
                : event.get(path.substring(0, dot)) instanceof Obj nested ? nested.get(path.substring(dot + 1)) : null;
    }

    private static void set(Obj event, String path, Object value) {
        int dot = path.indexOf('.');
        if (dot < 0) {
            event.put(path, value);
            return;
        }
        String parent = path.substring(0, dot);
        if (!(event.get(parent) instanceof Obj)) {
            event.put(parent, new Obj());
        }
        ((Obj) event.get(parent)).put(path.substring(dot + 1), value);
    }

    private static void remove(Obj event, String path) {
        int dot = path.indexOf('.');
        if (dot < 0) {
            event.remove(path);
        } else if (event.get(path.substring(0, dot)) instanceof Obj nested) {
            nested.remove(path.substring(dot + 1));
        }
    }

    /** A valid event changed in one way, and what that change must lead to. */
    private static Item mutated(Random r, int mutation) {
        UUID id = UUID.randomUUID();
        Obj e = baseEvent(r, id);
        String type = (String) e.get("type");
        List<String> strings = stringPaths(e);
        String path;
        Object value;
        switch (mutation) {
            case 0 -> { // another JSON type
                path = pick(r, paths(e));
                value = otherType(r, get(e, path));
                set(e, path, value);
                boolean stillValid = value == null && !required(e, path);
                return item(e, id, stillValid ? Expect.VALID : Expect.INVALID, path, "type of " + path + " -> "
                        + json(value, false));
            }
            case 1 -> { // a field left out
                path = pick(r, paths(e));
                remove(e, path);
                return item(e, id, required(e, path) ? Expect.INVALID : Expect.VALID, path, "without " + path);
            }
            case 2 -> { // an unknown field, or an attribute of another type
                String name = r.nextBoolean() ? pick(r, UNKNOWN_FIELDS)
                        : pick(r, ATTRIBUTES.stream().filter(a -> !allowed(e, a)).toList());
                if (name.isEmpty() && r.nextBoolean()) {
                    e.put("environment", new Obj().put(pick(r, "os", "Platform", "platform "), "web"));
                    return item(e, id, Expect.INVALID, "environment", "unknown environment field");
                }
                e.put(name, validValue(r, "userId"));
                return item(e, id, Expect.INVALID, name, "unknown field '" + name + "'");
            }
            case 3 -> { // an unknown field is refused even when null: a misspelt name shows at once
                String name = pick(r, UNKNOWN_FIELDS);
                e.put(name, null);
                return item(e, id, Expect.INVALID, name, "unknown field '" + name + "' set to null");
            }
            case 4 -> { // a huge string
                path = pick(r, strings);
                int length = 129 + r.nextInt(4000);
                value = r.nextBoolean() ? "a".repeat(length) : randomText(r, length);
                set(e, path, value);
                return item(e, id, Expect.INVALID, path, path + " of " + length + " characters");
            }
            case 5 -> { // personal data in a free-text field
                path = pick(r, freeTextPaths(e));
                String personal = pick(r, PERSONAL);
                value = switch (WHOLE_ONLY.contains(personal) ? 0 : r.nextInt(3)) {
                    case 0 -> personal;
                    case 1 -> "x-" + personal;
                    default -> personal + "-x";
                };
                set(e, path, value);
                return item(e, id, Expect.INVALID, path, path + " = " + value);
            }
            case 6 -> { // odd but fine
                List<String> fields = LOOK_ALIKES.keySet().stream()
                        .filter(f -> f.contains(".") || f.equals("appVersion") || allowed(e, f)).sorted().toList();
                path = pick(r, fields);
                value = pick(r, LOOK_ALIKES.get(path));
                set(e, path, value);
                return item(e, id, Expect.VALID, path, path + " = " + value);
            }
            case 7 -> { // a control, invisible, private-use or unpaired character
                path = pick(r, strings);
                String text = (String) get(e, path);
                int at = r.nextInt(text.length() + 1);
                value = text.substring(0, at) + pick(r, BAD_CHARACTERS) + text.substring(at);
                set(e, path, value);
                return item(e, id, Expect.INVALID, path, path + " with a bad character");
            }
            case 8 -> { // whitespace in an id
                path = pick(r, strings.stream().filter(IDS::contains).toList());
                String text = (String) get(e, path);
                int at = 1 + r.nextInt(Math.max(1, text.length() - 1));
                value = text.substring(0, at) + pick(r, SPACES) + text.substring(at);
                set(e, path, value);
                return item(e, id, Expect.INVALID, path, path + " with whitespace");
            }
            case 9 -> { // deep nesting
                path = pick(r, paths(e));
                int depth = pick(r, List.of(10, 12, 13, 14, 15, 16, 17, 50, 500, 2000));
                value = new Raw(r.nextBoolean() ? "[".repeat(depth) + "]".repeat(depth)
                        : "{\"a\":".repeat(depth) + "1" + "}".repeat(depth));
                set(e, path, value);
                return new Item(e, id, Expect.INVALID, depth >= 12, !path.equals("eventId"),
                        path + " nested " + depth + " deep");
            }
            case 10 -> { // a long field name
                int length = pick(r, List.of(63, 64, 65, 100, 1000, 5000));
                String name = "n".repeat(length);
                e.put(name, 1);
                return new Item(e, id, Expect.INVALID, length > 63, true, "field name of " + length);
            }
            case 11 -> { // a long number
                path = pick(r, paths(e));
                int length = pick(r, List.of(19, 20, 31, 32, 33, 100, 1000));
                set(e, path, new Raw((r.nextBoolean() ? "-" : "") + "9".repeat(length)
                        + (r.nextBoolean() ? "" : ".5")));
                return new Item(e, id, Expect.INVALID, length > 30, !path.equals("eventId"),
                        path + " a number of " + length + " digits");
            }
            case 12 -> { // the type, written otherwise
                value = pick(r, List.of(type.toLowerCase(), type + " ", " " + type, "UNKNOWN", "", "USER-ACTIVE",
                        type.charAt(0) + type.substring(1).toLowerCase(), "SPEND\u0000", "USER\u200BACTIVE"));
                e.put("type", value);
                return item(e, id, Expect.INVALID, "type", "type " + value);
            }
            case 13 -> { // another company
                value = pick(r, List.of(OTHER, "acme", "no-such-company", CO.toUpperCase(), CO + "\u0000",
                        "\uFF47enerated-hostile-co", CO.substring(0, CO.length() - 1)));
                e.put("companyId", value);
                return item(e, id, Expect.INVALID, "companyId", "companyId " + value);
            }
            case 14 -> { // the eventId, written otherwise
                String text = id.toString();
                value = pick(r, List.of(text.toUpperCase(), text.replace("-", ""), "{" + text + "}",
                        text.substring(1), "urn:uuid:" + text, "", text + " ", "g" + text.substring(1),
                        text.substring(0, 8) + "-" + text.substring(9).replace("-", "") + "---"));
                e.put("eventId", value);
                Expect expect = value.equals(text.toUpperCase()) ? Expect.VALID : Expect.INVALID;
                return new Item(e, id, expect, false, false, "eventId " + value);
            }
            case 15 -> { // the same field twice
                path = pick(r, e.keys);
                e.add(path, e.get(path));
                return new Item(e, id, Expect.INVALID, true, true, path + " twice");
            }
            case 16 -> { // bytes that are not UTF-8 inside a string
                path = pick(r, strings);
                set(e, path, new Raw("\"a" + INVALID_UTF8 + "b\""));
                return new Item(e, id, Expect.INVALID, true, !path.equals("eventId"), path + " not UTF-8");
            }
            default -> { // not an event at all
                String raw = pick(r, List.of("null", "1", "\"event\"", "[]", "[{}]", "{}", "true", "{\"\":\"\"}"));
                return Item.raw(raw, Expect.INVALID, false, "element " + raw);
            }
        }
    }

    private static Item item(Obj e, UUID id, Expect expect, String path, String label) {
        return new Item(e, id, expect, false, !path.equals("eventId"), label);
    }

    private static List<String> freeTextPaths(Obj e) {
        List<String> paths = new ArrayList<>(stringPaths(e).stream().filter(FREE_TEXT::contains).toList());
        paths.add("appVersion");
        paths.add("environment." + (e.get("environment") instanceof Obj ? "deployment" : "platform"));
        return paths;
    }

    private static Object otherType(Random r, Object current) {
        List<Object> others = new ArrayList<>();
        others.add(null);
        others.add(true);
        others.add(new Raw("[]"));
        others.add(new Raw("[\"" + (current instanceof String s ? s : "x") + "\"]"));
        if (!(current instanceof String)) {
            others.add("5");
        }
        if (!(current instanceof Long)) {
            others.add(42L);
            others.add(new Raw("-1.5e3"));
        }
        if (!(current instanceof Obj)) {
            others.add(new Obj().put("value", current instanceof String s ? s : "x"));
        }
        return others.get(r.nextInt(others.size()));
    }

    private static List<Item> notStored(List<Item> items) {
        return items.stream().map(i -> new Item(i.json, i.id, Expect.INVALID, i.breaksParse, i.idIntact, i.label))
                .toList();
    }

    private static List<Item> anyOf(List<Item> items) {
        return items.stream().map(i -> new Item(i.json, i.id, Expect.ANY, i.breaksParse, i.idIntact, i.label))
                .toList();
    }

    private static boolean anyBreaks(List<Item> items) {
        return items.stream().anyMatch(Item::breaksParse);
    }

    private static String labels(List<Item> items) {
        return items.stream().map(Item::label).collect(Collectors.joining(", ", "[", "]"));
    }

    private static String array(Random r, List<Item> items) {
        String separator = pick(r, ",", ", ", ",\n  ", " ,\t");
        return items.stream().map(i -> json(i.json, r.nextInt(4) == 0))
                .collect(Collectors.joining(separator, pick(r, "[", " [", "[\n  "), pick(r, "]", "\n]", " ] ")));
    }

    // ================================================================== /graphql

    /**
     * What a GraphQL case must get: {@code codes} empty means no errors at all; otherwise every error's code is in
     * {@code codes} (null: any documented code) and, when {@code required}, there is at least one.
     */
    private record GqlExpect(Integer status, Set<String> codes, boolean required) {
        static GqlExpect ok() {
            return new GqlExpect(200, Set.of(), false);
        }

        static GqlExpect error(Integer status, ErrorCode... codes) {
            return new GqlExpect(status, names(codes), true);
        }

        static GqlExpect maybe(ErrorCode... codes) {
            return new GqlExpect(200, names(codes), false);
        }

        static GqlExpect anything() {
            return new GqlExpect(null, null, false);
        }
    }

    private record GqlCase(String label, byte[] body, String contentType, String token, GqlExpect expect) {
    }

    /** A value put into a query: its GraphQL text, and what it leads to. */
    private record V(String text, GqlExpect expect) {
    }

    private static final ErrorCode BAD_INPUT = ErrorCode.BAD_USER_INPUT;
    private static final ErrorCode VALIDATION = ErrorCode.GRAPHQL_VALIDATION_FAILED;
    private static final ErrorCode PARSE = ErrorCode.GRAPHQL_PARSE_FAILED;
    private static final ErrorCode TOO_COMPLEX = ErrorCode.QUERY_TOO_COMPLEX;

    private static final List<String> TEMPLATES = List.of(
            "{ company(id: ID) { name seats timeZone telemetry(range: RANGE) { users chats userMessages "
                    + "promptsByAssistant { assistantId prompts } } } }",
            "{ company(id: ID) { activity(range: RANGE, granularity: GRAN) { mau { from to value changePercent } "
                    + "latest { day dau wau mau utilisation } pendingInvites } } }",
            "{ company(id: ID) { spend { monthToDate byModel(lastMonths: MONTHS) { model amountMicros } "
                    + "byUser(range: RANGE, first: FIRST, after: AFTER) { users { userId amountMicros } nextCursor "
                    + "hasNextPage } } } }",
            "{ company(id: ID) { adoption(range: RANGE, granularity: GRAN) { chatsCreated { value } "
                    + "topConnectors(limit: LIMIT) { key users } topUsersByArtifacts { userId count } } "
                    + "feedback(range: RANGE) { overall { positive negative sharePositive } } } }");
    private static final String BILLING = "{ billingReport(range: RANGE, first: FIRST, after: AFTER) "
            + "{ lines { month companyId mau spendMicros } nextCursor hasNextPage } }";
    private static final String WITH_VARIABLES = "query Q($id: String!, $range: DateRangeInput!, $first: Int, "
            + "$after: String) { company(id: $id) { feedback(range: $range) { overall { positive } } "
            + "spend { byUser(range: $range, first: $first, after: $after) { users { userId } } } } }";

    @TestFactory
    Stream<DynamicTest> graphql() throws Exception {
        Tokens tokens = new Tokens();
        Random r = new Random(SEED + 1);
        List<GqlCase> cases = new ArrayList<>();
        systematicGraphQLCases(r, tokens, cases);
        while (cases.size() < GRAPHQL_CASES) {
            int kind = r.nextInt(10);
            if (kind < 5) {
                cases.add(templateCase(r, tokens, r.nextInt(6) == 0));
            } else if (kind < 7) {
                cases.add(variablesCase(r, tokens));
            } else {
                // random edits of a valid request: anything documented may come back
                GqlCase base = templateCase(r, tokens, false);
                String query = JSON.readTree(base.body).get("query").textValue();
                String edited = edit(r, query);
                cases.add(new GqlCase("edited " + edited, bytes(json(new Obj().put("query", edited), false)),
                        JSON_UTF8, base.token, GqlExpect.anything()));
            }
        }
        return dynamicTests("graphql", cases, c -> c.label, c -> c.body, this::check);
    }

    private void systematicGraphQLCases(Random r, Tokens tokens, List<GqlCase> cases) {
        String name = "{ company(id: \"" + CO + "\") { name } }";
        // bodies that are not a GraphQL request
        for (String body : List.of("", " ", "null", "[]", "{}", "1", "\"{ companies { id } }\"",
                "{ companies { id } }", "{\"query\": null}", "{\"query\": \"\"}", "{\"query\": \"  \"}",
                "{\"query\": 42}", "{\"query\": [\"{ companies { id } }\"]}", "{\"querY\": \"{ companies { id } }\"}",
                "{\"query\": \"{ companies { id } }\", \"variables\": [1]}",
                "{\"query\": \"{ companies { id } }\", \"variables\": \"x\"}",
                "{\"query\": \"{ companies { id } }\", \"operationName\": 5}",
                "{\"query\": \"{ companies { id } }\", \"extensions\": 1}",
                "{\"query\": \"{ companies { id } }\", \"query\": \"{ companies { name } }\"}",
                "{\"query\": \"{ companies { id } }\"} x", "{\"query\": \"{ companies { id } }\"",
                "{\"query\": \"{ companies { id } }\", \"variables\": {\"a\": \"\\u0000\"}}",
                "{\"query\": \"{ companies { id } }\", \"variables\": {\"a\": \"\\ud800\"}}",
                "{\"query\": \"{ companies { id } }\", \"variables\": {\"\\udc00\": 1}}",
                "{\"query\": \"{ companies { id\\u0000 } }\"}", "{\"query\": \"{ companies { id } }\\ud800\"}",
                "{\"query\": \"{ companies { id } }\", \"variables\": {\"a\": " + "[".repeat(2000)
                        + "]".repeat(2000) + "}}",
                "{\"query\": \"{ companies { id } }\", \"variables\": {\"a\": 1" + "0".repeat(400) + "}}",
                "{\"" + "q".repeat(5000) + "\": 1}")) {
            cases.add(new GqlCase("body " + body, utf8(body), JSON_UTF8, tokens.owner,
                    GqlExpect.error(400, BAD_INPUT)));
        }
        for (int i = 0; i < 6; i++) {
            byte[] noise = new byte[1 + r.nextInt(200)];
            r.nextBytes(noise);
            byte[] body = i % 2 == 0 ? noise : concat(utf8("{\"query\": \"{ company"), noise);
            cases.add(new GqlCase("random bytes " + noise.length, body, JSON_UTF8, tokens.owner,
                    GqlExpect.error(400, BAD_INPUT)));
        }
        byte[] request = utf8(json(new Obj().put("query", name), false));
        for (int i = 0; i < 4; i++) {
            int cut = r.nextInt(request.length - 1);
            cases.add(new GqlCase("cut at " + cut, java.util.Arrays.copyOf(request, cut), JSON_UTF8, tokens.owner,
                    GqlExpect.error(400, BAD_INPUT)));
        }
        // media types
        Object[][] types = { { "application/json", GqlExpect.ok() }, { "application/json;charset=utf8", GqlExpect.ok() },
                { "application/json; charset=ISO-8859-1", GqlExpect.error(415, ErrorCode.UNSUPPORTED_MEDIA_TYPE) },
                { "application/json; charset=UTF-16", GqlExpect.error(415, ErrorCode.UNSUPPORTED_MEDIA_TYPE) },
                { "application/graphql; charset=latin1", GqlExpect.error(415, ErrorCode.UNSUPPORTED_MEDIA_TYPE) },
                { "text/plain", GqlExpect.anything() }, { null, GqlExpect.anything() },
                { "multipart/form-data; boundary=x", GqlExpect.anything() },
                { "application/json, text/plain", GqlExpect.anything() }, { "application", GqlExpect.anything() },
                { "application/x-www-form-urlencoded", GqlExpect.anything() } };
        for (Object[] type : types) {
            cases.add(new GqlCase("content type " + type[0], request, (String) type[0], tokens.owner,
                    (GqlExpect) type[1]));
        }
        cases.add(new GqlCase("application/graphql", utf8(name), "application/graphql; charset=UTF-8", tokens.owner,
                GqlExpect.ok()));
        cases.add(new GqlCase("application/graphql not UTF-8", concat(utf8("{ company(id: \""), new byte[] {
                (byte) 0xC3, 0x28 }, utf8("\") { name } }")), "application/graphql", tokens.owner,
                GqlExpect.error(400, BAD_INPUT)));
        // who asks
        Object[][] callers = { { null, GqlExpect.error(401, ErrorCode.UNAUTHENTICATED) },
                { "not-a-token", GqlExpect.error(401, ErrorCode.UNAUTHENTICATED) },
                { tokens.expired, GqlExpect.error(401, ErrorCode.UNAUTHENTICATED) },
                { tokens.writer, GqlExpect.error(200, ErrorCode.FORBIDDEN) },
                { tokens.stranger, GqlExpect.error(200, ErrorCode.FORBIDDEN) },
                { tokens.otherOwner, GqlExpect.error(200, ErrorCode.NOT_FOUND) },
                { tokens.partner, GqlExpect.ok() }, { tokens.admin, GqlExpect.ok() } };
        for (Object[] caller : callers) {
            cases.add(new GqlCase("caller " + ((GqlExpect) caller[1]).codes, request, JSON_UTF8, (String) caller[0],
                    (GqlExpect) caller[1]));
        }
        cases.add(new GqlCase("per-user rows for an administrator", utf8(json(new Obj().put("query", "{ company(id: \""
                + CO + "\") { spend { byUser(range: {from: \"2026-01-01\", to: \"2026-01-31\"}) { users { userId } } "
                + "} } }"), false)), JSON_UTF8, tokens.admin, GqlExpect.error(200, ErrorCode.FORBIDDEN)));
        cases.add(new GqlCase("spend where it is off", utf8(json(new Obj().put("query", "{ company(id: \"" + OTHER
                + "\") { spend { monthToDate } } }"), false)), JSON_UTF8, tokens.otherOwner,
                GqlExpect.error(200, ErrorCode.SPEND_NOT_ENABLED)));
        // alias bombs: each alias is two fields
        for (int n : new int[] { 1, 50, 199, 200, 201, 600, 1200 }) {
            String query = IntStream.range(0, n).mapToObj(i -> "a" + i + ": company(id: \"" + CO + "\") { name }")
                    .collect(Collectors.joining(" ", "{ ", " }"));
            cases.add(gql("aliases " + n, query, tokens.owner, 2 * n <= 400 ? GqlExpect.ok()
                    : GqlExpect.error(200, TOO_COMPLEX)));
        }
        // fragment chains double the fields with every level
        for (int depth : new int[] { 1, 5, 8, 9, 12, 20, 30 }) {
            String chain = "{ company(id: \"" + CO + "\") { ...F" + depth + " } } fragment F0 on Company { name } "
                    + IntStream.rangeClosed(1, depth).mapToObj(i -> "fragment F" + i + " on Company { ...F" + (i - 1)
                            + " ...F" + (i - 1) + " }").collect(Collectors.joining(" "));
            cases.add(gql("fragment chain " + depth, chain, tokens.owner, (1L << depth) + 1 <= 400 ? GqlExpect.ok() : GqlExpect.error(200, TOO_COMPLEX)));
        }
        String company = "{ company(id: \"" + CO + "\") { ...A } } ";
        for (String fragments : List.of("fragment A on Company { ...A }",
                "fragment A on Company { ...B } fragment B on Company { ...A }",
                "fragment A on Company { name ...B } fragment B on Company { ...C } fragment C on Company { ...A }",
                "fragment A on Company { ...Missing }", "fragment A on Company { name } fragment Unused on Company { id }",
                "fragment A on Nothing { name }", "fragment A on Company { name } fragment A on Company { id }")) {
            cases.add(gql("fragments " + fragments, company + fragments, tokens.owner,
                    GqlExpect.error(200, VALIDATION, TOO_COMPLEX)));
        }
        // depth
        for (int depth : new int[] { 10, 11, 50, 500 }) {
            String deep = "{ " + "a { ".repeat(depth - 1) + "b" + " }".repeat(depth - 1) + " }";
            cases.add(gql("depth " + depth, deep, tokens.owner, depth > 10 ? GqlExpect.error(200, TOO_COMPLEX, PARSE)
                    : GqlExpect.error(200, VALIDATION)));
        }
        // size: near and over the byte and token limits
        for (int target : new int[] { 60_000, GRAPHQL_MAX_BODY - 40, GRAPHQL_MAX_BODY, GRAPHQL_MAX_BODY + 1, 70_000,
                200_000 }) {
            String padded = padTo(name, target, r.nextBoolean() ? " " : "#comment\n");
            byte[] body = utf8(json(new Obj().put("query", padded), false));
            cases.add(new GqlCase("document of " + body.length + " bytes", body, JSON_UTF8, tokens.owner,
                    body.length > GRAPHQL_MAX_BODY ? GqlExpect.error(413, ErrorCode.BODY_TOO_LARGE)
                            : GqlExpect.maybe(TOO_COMPLEX)));
        }
        for (int tokensInList : new int[] { 3_900, 3_990, 4_000, 4_100, 10_000 }) {
            String list = IntStream.range(0, tokensInList).mapToObj(i -> "1").collect(Collectors.joining(" "));
            String query = "query($v: [Int] = [" + list + "]) { companies { id } }";
            cases.add(gql("a list of " + tokensInList + " tokens", query, tokens.owner,
                    tokensInList > 4_000 ? GqlExpect.error(200, TOO_COMPLEX)
                            : GqlExpect.error(200, VALIDATION, TOO_COMPLEX)));
        }
        cases.add(gql("a string of 60000 characters", "{ company(id: \"" + "x".repeat(60_000) + "\") { name } }",
                tokens.owner, GqlExpect.error(200, ErrorCode.NOT_FOUND)));
        // operations
        cases.add(new GqlCase("unknown operation name", utf8(json(new Obj().put("query", "query A { companies { id } }")
                .put("operationName", "B"), false)), JSON_UTF8, tokens.owner, GqlExpect.error(200, VALIDATION,
                        BAD_INPUT)));
        cases.add(gql("two operations without a name", "query A { companies { id } } query B { companies { name } }",
                tokens.owner, GqlExpect.error(200, VALIDATION, BAD_INPUT)));
        cases.add(gql("subscription", "subscription { companies { id } }", tokens.owner,
                GqlExpect.error(200, VALIDATION)));
        // company administration that must change nothing
        for (String change : List.of("createCompany(company: {id: \"" + CO + "\", name: \"Again\"}) { id }",
                "createCompany(company: {id: \"" + CO + "\", name: \"x\", seats: -1}) { id }",
                "createCompany(company: {id: \"bad\\u0000id\", name: \"x\"}) { id }",
                "createCompany(company: {id: \"\\ud800\", name: \"x\"}) { id }",
                "createCompany(company: {id: \"" + "a".repeat(65) + "\", name: \"x\"}) { id }",
                "createCompany(company: {id: \"Upper\", name: \"x\"}) { id }",
                "createCompany(company: {id: \"ok-id-" + r.nextInt(1000) + "\", name: \"x\", seats: 2147483648}) { id }",
                "createCompany(company: {id: \"ok-id\", name: \"\\u0000\"}) { id }",
                "updateCompany(id: \"" + CO + "\", changes: {seats: -1}) { seats }",
                "updateCompany(id: \"" + CO + "\", changes: {timeZone: \"Mars/Olympus_Mons\"}) { timeZone }",
                "updateCompany(id: \"" + CO + "\", changes: {name: \"\\ud800\"}) { name }",
                "updateCompany(id: \"" + CO + "\", changes: {name: \" \"}) { name }",
                "updateCompany(id: \"" + CO + "\", changes: {name: \"" + "n".repeat(5000) + "\"}) { name }",
                "updateCompany(id: \"" + CO + "\", changes: {timeZone: \"\"}) { timeZone }",
                "updateCompany(id: \"no-such-company\", changes: {seats: 1}) { seats }")) {
            cases.add(gql("mutation " + change, "mutation { " + change + " }", tokens.admin,
                    GqlExpect.error(200, BAD_INPUT, ErrorCode.CONFLICT, VALIDATION, PARSE, ErrorCode.NOT_FOUND)));
        }
        cases.add(gql("mutation by an owner", "mutation { updateCompany(id: \"" + CO + "\", changes: {seats: 11}) "
                + "{ seats } }", tokens.owner, GqlExpect.error(200, ErrorCode.FORBIDDEN)));
        // every value of every placeholder at least once
        for (String placeholder : List.of("ID", "RANGE", "GRAN", "FIRST", "AFTER", "MONTHS", "LIMIT")) {
            for (V value : POOLS.get(placeholder).apply(r)) {
                cases.add(templateCase(r, tokens, placeholder, value));
            }
        }
    }

    private static GqlCase gql(String label, String query, String token, GqlExpect expect) {
        return new GqlCase(label, utf8(json(new Obj().put("query", query), false)), JSON_UTF8, token, expect);
    }

    private GqlCase templateCase(Random r, Tokens tokens, boolean billing) {
        return templateCase(r, tokens, null, null, billing);
    }

    private GqlCase templateCase(Random r, Tokens tokens, String placeholder, V value) {
        boolean billing = (placeholder.equals("FIRST") || placeholder.equals("AFTER")) && r.nextBoolean();
        return templateCase(r, tokens, placeholder, value, billing);
    }

    /** A query template with every placeholder filled: valid values mostly, one or two hostile ones. */
    private GqlCase templateCase(Random r, Tokens tokens, String fixed, V fixedValue, boolean billing) {
        String template = billing ? BILLING
                : fixed == null ? pick(r, TEMPLATES)
                : pick(r, TEMPLATES.stream().filter(t -> t.contains(fixed)).toList());
        String query = template;
        List<V> used = new ArrayList<>();
        for (String placeholder : List.of("ID", "RANGE", "GRAN", "FIRST", "AFTER", "MONTHS", "LIMIT")) {
            if (!query.contains(placeholder)) {
                continue;
            }
            List<V> pool = POOLS.get(placeholder).apply(r);
            V value = placeholder.equals(fixed) ? fixedValue
                    : fixed == null && r.nextInt(4) == 0 ? pick(r, pool) : pool.getFirst();
            used.add(value);
            // the same value wherever the placeholder appears (RANGE appears twice in one template)
            query = query.replace(placeholder, value.text);
        }
        GqlExpect expect = combine(used);
        String token = billing ? tokens.admin : tokens.owner;
        return gql((billing ? "billing " : "template ") + query, query, token, expect);
    }

    private static GqlExpect combine(List<V> values) {
        Set<String> codes = new LinkedHashSet<>();
        boolean required = false;
        for (V v : values) {
            codes.addAll(v.expect.codes);
            required |= v.expect.required;
        }
        // a value that fails validation stops the whole request before any other value is looked at
        return new GqlExpect(200, codes, required);
    }

    private static final Map<String, Function<Random, List<V>>> POOLS = Map.of(
            "ID", r -> List.of(new V("\"" + CO + "\"", GqlExpect.ok()),
                    new V("\"" + OTHER + "\"", GqlExpect.error(200, ErrorCode.NOT_FOUND)),
                    new V("\"no-such-company\"", GqlExpect.error(200, ErrorCode.NOT_FOUND)),
                    new V("\"\"", GqlExpect.error(200, ErrorCode.NOT_FOUND, BAD_INPUT)),
                    new V("\"" + CO + "\\u0000\"", GqlExpect.error(200, ErrorCode.NOT_FOUND, BAD_INPUT)),
                    new V("\"" + "x".repeat(5000) + "\"", GqlExpect.error(200, ErrorCode.NOT_FOUND, BAD_INPUT)),
                    new V("\"\u65E5\u672C\"", GqlExpect.error(200, ErrorCode.NOT_FOUND, BAD_INPUT)),
                    new V("\"../" + CO + "\"", GqlExpect.error(200, ErrorCode.NOT_FOUND, BAD_INPUT)),
                    new V("\"" + CO.toUpperCase() + "\"", GqlExpect.error(200, ErrorCode.NOT_FOUND, BAD_INPUT)),
                    new V("\"\\ud800\"", GqlExpect.error(200, PARSE, ErrorCode.NOT_FOUND, BAD_INPUT)),
                    new V("42", GqlExpect.error(200, VALIDATION, BAD_INPUT)),
                    new V("null", GqlExpect.error(200, VALIDATION, BAD_INPUT)),
                    new V("[\"" + CO + "\"]", GqlExpect.error(200, VALIDATION, BAD_INPUT)),
                    new V("{id: \"" + CO + "\"}", GqlExpect.error(200, VALIDATION, BAD_INPUT)),
                    new V("$id", GqlExpect.error(200, VALIDATION)),
                    new V("\"unterminated", GqlExpect.error(200, PARSE))),
            "RANGE", r -> {
                LocalDate from = LocalDate.of(2025, 6, 1).plusDays(r.nextInt(500));
                LocalDate to = from.plusDays(r.nextInt(400));
                List<V> ranges = new ArrayList<>();
                ranges.add(new V(range(from.toString(), to.toString()), GqlExpect.ok()));
                ranges.add(new V(range("0001-01-01", "0001-03-01"), GqlExpect.ok()));
                ranges.add(new V(range("9999-10-01", "9999-12-31"), GqlExpect.ok()));
                ranges.add(new V(range(from.toString(), from.toString()), GqlExpect.ok()));
                ranges.add(new V(range(to.plusDays(1).toString(), from.toString()), GqlExpect.error(200, BAD_INPUT)));
                ranges.add(new V(range("0001-01-01", "9999-12-31"), GqlExpect.error(200, BAD_INPUT)));
                ranges.add(new V(range("2020-01-01", "2023-01-06"), GqlExpect.error(200, BAD_INPUT)));
                for (String bad : List.of("2026-02-30", "0000-01-01", "+999999999-12-31", "-999999999-01-01",
                        "2026-1-1", "", "2026-01-01T00:00:00Z", "20260101", "2026-13-01", "9999-12-32",
                        "10000-01-01", "\uFF12\uFF10\uFF12\uFF16-01-01", "\\u0000", "2026-01-01\\u0000", " 2026-01-01",
                        "2026-02-29")) {
                    boolean first = r.nextBoolean();
                    String literal = "\"" + bad + "\"";
                    ranges.add(new V(first ? "{from: " + literal + ", to: \"2026-03-01\"}"
                            : "{from: \"2026-01-01\", to: " + literal + "}", GqlExpect.error(200, BAD_INPUT, VALIDATION)));
                }
                for (String bad : List.of("20260101", "null", "true", "[\"2026-01-01\"]", "{y: 2026}", "1.5")) {
                    ranges.add(new V("{from: " + bad + ", to: \"2026-03-01\"}",
                            GqlExpect.error(200, BAD_INPUT, VALIDATION)));
                }
                for (String bad : List.of("{from: \"2026-01-01\"}", "{}", "null", "\"2026-01-01/2026-02-01\"",
                        "{from: \"2026-01-01\", to: \"2026-01-02\", extra: 1}", "[]")) {
                    ranges.add(new V(bad, GqlExpect.error(200, VALIDATION, BAD_INPUT)));
                }
                ranges.add(new V("{from: \"2026-01-01\", to: \"\\ud800\"}", GqlExpect.error(200, PARSE, BAD_INPUT,
                        VALIDATION)));
                return ranges;
            },
            "GRAN", r -> List.of(new V(pick(r, "DAY", "WEEK", "MONTH"), GqlExpect.ok()),
                    new V("DAY", GqlExpect.ok()), new V("WEEK", GqlExpect.ok()), new V("MONTH", GqlExpect.ok()),
                    new V("\"DAY\"", GqlExpect.error(200, VALIDATION, BAD_INPUT)),
                    new V("YEAR", GqlExpect.error(200, VALIDATION, BAD_INPUT)),
                    new V("day", GqlExpect.error(200, VALIDATION, BAD_INPUT)),
                    new V("1", GqlExpect.error(200, VALIDATION, BAD_INPUT)),
                    // an explicit null asks for the default, as for every optional argument
                    new V("null", GqlExpect.ok())),
            "FIRST", r -> List.of(new V(String.valueOf(1 + r.nextInt(100)), GqlExpect.ok()),
                    new V("1", GqlExpect.ok()), new V("500", GqlExpect.ok()),
                    new V("0", GqlExpect.error(200, BAD_INPUT)), new V("-1", GqlExpect.error(200, BAD_INPUT)),
                    // SmallRye refuses the smallest Int as out of range
                    new V("-2147483648", GqlExpect.error(200, BAD_INPUT, VALIDATION)),
                    new V("2147483647", GqlExpect.error(200, BAD_INPUT)),
                    new V("1001", GqlExpect.error(200, BAD_INPUT)),
                    new V("null", GqlExpect.ok()),
                    new V("2147483648", GqlExpect.error(200, VALIDATION, BAD_INPUT)),
                    new V("99999999999999999999", GqlExpect.error(200, VALIDATION, BAD_INPUT)),
                    new V("1.5", GqlExpect.error(200, VALIDATION, BAD_INPUT)),
                    // SmallRye reads a numeric string as an Int
                    new V("\"5\"", GqlExpect.maybe(VALIDATION, BAD_INPUT)),
                    new V("[1]", GqlExpect.maybe(VALIDATION, BAD_INPUT)),
                    new V("true", GqlExpect.error(200, VALIDATION, BAD_INPUT))),
            "AFTER", r -> List.of(new V("null", GqlExpect.ok()),
                    new V("\"" + randomText(r, 1 + r.nextInt(40)).replace("\\", "").replace("\"", "") + "\"",
                            GqlExpect.maybe(BAD_INPUT)),
                    new V("\"" + base64(r, 1 + r.nextInt(60)) + "\"", GqlExpect.maybe(BAD_INPUT)),
                    new V("\"\"", GqlExpect.maybe(BAD_INPUT)),
                    new V("\"" + "A".repeat(5000) + "\"", GqlExpect.error(200, BAD_INPUT)),
                    new V("\"" + b64("5:u\u0000x") + "\"", GqlExpect.error(200, BAD_INPUT)),
                    new V("\"" + b64("+999999999-12-31:acme") + "\"", GqlExpect.error(200, BAD_INPUT)),
                    new V("\"" + b64("-1:u") + "\"", GqlExpect.maybe(BAD_INPUT)),
                    new V("\"" + b64("99999999999999999999999:u") + "\"", GqlExpect.error(200, BAD_INPUT)),
                    new V("\"" + b64("2026-01-01:" + CO + ":x") + "\"", GqlExpect.maybe(BAD_INPUT)),
                    new V("\"" + b64("\uD800") + "\"", GqlExpect.maybe(BAD_INPUT)),
                    new V("\"\\u0000\"", GqlExpect.error(200, BAD_INPUT)),
                    new V("\"%00\"", GqlExpect.maybe(BAD_INPUT)),
                    new V("42", GqlExpect.error(200, VALIDATION, BAD_INPUT))),
            "MONTHS", r -> List.of(new V(String.valueOf(1 + r.nextInt(12)), GqlExpect.ok()),
                    new V("0", GqlExpect.maybe(BAD_INPUT)), new V("-1", GqlExpect.maybe(BAD_INPUT)),
                    new V("1000", GqlExpect.maybe(BAD_INPUT)), new V("2147483647", GqlExpect.maybe(BAD_INPUT)),
                    new V("-2147483648", GqlExpect.maybe(BAD_INPUT, VALIDATION)), new V("null", GqlExpect.ok()),
                    new V("2147483648", GqlExpect.error(200, VALIDATION, BAD_INPUT)),
                    new V("\"3\"", GqlExpect.maybe(VALIDATION, BAD_INPUT))),
            "LIMIT", r -> List.of(new V(String.valueOf(1 + r.nextInt(20)), GqlExpect.ok()),
                    new V("0", GqlExpect.maybe(BAD_INPUT)), new V("-1", GqlExpect.maybe(BAD_INPUT)),
                    new V("2147483647", GqlExpect.maybe(BAD_INPUT)), new V("null", GqlExpect.ok()),
                    new V("1e3", GqlExpect.error(200, VALIDATION, BAD_INPUT))));

    private static String range(String from, String to) {
        return "{from: \"" + from + "\", to: \"" + to + "\"}";
    }

    /** The query with variables, one variable changed. */
    private GqlCase variablesCase(Random r, Tokens tokens) {
        Obj range = new Obj().put("from", "2026-01-01").put("to", "2026-01-31");
        Obj variables = new Obj().put("id", CO).put("range", range).put("first", 10L).put("after", null);
        Obj request = new Obj().put("query", WITH_VARIABLES).put("variables", variables);
        GqlExpect expect;
        String label;
        switch (r.nextInt(9)) {
            case 0 -> {
                String name = pick(r, "id", "range", "first", "after");
                Object value = otherType(r, variables.get(name));
                variables.put(name, value);
                label = name + " -> " + json(value, false);
                expect = GqlExpect.maybe(VALIDATION, BAD_INPUT, ErrorCode.NOT_FOUND);
            }
            case 1 -> {
                String which = pick(r, "from", "to");
                Object value = pick(r, List.of("2026-02-30", "0000-01-01", "+999999999-12-31", "", "\u0000",
                        "2026-01-01\uD800", 20260101L, new Obj(), new Raw("[\"2026-01-01\"]")));
                range.put(which, value);
                label = which + " -> " + json(value, false);
                boolean refusedBody = value instanceof String s && (s.contains("\u0000") || s.contains("\uD800"));
                expect = refusedBody ? GqlExpect.error(400, BAD_INPUT) : GqlExpect.error(200, VALIDATION, BAD_INPUT);
            }
            case 2 -> {
                int depth = pick(r, List.of(3, 10, 13, 14, 15, 16, 17, 100, 2000));
                String name = pick(r, "id", "range", "after", "extra");
                variables.put(name, new Raw("[".repeat(depth) + "]".repeat(depth)));
                label = "variable " + name + " nested " + depth;
                // the request object and variables take two levels of the parser's 16; an undeclared one is unused
                expect = depth > 14 ? GqlExpect.error(400, BAD_INPUT)
                        : name.equals("extra") ? GqlExpect.maybe(VALIDATION, BAD_INPUT)
                        : GqlExpect.error(200, VALIDATION, BAD_INPUT);
            }
            case 3 -> {
                String value = pick(r, List.of("hostile\u0000co", "\uD800", "\uDFFF" + CO, CO + "\uDBFF"));
                variables.put(pick(r, "id", "after"), value);
                label = "variable with NUL or a lone surrogate";
                expect = GqlExpect.error(400, BAD_INPUT);
            }
            case 4 -> {
                variables.put("after", pick(r, List.of(base64(r, 30), b64("5:u\u0000x"), "A".repeat(5000),
                        randomText(r, 20))));
                label = "after " + variables.get("after");
                expect = GqlExpect.maybe(BAD_INPUT);
            }
            case 5 -> {
                variables.put("first", pick(r, List.of(new Raw("2147483648"), new Raw("1e3"), new Raw("1.5"), -5L,
                        0L, 2_147_483_647L, new Raw("-0"), "10")));
                label = "first " + json(variables.get("first"), false);
                expect = GqlExpect.maybe(VALIDATION, BAD_INPUT);
            }
            case 6 -> {
                variables.remove(pick(r, "id", "range"));
                label = "a required variable left out";
                expect = GqlExpect.error(200, VALIDATION, BAD_INPUT);
            }
            case 7 -> {
                variables.put("unknown" + r.nextInt(10), "x");
                label = "an undeclared variable";
                expect = GqlExpect.maybe(VALIDATION, BAD_INPUT);
            }
            default -> {
                request.put("operationName", pick(r, "Q", "Other", ""));
                label = "operationName " + request.get("operationName");
                expect = "Q".equals(request.get("operationName")) ? GqlExpect.ok()
                        : GqlExpect.maybe(VALIDATION, BAD_INPUT);
            }
        }
        return new GqlCase("variables " + label, bytes(json(request, r.nextInt(4) == 0)), JSON_UTF8, tokens.owner,
                expect);
    }

    /** Random character edits: deletions, insertions, duplicated spans, a brace more or less. */
    private static String edit(Random r, String query) {
        StringBuilder text = new StringBuilder(query);
        int edits = 1 + r.nextInt(4);
        for (int i = 0; i < edits && !text.isEmpty(); i++) {
            int at = r.nextInt(text.length());
            switch (r.nextInt(6)) {
                case 0 -> text.deleteCharAt(at);
                case 1 -> text.insert(at, pick(r, "{", "}", "(", ")", "[", "]", ":", "\"", "\\", "$", "!", "@", "#",
                        ".", "...", ",", "\n", " ", "0", "a", "Z", "\u00E9", "\uD83D\uDE00", "\u0085", "\u00A0"));
                case 2 -> {
                    int end = Math.min(text.length(), at + 1 + r.nextInt(30));
                    text.insert(at, text.substring(at, end));
                }
                case 3 -> {
                    int brace = text.lastIndexOf("}");
                    if (brace >= 0) {
                        text.deleteCharAt(brace);
                    }
                }
                case 4 -> text.insert(at, r.nextBoolean() ? " bogusField " : " name(x: 1) ");
                default -> text.insert(at, " __typename ");
            }
        }
        return text.toString();
    }

    private static String padTo(String query, int bodyBytes, String filler) {
        // the JSON envelope adds 13 bytes; a comment's line break is written as two
        int envelope = 13 + query.length();
        int unit = filler.length() + (filler.contains("\n") ? 1 : 0);
        return query + filler.repeat(Math.max(0, (bodyBytes - envelope) / unit));
    }

    private void check(GqlCase c) throws Exception {
        Answer answer = send("POST", "/graphql", c.token, c.contentType, c.body);
        assertDocumented(answer, GRAPHQL_STATUSES);
        if (c.expect.status != null) {
            assertEquals(c.expect.status.intValue(), answer.status, answer.text());
        }
        JsonNode body = answer.json();
        assertTrue(body.isObject(), answer.text());
        for (var names = body.fieldNames(); names.hasNext();) {
            String name = names.next();
            assertTrue(Set.of("data", "errors", "extensions").contains(name), answer.text());
        }
        JsonNode errors = body.path("errors");
        assertTrue(errors.isMissingNode() || errors.isArray(), answer.text());
        Set<String> codes = new LinkedHashSet<>();
        for (JsonNode error : errors) {
            assertTrue(error.path("message").isTextual(), answer.text());
            JsonNode code = error.path("extensions").path("code");
            assertTrue(code.isTextual() && CODES.contains(code.textValue()), "an error without a documented code: "
                    + answer.text());
            codes.add(code.textValue());
        }
        if (answer.status != 200) {
            assertFalse(codes.isEmpty(), answer.text());
            assertTrue(CODES_BY_STATUS.get(answer.status).containsAll(codes), answer.text());
        }
        if (c.expect.codes == null) {
            return;
        }
        if (c.expect.codes.isEmpty()) {
            assertTrue(codes.isEmpty(), "expected an answer without errors: " + answer.text());
            assertTrue(body.path("data").isObject(), answer.text());
            return;
        }
        assertTrue(c.expect.codes.containsAll(codes), "expected codes " + c.expect.codes + ": " + answer.text());
        if (c.expect.required) {
            assertFalse(codes.isEmpty(), "expected an error " + c.expect.codes + ": " + answer.text());
        }
        if (c.label.startsWith("mutation ")) {
            // refused administration leaves the test company as it was
            Row company = db.query("SELECT name, seats, time_zone FROM company WHERE id = $1", CO).iterator().next();
            assertEquals("Company " + CO, company.getString(0));
            assertEquals(10, company.getInteger(1));
            assertEquals("Europe/Berlin", company.getString(2));
        }
    }

    // ================================================================== CSV

    private record CsvCase(String label, String path, String token, Integer status) {
    }

    @TestFactory
    Stream<DynamicTest> csv() {
        Tokens tokens = new Tokens();
        Random r = new Random(SEED + 2);
        List<CsvCase> cases = new ArrayList<>();
        List<String> ids = List.of("%00", CO + "%00", "%00" + CO, "a".repeat(65), enc("x".repeat(3000)),
                enc("\u65E5\u672C\u8A9E"), enc("\uFF47enerated"), enc("\uD83D\uDE00"), enc(CO.toUpperCase()),
                enc("\u00E9"), "..", "%2e%2e", "..%2f..%2fbilling.csv", "%2e%2e%2fbilling.csv", "%2F", ".", "%2e",
                "%ED%A0%80", "%C0%AF", "%FF", "%20", "+", "%25", "%3F", "%23", "", OTHER, "no-such-company",
                CO + "%2F..%2F" + OTHER, enc(CO + " "), "%0A", "%0D%0A" + CO);
        for (String id : ids) {
            cases.add(new CsvCase("company " + id, spendPath(id, "from=2026-01-01&to=2026-01-31"), tokens.owner,
                    null));
        }
        List<String[]> ranges = List.of(
                new String[] { "from=2026-01-01&to=2026-01-31", "200" },
                new String[] { "from=0001-01-01&to=0001-12-31", "200" },
                new String[] { "from=9999-06-01&to=9999-12-31", "200" },
                new String[] { "from=2026-01-31&to=2026-01-01", "400" },
                new String[] { "from=0001-01-01&to=9999-12-31", "400" },
                new String[] { "from=2026-02-30&to=2026-03-01", "400" },
                new String[] { "from=x&to=y", "400" },
                new String[] { "from=&to=", "400" },
                new String[] { "from=2026-1-1&to=2026-1-31", "400" },
                new String[] { "from=%00&to=2026-01-31", "400" },
                new String[] { "from=2026-01-01%00&to=2026-01-31", "400" },
                new String[] { "from=%2B999999999-12-31&to=%2B999999999-12-31", "400" },
                new String[] { "from=-999999999-01-01&to=-999999999-01-02", "400" },
                new String[] { "from=0000-01-01&to=0000-01-31", "400" },
                new String[] { "from=10000-01-01&to=10000-01-02", "400" },
                new String[] { "from=2026-01-01T00:00:00Z&to=2026-01-31", "400" },
                new String[] { "from=" + enc("\uFF12\uFF10\uFF12\uFF16-01-01") + "&to=2026-01-31", "400" },
                new String[] { "from=%ED%A0%80&to=2026-01-31", "400" },
                new String[] { "from=" + "9".repeat(3000) + "&to=2026-01-31", "400" },
                new String[] { "to=2026-01-31", "400" },
                new String[] { "from=2026-01-01", "400" },
                new String[] { "", "400" },
                new String[] { "from=2026-01-01&from=2026-02-01&to=2026-03-01", null },
                new String[] { "from=2026-01-01&to=2026-01-31&to=x", null },
                // parameter names are matched ignoring case
                new String[] { "FROM=2026-01-01&TO=2026-01-31", null },
                new String[] { "from=2026-01-01&to=2026-01-31&extra=%00", "200" },
                new String[] { "from=%202026-01-01&to=2026-01-31", "400" });
        for (String[] range : ranges) {
            Integer status = range[1] == null ? null : Integer.valueOf(range[1]);
            cases.add(new CsvCase("spend " + range[0], spendPath(CO, range[0]), tokens.owner, status));
            cases.add(new CsvCase("billing " + range[0], "/exports/billing.csv?" + range[0], tokens.admin, status));
        }
        Object[][] callers = { { null, 401, 401 }, { "not-a-token", 401, 401 }, { tokens.expired, 401, 401 },
                { tokens.writer, 403, 403 }, { tokens.stranger, 403, 403 }, { tokens.admin, 403, 200 },
                { tokens.partner, 200, 403 }, { tokens.otherOwner, 404, 403 }, { tokens.owner, 200, 403 } };
        for (Object[] caller : callers) {
            cases.add(new CsvCase("spend by caller " + caller[1], spendPath(CO, "from=2026-01-01&to=2026-01-31"),
                    (String) caller[0], (Integer) caller[1]));
            cases.add(new CsvCase("billing by caller " + caller[2], "/exports/billing.csv?from=2026-01-01&to=2026-01-31",
                    (String) caller[0], (Integer) caller[2]));
        }
        cases.add(new CsvCase("spend where it is off", spendPath(OTHER, "from=2026-01-01&to=2026-01-31"),
                tokens.otherOwner, 409));
        while (cases.size() < CSV_CASES) {
            String from = pick(r, "2026-01-01", "2026-02-30", "0001-01-01", "9999-12-31", "x", "%00", "2025-12-31");
            String to = pick(r, "2026-01-31", "2025-01-01", "9999-12-31", "%2B10000-01-01", "", "2026-13-01");
            String query = (r.nextInt(5) == 0 ? "" : "from=" + from) + "&" + (r.nextInt(5) == 0 ? "" : "to=" + to);
            String path = r.nextBoolean() ? spendPath(pick(r, ids), query) : "/exports/billing.csv?" + query;
            cases.add(new CsvCase("random " + path, path, pick(r, tokens.owner, tokens.admin, tokens.partner), null));
        }
        return dynamicTests("csv", cases, c -> c.label, c -> utf8(c.path), this::check);
    }

    private static String spendPath(String id, String query) {
        return "/exports/companies/" + id + "/spend-by-user.csv" + (query.isEmpty() ? "" : "?" + query);
    }

    private void check(CsvCase c) throws Exception {
        Answer answer = send("GET", c.path, c.token, null, null);
        assertDocumented(answer, CSV_STATUSES);
        if (c.status != null) {
            assertEquals(c.status.intValue(), answer.status, answer.text());
        }
        if (answer.status == 200) {
            assertTrue(answer.contentType != null && answer.contentType.startsWith("text/csv"), answer.contentType);
            String text = answer.text();
            assertTrue(text.startsWith("user_id,amount_micros,amount_usd\r\n") || text.startsWith("month,company_id,"),
                    text);
            assertTrue(text.endsWith("\r\n"), "a CSV download that stops in the middle: " + text);
            return;
        }
        restError(answer);
    }

    // ================================================================== shared

    /** Signed once per test factory: signing is the slow part of a request here. */
    private static final class Tokens {
        final String writer = TestTokens.writer(CO);
        final String otherWriter = TestTokens.writer(OTHER);
        final String everyWriter = TestTokens.writer("*");
        final String owner = TestTokens.owner(CO);
        final String otherOwner = TestTokens.owner(OTHER);
        final String partner = TestTokens.partner(CO);
        final String admin = TestTokens.admin();
        final String stranger = TestTokens.stranger();
        final String expired = Jwt.claims().issuer(TestTokens.ISSUER).audience(TestTokens.AUDIENCE).subject("x")
                .groups(Set.of("owner", "telemetry-writer")).claim("company_id", CO)
                .issuedAt(Instant.now().minus(2, ChronoUnit.HOURS))
                .expiresAt(Instant.now().minus(1, ChronoUnit.HOURS)).sign();
    }

    private record Answer(int status, String contentType, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (java.io.IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + text());
            }
        }
    }

    private static Answer send(String method, String path, String token, String contentType, byte[] body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:"
                + io.restassured.RestAssured.port + path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(body));
        HttpResponse<byte[]> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(null),
                response.body());
    }

    /** Never a 500, only the endpoint's statuses, and nothing of the service's code in the answer. */
    private static void assertDocumented(Answer answer, Set<Integer> statuses) {
        String text = answer.text();
        assertTrue(statuses.contains(answer.status), "undocumented status " + answer.status + ": " + text);
        for (String leak : LEAKS) {
            assertFalse(text.contains(leak), "the answer shows '" + leak + "': " + text);
        }
    }

    /** A REST error body: a code that goes with the status, and a message. */
    private static void restError(Answer answer) {
        JsonNode body = answer.json();
        assertNotNull(body.get("code"), answer.text());
        assertTrue(body.path("message").isTextual() && !body.path("message").textValue().isBlank(), answer.text());
        Set<String> fields = new HashSet<>();
        body.fieldNames().forEachRemaining(fields::add);
        assertTrue(Set.of("code", "message").containsAll(fields), answer.text());
        String code = body.get("code").textValue();
        assertTrue(CODES_BY_STATUS.getOrDefault(answer.status, Set.of()).contains(code),
                "status " + answer.status + " with code " + code + ": " + answer.text());
    }

    private static Set<String> documentedCodes() {
        Set<String> codes = new HashSet<>(names(ErrorCode.values()));
        // a failure of the service itself is what this suite looks for
        codes.remove(ErrorCode.INTERNAL.name());
        return codes;
    }

    /** The codes as answers write them. */
    private static Set<String> names(ErrorCode... codes) {
        return Stream.of(codes).map(ErrorCode::name).collect(Collectors.toUnmodifiableSet());
    }

    @FunctionalInterface
    private interface Check<T> {
        void run(T c) throws Exception;
    }

    private static <T> Stream<DynamicTest> dynamicTests(String endpoint, List<T> cases, Function<T, String> label,
            Function<T, byte[]> input, Check<T> check) {
        return IntStream.range(0, cases.size()).mapToObj(i -> {
            T c = cases.get(i);
            String name = endpoint + " #" + i + " " + visible(label.apply(c), 120) + " <- "
                    + visible(new String(input.apply(c), StandardCharsets.UTF_8), 160);
            return DynamicTest.dynamicTest(name, () -> {
                try {
                    check.run(c);
                } catch (AssertionError e) {
                    // reports name a dynamic test by its number only
                    throw new AssertionError(name + "\n" + e.getMessage(), e);
                }
            });
        });
    }

    /** Printable ASCII for test names and reports: everything else as an escape, long inputs cut. */
    private static String visible(String text, int max) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length() && out.length() < max; i++) {
            char ch = text.charAt(i);
            out.append(ch >= 0x20 && ch < 0x7F ? String.valueOf(ch) : String.format("\\u%04x", (int) ch));
        }
        return out.length() >= max || text.length() > max ? out + "... (" + text.length() + " chars)" : out.toString();
    }

    // ------------------------------------------------------------------ JSON written by hand

    /** JSON text inserted as it is: numbers and nesting no serializer would write. */
    private record Raw(String json) {
    }

    /** A JSON object that keeps its order and may hold a name twice. */
    private static final class Obj {
        final List<String> keys = new ArrayList<>();
        final List<Object> values = new ArrayList<>();

        Obj put(String key, Object value) {
            int i = keys.indexOf(key);
            if (i >= 0) {
                values.set(i, value);
            } else {
                add(key, value);
            }
            return this;
        }

        Obj add(String key, Object value) {
            keys.add(key);
            values.add(value);
            return this;
        }

        Object get(String key) {
            int i = keys.indexOf(key);
            return i < 0 ? null : values.get(i);
        }

        boolean has(String key) {
            return keys.contains(key);
        }

        void remove(String key) {
            int i = keys.indexOf(key);
            if (i >= 0) {
                keys.remove(i);
                values.remove(i);
            }
        }

        Obj copy() {
            Obj copy = new Obj();
            for (int i = 0; i < keys.size(); i++) {
                copy.add(keys.get(i), values.get(i) instanceof Obj o ? o.copy() : values.get(i));
            }
            return copy;
        }
    }

    /** JSON text; lone surrogates and control characters as escapes, other characters as they are or escaped. */
    private static String json(Object value, boolean escapeNonAscii) {
        StringBuilder out = new StringBuilder();
        write(out, value, escapeNonAscii);
        return out.toString();
    }

    private static void write(StringBuilder out, Object value, boolean escapeNonAscii) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String s) {
            quote(out, s, escapeNonAscii);
        } else if (value instanceof Raw raw) {
            out.append(raw.json);
        } else if (value instanceof Obj obj) {
            out.append('{');
            for (int i = 0; i < obj.keys.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                quote(out, obj.keys.get(i), escapeNonAscii);
                out.append(':');
                write(out, obj.values.get(i), escapeNonAscii);
            }
            out.append('}');
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                write(out, list.get(i), escapeNonAscii);
            }
            out.append(']');
        } else {
            out.append(value);
        }
    }

    private static void quote(StringBuilder out, String text, boolean escapeNonAscii) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1));
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || (Character.isSurrogate(c) && !pair && !Character.isLowSurrogate(c))
                    || (Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(text.charAt(i - 1))))
                    || (escapeNonAscii && c > 0x7E)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        out.append('"');
    }

    // ------------------------------------------------------------------ small helpers

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** UTF-8, with every invalid-UTF-8 marker replaced by bytes that are not UTF-8. */
    private static byte[] bytes(String text) {
        byte[] plain = utf8(text);
        byte[] marker = utf8(INVALID_UTF8);
        byte[][] invalid = { { (byte) 0xFF }, { (byte) 0xC3, 0x28 }, { (byte) 0xED, (byte) 0xA0, (byte) 0x80 },
                { (byte) 0xC0, (byte) 0xAF }, { (byte) 0xE2, (byte) 0x82 }, { (byte) 0x80 } };
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int replaced = 0;
        for (int i = 0; i < plain.length;) {
            if (i + marker.length <= plain.length
                    && java.util.Arrays.equals(plain, i, i + marker.length, marker, 0, marker.length)) {
                out.writeBytes(invalid[replaced++ % invalid.length]);
                i += marker.length;
            } else {
                out.write(plain[i++]);
            }
        }
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static String enc(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String b64(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String base64(Random r, int length) {
        byte[] bytes = new byte[length];
        r.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String randomText(Random r, int length) {
        String alphabet = "abcXYZ019 -_.:/@+()[]{}\"\\\u00E9\u00DF\u4E2D\u0416";
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return text.toString();
    }

    @SafeVarargs
    private static <T> T pick(Random r, T... options) {
        return options[r.nextInt(options.length)];
    }

    private static <T> T pick(Random r, List<T> options) {
        return options.get(r.nextInt(options.size()));
    }
}
