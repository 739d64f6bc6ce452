package io.usageanalytics.directory;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import io.usageanalytics.error.ApiException;
import io.usageanalytics.error.ErrorCode;
import io.usageanalytics.privacy.PersonalDataGuard;

/**
 * What a company's directory says as of one moment: its teams, their parents, and their members (pseudonymous user
 * ids, as in events). Checked whole before anything is stored: one bad value refuses the snapshot, with the path
 * of the value in the reason.
 *
 * @param asOf when the directory looked like this (the day it applies from is its company-local date)
 * @param teams by id, in the order sent; parents are teams of the same snapshot
 */
public record DirectorySnapshot(Instant asOf, Map<String, Team> teams) {

    /** A team of the snapshot; {@code parentId} null for a top-level team. */
    public record Team(String id, String name, String parentId, Set<String> members) {
    }

    public static final int MAX_TEAMS = 10_000;
    public static final int MAX_MEMBERSHIPS = 500_000;
    static final int MAX_ID_LENGTH = 128;
    static final int MAX_NAME_LENGTH = 200;
    /** Departments of departments: deeper than any real organisation chart, short enough to walk every time. */
    static final int MAX_DEPTH = 32;
    private static final Set<String> FIELDS = Set.of("asOf", "teams");
    private static final Set<String> TEAM_FIELDS = Set.of("id", "name", "parentId", "members");

    /** The number of (team, user) pairs. */
    public int memberships() {
        return teams.values().stream().mapToInt(t -> t.members().size()).sum();
    }

    /** Reads and checks a snapshot; {@code asOf} defaults to {@code now} and may be at most {@code skew} after it. */
    public static DirectorySnapshot read(JsonNode body, Instant now, Duration skew) {
        if (body == null || !body.isObject()) {
            throw bad("The body must be a JSON object with 'teams' (and optionally 'asOf')");
        }
        unknownFields(body, FIELDS, "");
        Instant asOf = now;
        JsonNode asOfNode = body.get("asOf");
        if (asOfNode != null && !asOfNode.isNull()) {
            if (!asOfNode.isTextual()) {
                throw bad("asOf must be an ISO-8601 instant such as 2026-03-02T08:00:00Z");
            }
            try {
                asOf = Instant.parse(asOfNode.textValue());
            } catch (DateTimeParseException e) {
                throw bad("asOf must be an ISO-8601 instant such as 2026-03-02T08:00:00Z, not '"
                        + ApiException.shorten(asOfNode.textValue()) + "'");
            }
            if (asOf.isAfter(now.plus(skew))) {
                throw bad("asOf lies in the future: " + asOf);
            }
            if (asOf.getEpochSecond() < 0) {
                throw bad("asOf must be after 1970");
            }
        }
        JsonNode teamsNode = body.get("teams");
        if (teamsNode == null || !teamsNode.isArray()) {
            throw bad("teams must be an array (empty: the company has no teams from asOf on)");
        }
        if (teamsNode.size() > MAX_TEAMS) {
            throw bad("A snapshot holds at most " + MAX_TEAMS + " teams, not " + teamsNode.size());
        }
        Map<String, Team> teams = new LinkedHashMap<>();
        int memberships = 0;
        for (int i = 0; i < teamsNode.size(); i++) {
            String path = "teams[" + i + "]";
            JsonNode node = teamsNode.get(i);
            if (!node.isObject()) {
                throw bad(path + " must be an object with id, name, and optionally parentId and members");
            }
            unknownFields(node, TEAM_FIELDS, path + ".");
            String id = id(node.get("id"), path + ".id");
            String name = name(node.get("name"), path + ".name");
            JsonNode parentNode = node.get("parentId");
            String parentId = parentNode == null || parentNode.isNull() ? null : id(parentNode, path + ".parentId");
            Set<String> members = new LinkedHashSet<>();
            JsonNode membersNode = node.get("members");
            if (membersNode != null && !membersNode.isNull()) {
                if (!membersNode.isArray()) {
                    throw bad(path + ".members must be an array of user ids");
                }
                memberships += membersNode.size();
                if (memberships > MAX_MEMBERSHIPS) {
                    throw bad("A snapshot holds at most " + MAX_MEMBERSHIPS + " memberships (team, user)");
                }
                for (int m = 0; m < membersNode.size(); m++) {
                    members.add(userId(membersNode.get(m), path + ".members[" + m + "]"));
                }
            }
            if (teams.put(id, new Team(id, name, parentId, Set.copyOf(members))) != null) {
                throw bad(path + ".id: team '" + id + "' is listed twice");
            }
        }
        checkParents(teams);
        return new DirectorySnapshot(asOf, teams);
    }

    /** Every parent is a team of the snapshot, and following parents ends at a top-level team. */
    private static void checkParents(Map<String, Team> teams) {
        Map<String, Integer> depth = new HashMap<>();
        for (Team team : teams.values()) {
            List<String> chain = new ArrayList<>();
            Team at = team;
            while (at != null && !depth.containsKey(at.id())) {
                chain.add(at.id());
                if (chain.size() > MAX_DEPTH) {
                    throw bad("Team '" + team.id() + "' has parents in a cycle, or more than " + MAX_DEPTH
                            + " levels above it");
                }
                if (at.parentId() == null) {
                    at = null;
                    break;
                }
                Team parent = teams.get(at.parentId());
                if (parent == null) {
                    throw bad("Team '" + at.id() + "' names parent '" + at.parentId()
                            + "', which is not a team of the snapshot");
                }
                at = parent;
            }
            int known = at == null ? 0 : depth.get(at.id());
            for (int i = chain.size() - 1; i >= 0; i--) {
                depth.put(chain.get(i), ++known);
            }
        }
    }

    private static String id(JsonNode node, String path) {
        String id = text(node, path, MAX_ID_LENGTH);
        if (id.codePoints().anyMatch(PersonalDataGuard::isSpace)) {
            throw bad(path + " must not contain whitespace");
        }
        PersonalDataGuard.problemWith(path, id).ifPresent(problem -> {
            throw bad(problem);
        });
        return id;
    }

    private static String name(JsonNode node, String path) {
        String name = text(node, path, MAX_NAME_LENGTH);
        PersonalDataGuard.problemWith(path, name).ifPresent(problem -> {
            throw bad(problem);
        });
        return name.strip();
    }

    private static String userId(JsonNode node, String path) {
        String userId = text(node, path, MAX_ID_LENGTH);
        PersonalDataGuard.problemWithUserId(userId).ifPresent(problem -> {
            throw bad(path + ": " + problem);
        });
        return userId;
    }

    private static String text(JsonNode node, String path, int maxLength) {
        if (node == null || node.isNull()) {
            throw bad("missing " + path);
        }
        if (!node.isTextual()) {
            throw bad(path + " must be a string");
        }
        String text = node.textValue();
        if (text.isBlank() || text.length() > maxLength) {
            throw bad(path + " must be 1-" + maxLength + " characters and not blank");
        }
        return text;
    }

    private static void unknownFields(JsonNode node, Set<String> known, String prefix) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!known.contains(name)) {
                throw bad("unknown field '" + prefix + ApiException.shorten(name) + "'");
            }
        }
    }

    private static ApiException bad(String reason) {
        return new ApiException(ErrorCode.BAD_USER_INPUT, reason);
    }
}
