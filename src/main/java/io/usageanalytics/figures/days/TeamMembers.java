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

    private final Map<String, Periods> periods;

    private TeamMembers(Map<String, Periods> periods) {
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
            Map<String, Periods> built = new HashMap<>(periods.size() * 2);
            periods.forEach((user, spans) -> built.put(user, new Periods(spans)));
            return new TeamMembers(Map.copyOf(built));
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * One user's memberships of the selection: resolved once (a lookup by id) and then asked about day after day,
     * which the breakdown and the privacy rule do for every user-day of a range.
     */
    public static final class Periods {

        /** Never a member. */
        public static final Periods NONE = new Periods(new long[0]);

        /** The epoch days of each membership: from, until, from, until, ... (until: MAX when open). */
        private final long[] spans;

        private Periods(long[] spans) {
            this.spans = spans;
        }

        /** Whether the user belonged to a team of the selection on the day: a membership covers it. */
        public boolean on(long epochDay) {
            for (int i = 0; i < spans.length; i += 2) {
                if (spans[i] <= epochDay && epochDay < spans[i + 1]) {
                    return true;
                }
            }
            return false;
        }

        /** Whether the user belonged to a team of the selection on a day from {@code from} to {@code to}, included. */
        public boolean between(long from, long to) {
            for (int i = 0; i < spans.length; i += 2) {
                if (spans[i] <= to && from < spans[i + 1]) {
                    return true;
                }
            }
            return false;
        }

        /** Whether the memberships together cover every day from {@code from} to {@code to}, included. */
        public boolean coversAll(long from, long to) {
            long next = from; // the first day not known to be covered
            boolean extended = true;
            while (extended && next <= to) {
                extended = false;
                for (int i = 0; i < spans.length; i += 2) {
                    if (spans[i] <= next && next < spans[i + 1]) {
                        next = spans[i + 1];
                        extended = true;
                    }
                }
            }
            return next > to;
        }

        public boolean isEmpty() {
            return spans.length == 0;
        }
    }

    /** The user's memberships of the selection ({@link Periods#NONE} when none). */
    public Periods of(String userId) {
        Periods known = userId == null ? null : periods.get(userId);
        return known == null ? Periods.NONE : known;
    }

    /** Whether the user belonged to a team of the selection on the day. */
    public boolean memberOn(String userId, LocalDate day) {
        return of(userId).on(day.toEpochDay());
    }

    /** Whether the user belonged to a team of the selection on a day from {@code from} to {@code to}, included. */
    public boolean memberBetween(String userId, LocalDate from, LocalDate to) {
        return of(userId).between(from.toEpochDay(), to.toEpochDay());
    }

    /** Every user who ever belonged to a team of the selection. */
    public String[] users() {
        return periods.keySet().toArray(String[]::new);
    }
}
