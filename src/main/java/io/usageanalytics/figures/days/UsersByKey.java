package io.usageanalytics.figures.days;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Distinct users per value (an app version, a connector, ...) over several days. */
public final class UsersByKey {

    /** Most users first, ties by value, the users without a value last among equals. */
    private static final Comparator<KeyUsers> MOST_USERS = Comparator.comparingLong(KeyUsers::users).reversed()
            .thenComparing(KeyUsers::key, Comparator.nullsLast(Comparator.naturalOrder()));

    private final Map<String, Union> users = new HashMap<>();
    private final int userCapacity;

    public UsersByKey(int userCapacity) {
        this.userCapacity = userCapacity;
    }

    /** A copy to add more days to, with room for users below {@code capacity}. */
    public UsersByKey copy(int capacity) {
        UsersByKey copy = new UsersByKey(Math.max(userCapacity, capacity));
        users.forEach((key, set) -> copy.users.put(key, set.copy(copy.userCapacity)));
        return copy;
    }

    /** A rough size in bytes. */
    public long weight() {
        long bytes = 48;
        for (Union set : users.values()) {
            bytes += 64 + set.weight();
        }
        return bytes;
    }

    public void add(String key, Members members) {
        users.computeIfAbsent(key, k -> new Union(userCapacity)).add(members);
    }

    public List<KeyUsers> mostUsersFirst() {
        List<KeyUsers> counts = new ArrayList<>(users.size());
        users.forEach((key, set) -> counts.add(new KeyUsers(key, set.size())));
        counts.sort(MOST_USERS);
        return counts;
    }
}
