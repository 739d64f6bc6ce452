package io.usageanalytics.figures.days;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Who belonged to a selection of teams on which company-local days: the one definition of "a user counts for a
 * team on a day" (a membership from valid_from, included, until valid_until, excluded, covers the day; V8).
 * A user in two teams of the selection on the same day counts once.
 */
public final class TeamMembers {

    /** Per user, the epoch days of each membership: from, until, from, until, ... (until: MAX when open). */
    private final Map<String, long[]> periods;

    private TeamMembers(Map<String, long[]> periods) {
        this.periods = periods;
    }

    /** Builds the members of a selection from its membership rows. */
    public static final class Builder {
        private final Map<String, long[]> periods = new HashMap<>();

        /** One membership row: {@code until} null while it lasts. */
        public Builder add(String userId, LocalDate from, LocalDate until) {
            long[] known = periods.get(userId);
            long[] more = known == null ? new long[2] : Arrays.copyOf(known, known.length + 2);
            more[more.length - 2] = from.toEpochDay();
            more[more.length - 1] = until == null ? Long.MAX_VALUE : until.toEpochDay();
            periods.put(userId, more);
            return this;
        }

        public TeamMembers build() {
            return new TeamMembers(Map.copyOf(periods));
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Whether the user belonged to a team of the selection on the day. */
    public boolean memberOn(String userId, LocalDate day) {
        long[] spans = userId == null ? null : periods.get(userId);
        if (spans == null) {
            return false;
        }
        long epochDay = day.toEpochDay();
        for (int i = 0; i < spans.length; i += 2) {
            if (spans[i] <= epochDay && epochDay < spans[i + 1]) {
                return true;
            }
        }
        return false;
    }

    /** Whether the user belonged to a team of the selection on a day from {@code from} to {@code to}, included. */
    public boolean memberBetween(String userId, LocalDate from, LocalDate to) {
        long[] spans = periods.get(userId);
        if (spans == null) {
            return false;
        }
        for (int i = 0; i < spans.length; i += 2) {
            if (spans[i] <= to.toEpochDay() && from.toEpochDay() < spans[i + 1]) {
                return true;
            }
        }
        return false;
    }

    /** Every user who ever belonged to a team of the selection. */
    public String[] users() {
        return periods.keySet().toArray(String[]::new);
    }
}
