package io.usageanalytics.figures.teams;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import io.usageanalytics.figures.days.TeamMembers;
import io.usageanalytics.time.DateRange;

/**
 * A company's teams and who belonged to each on which days, as of one version of its directory
 * (directory/DirectoryService writes them): the tree of teams and the memberships from which every team figure and
 * privacy rule follows. Held between requests while the version lasts ({@link DirectoryQueries}), so not changed
 * once read, and shared by requests on several threads.
 */
public final class Directory {

    /** A team; {@code parentId} null at the top. */
    public record Team(String id, String name, String parentId) {
    }

    private record Membership(String userId, LocalDate from, LocalDate until) {
    }

    private final Map<String, Team> teams = new LinkedHashMap<>();
    private final Map<String, List<String>> children = new HashMap<>();
    private final Map<String, List<Membership>> memberships = new HashMap<>();
    /** The members of each selection asked for so far: the same for every request of this version. */
    private final Map<Set<String>, TeamMembers> selections = new ConcurrentHashMap<>();
    /** The members of a selection in a range (the privacy rule's group sizes), as asked for so far. */
    private final Map<List<Object>, Set<String>> membersInRange = new ConcurrentHashMap<>();
    private final String version;
    private int membershipRows;

    Directory(String version) {
        this.version = version;
    }

    /** The version read: the last snapshot applied, changed by each one applied (none: no snapshot yet). */
    public String version() {
        return version;
    }

    void addTeam(String id, String name, String parentId) {
        teams.put(id, new Team(id, name, parentId));
        children.computeIfAbsent(parentId, k -> new ArrayList<>()).add(id);
    }

    void addMembership(String teamId, String userId, LocalDate from, LocalDate until) {
        memberships.computeIfAbsent(teamId, k -> new ArrayList<>()).add(new Membership(userId, from, until));
        membershipRows++;
    }

    /** The teams and memberships read: what holding the directory costs, roughly. */
    int rows() {
        return teams.size() + membershipRows;
    }

    public Team team(String id) {
        return teams.get(id);
    }

    /** The teams directly below {@code parentId} (null: the top-level teams), ordered by id. */
    public List<String> children(String parentId) {
        return children.getOrDefault(parentId, List.of()).stream().sorted().toList();
    }

    /** The team and every team below it. */
    public Set<String> withSubTeams(String id) {
        Set<String> all = new TreeSet<>();
        List<String> next = new ArrayList<>(List.of(id));
        while (!next.isEmpty()) {
            String at = next.removeLast();
            if (all.add(at)) {
                next.addAll(children.getOrDefault(at, List.of()));
            }
        }
        return all;
    }

    /** Every team. */
    public Set<String> all() {
        return teams.keySet();
    }

    /** Who belonged to any of these teams, on which days. */
    public TeamMembers members(Collection<String> teamIds) {
        return selections.computeIfAbsent(Set.copyOf(teamIds), this::read);
    }

    /**
     * The users who belonged to any of these teams on a day of the range: the same for every request of this
     * version, so kept (a bounded number of selections and ranges; beyond it they are computed again).
     */
    public Set<String> membersIn(Collection<String> teamIds, DateRange range) {
        Set<String> selection = Set.copyOf(teamIds);
        if (membersInRange.size() > MAX_KEPT_RANGES) {
            membersInRange.clear();
        }
        return membersInRange.computeIfAbsent(List.of(selection, range),
                key -> Set.copyOf(TeamsOfCompany.members(members(selection), range)));
    }

    private static final int MAX_KEPT_RANGES = 256;

    private TeamMembers read(Set<String> teamIds) {
        TeamMembers.Builder members = TeamMembers.builder();
        for (String id : teamIds) {
            for (Membership m : memberships.getOrDefault(id, List.of())) {
                members.add(m.userId(), m.from(), m.until());
            }
        }
        return members.build();
    }
}
