package io.usageanalytics.figures.days;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Distinct users in rolling windows of days (WAU and MAU of every day of a
 * series, say), without uniting each window's days anew. The days from the
 * first window's start are cut in blocks of {@code window} days: a window is
 * the end of one block (its days from a given day to the block's end,
 * "suffix") and the start of the next (its days up to a given day, "prefix"),
 * so each window is two unions already built, and each day is united about
 * three times, not once per window.
 */
public final class RollingWindows {

    private RollingWindows() {
    }

    /** Users active in the {@code window} days ending on each of {@code ends}. */
    public static Map<LocalDate, Long> users(CompanyDays days, List<LocalDate> ends, int window) {
        Map<LocalDate, Long> result = new HashMap<>();
        if (window == 1 || ends.size() == 1) {
            // one day, or one window: its users, no blocks
            ends.forEach(end -> result.put(end, days.distinctUsers(days.between(end.minusDays(window - 1L), end))));
            return result;
        }
        TreeSet<LocalDate> wanted = new TreeSet<>(ends);
        LocalDate first = wanted.first().minusDays(window - 1L);
        Union[] suffix = new Union[window];
        for (int i = 0; i < window; i++) {
            suffix[i] = new Union(days.userCapacity());
        }
        Union prefix = new Union(days.userCapacity());
        for (LocalDate block = first; !block.plusDays(window - 1L).isAfter(wanted.last()); block = block.plusDays(window)) {
            // suffix[i]: users of the block's days i to its end
            for (int i = window - 1; i >= 0; i--) {
                if (i < window - 1) {
                    suffix[i].set(suffix[i + 1]);
                } else {
                    suffix[i].clear();
                }
                Day day = days.on(block.plusDays(i));
                if (day != null) {
                    suffix[i].add(day.users());
                }
            }
            LocalDate blockEnd = block.plusDays(window - 1L);
            if (wanted.contains(blockEnd)) {
                result.put(blockEnd, (long) suffix[0].size());
            }
            // windows ending in the next block: this block's suffix and the next block's prefix
            prefix.clear();
            for (int i = 0; i < window - 1; i++) {
                LocalDate end = blockEnd.plusDays(i + 1L);
                if (end.isAfter(wanted.last())) {
                    break;
                }
                Day day = days.on(end);
                if (day != null) {
                    prefix.add(day.users());
                }
                if (wanted.contains(end)) {
                    result.put(end, (long) suffix[i + 1].sizeWith(prefix));
                }
            }
        }
        return result;
    }
}
