package io.usageanalytics.support;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Builds event batches for tests. */
public final class Events {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Map<String, Object>> events = new ArrayList<>();

    public static Events batch() {
        return new Events();
    }

    /** Adds an event; attributes are name/value pairs. */
    public Events add(String companyId, Instant occurredAt, String type, Object... attributes) {
        return add(UUID.randomUUID(), companyId, occurredAt, type, attributes);
    }

    public Events add(UUID eventId, String companyId, Instant occurredAt, String type, Object... attributes) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("eventId", eventId.toString());
        event.put("companyId", companyId);
        event.put("occurredAt", occurredAt.toString());
        event.put("type", type);
        for (int i = 0; i < attributes.length; i += 2) {
            event.put((String) attributes[i], attributes[i + 1]);
        }
        events.add(event);
        return this;
    }

    /** Adds an arbitrary JSON object as an event (for malformed input). */
    public Events addRaw(Map<String, Object> event) {
        events.add(event);
        return this;
    }

    public int size() {
        return events.size();
    }

    public String json() {
        try {
            return JSON.writeValueAsString(events);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public String ndjson() {
        return events.stream().map(e -> {
            try {
                return JSON.writeValueAsString(e);
            } catch (JsonProcessingException ex) {
                throw new IllegalStateException(ex);
            }
        }).collect(Collectors.joining("\n"));
    }
}
