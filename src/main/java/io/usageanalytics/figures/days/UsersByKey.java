package io.usageanalytics.figures.days;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.usageanalytics.figures.KeyUsers;

/** Distinct users per value (an app version, a connector, ...) over several days. */
public final class UsersByKey {

    /** Most users first, ties by value, the users without a value last among equals. */
    private static final Comparator<KeyUsers> MOST_USERS = Comparator.comparingLong(KeyUsers::users).reversed()
            .thenComparing(KeyUsers::key, Comparator.nullsLast(Comparator.naturalOrder()));

    private final Map<String, BitSet> users = new HashMap<>();
    private final int userCapacity;

    public UsersByKey(int userCapacity) {
        this.userCapacity = userCapacity;
    }

    public void add(String key, int[] members) {
        BitSet set = users.computeIfAbsent(key, k -> new BitSet(userCapacity));
        for (int user : members) {
            set.set(user);
        }
    }

    public List<KeyUsers> mostUsersFirst() {
        List<KeyUsers> counts = new ArrayList<>(users.size());
        users.forEach((key, set) -> counts.add(new KeyUsers(key, set.cardinality())));
        counts.sort(MOST_USERS);
        return counts;
    }
}
