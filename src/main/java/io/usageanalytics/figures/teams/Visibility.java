package io.usageanalytics.figures.teams;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The privacy rule for teams, one level of the tree at a time (docs/teams.md): the groups of a level are the
 * teams below one parent (each with its sub-teams) and what is left of the parent (its own members; at the top:
 * the users in no team). A group with fewer than k members in the range is not shown on its own: it goes to
 * "other teams". If "other teams" then holds fewer than k members, so that subtracting the shown groups from the
 * parent would reveal a small group, the smallest shown groups join it until it holds k or more (complementary
 * suppression). A team asked for on its own is answered only when it is shown in its level.
 */
public final class Visibility {

    /** A group of one level and its members in the range. */
    public record Group(String id, Set<String> members) {
    }

    /** The groups shown on their own, and the members of "other teams" (empty: none). */
    public record Level(List<Group> shown, List<Group> merged, Set<String> otherMembers) {

        public boolean shows(String id) {
            return shown.stream().anyMatch(g -> g.id().equals(id));
        }

        /** Whether "other teams" may be shown: it is empty or holds at least k members. */
        public boolean othersShown(int k) {
            return otherMembers.isEmpty() || otherMembers.size() >= k;
        }
    }

    private Visibility() {
    }

    /** Decides which groups of one level are shown, with minimum size {@code k}. */
    public static Level level(List<Group> groups, int k) {
        List<Group> shown = new ArrayList<>();
        List<Group> merged = new ArrayList<>();
        for (Group group : groups) {
            if (group.members().isEmpty()) {
                continue;
            }
            (group.members().size() >= k ? shown : merged).add(group);
        }
        Set<String> others = union(merged);
        // complementary suppression: the smallest shown group joins "other teams" while it is too small
        shown.sort(Comparator.comparingInt((Group g) -> g.members().size()).thenComparing(Group::id));
        while (!others.isEmpty() && others.size() < k && !shown.isEmpty()) {
            Group smallest = shown.removeFirst();
            merged.add(smallest);
            others.addAll(smallest.members());
        }
        shown.sort(Comparator.comparing(Group::id));
        return new Level(List.copyOf(shown), List.copyOf(merged), others);
    }

    private static Set<String> union(List<Group> groups) {
        Set<String> all = new HashSet<>();
        groups.forEach(g -> all.addAll(g.members()));
        return all;
    }
}
