package io.usageanalytics.figures.days;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.usageanalytics.rollup.table.Measure;

/**
 * One day from two parts of the same date (the rolled-up day and the events not rolled up yet): what
 * {@code new DayBuilder(date).add(rolled).add(tail).build()} gives, made by merging the parts' sorted arrays
 * instead of adding every member again. A load with a tail merges on every request, so this is on the path
 * of every dashboard while events arrive.
 */
final class MergedDay {

    private MergedDay() {
    }

    static Day of(Day a, Day b) {
        long[] counts = new long[a.counts().length];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = Sums.saturated(a.counts()[i], b.counts()[i]);
        }
        Valued artifacts = Valued.merge(a.artifactCreators(), a.artifactsCreated(), b.artifactCreators(),
                b.artifactsCreated());
        Valued spend = Valued.merge(a.spenders(), a.spendOfSpender(), b.spenders(), b.spendOfSpender());
        Map<String, Long> spendByModel = new HashMap<>(a.spendByModel());
        b.spendByModel().forEach((model, amount) -> spendByModel.merge(model, amount, Sums::saturated));
        return new Day(a.date(), Math.max(a.run(), b.run()), counts, newest(a.newestReceivedAt(), b.newestReceivedAt()),
                union(a.users(), b.users()), union(a.projectCreators(), b.projectCreators()), artifacts.members(),
                artifacts.values(), unions(a.usersByAppVersion(), b.usersByAppVersion()),
                unions(a.usersByPlatform(), b.usersByPlatform()), unions(a.usersByDeployment(), b.usersByDeployment()),
                unions(a.connectorUsers(), b.connectorUsers()), union(a.projectUsers(), b.projectUsers()),
                union(a.chats(), b.chats()), Sums.saturated(a.chatMessages(), b.chatMessages()),
                assistants(a.assistants(), b.assistants()), spend.members(), spend.values(),
                Map.copyOf(spendByModel), union(a.invitesSent(), b.invitesSent()),
                union(a.invitesClosed(), b.invitesClosed()), countsOfUsers(a.countsOfUsers(), b.countsOfUsers()));
    }

    private static Instant newest(Instant a, Instant b) {
        return a == null ? b : b == null || !b.isAfter(a) ? a : b;
    }

    static Members union(Members a, Members b) {
        if (b.size() == 0) {
            return a;
        }
        if (a.size() == 0) {
            return b;
        }
        int[] x = a.toArray();
        int[] y = b.toArray();
        int[] merged = new int[x.length + y.length];
        int i = 0;
        int j = 0;
        int n = 0;
        while (i < x.length || j < y.length) {
            if (j == y.length || i < x.length && x[i] < y[j]) {
                merged[n++] = x[i++];
            } else if (i == x.length || y[j] < x[i]) {
                merged[n++] = y[j++];
            } else {
                merged[n++] = x[i++];
                j++;
            }
        }
        return Members.of(n == merged.length ? merged : java.util.Arrays.copyOf(merged, n));
    }

    private static long[] union(long[] x, long[] y) {
        if (y.length == 0) {
            return x;
        }
        if (x.length == 0) {
            return y;
        }
        long[] merged = new long[x.length + y.length];
        int i = 0;
        int j = 0;
        int n = 0;
        while (i < x.length || j < y.length) {
            if (j == y.length || i < x.length && x[i] < y[j]) {
                merged[n++] = x[i++];
            } else if (i == x.length || y[j] < x[i]) {
                merged[n++] = y[j++];
            } else {
                merged[n++] = x[i++];
                j++;
            }
        }
        return n == merged.length ? merged : java.util.Arrays.copyOf(merged, n);
    }

    /** The sets by key; a key may be null (no value given), so not Map.copyOf. */
    private static Map<String, Members> unions(Map<String, Members> a, Map<String, Members> b) {
        if (b.isEmpty()) {
            return a;
        }
        if (a.isEmpty()) {
            return b;
        }
        Map<String, Members> merged = new HashMap<>(a);
        b.forEach((key, set) -> merged.merge(key, set, MergedDay::union));
        return Collections.unmodifiableMap(merged);
    }

    private static List<Day.Assistant> assistants(List<Day.Assistant> a, List<Day.Assistant> b) {
        if (b.isEmpty()) {
            return a;
        }
        Map<List<String>, Day.Assistant> byKey = new LinkedHashMap<>();
        for (List<Day.Assistant> part : List.of(a, b)) {
            for (Day.Assistant row : part) {
                byKey.merge(java.util.Arrays.asList(row.assistantId(), row.module()), row,
                        (x, y) -> new Day.Assistant(x.assistantId(), x.module(), Sums.saturated(x.prompts(), y.prompts()),
                                Sums.saturated(x.assistantMessages(), y.assistantMessages()),
                                Sums.saturated(x.positiveFeedback(), y.positiveFeedback()),
                                Sums.saturated(x.negativeFeedback(), y.negativeFeedback())));
            }
        }
        return List.copyOf(new ArrayList<>(byKey.values()));
    }

    private static Map<Measure, Day.UserCounts> countsOfUsers(Map<Measure, Day.UserCounts> a,
            Map<Measure, Day.UserCounts> b) {
        if (b.isEmpty()) {
            return a;
        }
        Map<Measure, Day.UserCounts> merged = new EnumMap<>(Measure.class);
        merged.putAll(a);
        b.forEach((measure, counts) -> merged.merge(measure, counts, (x, y) -> {
            Valued sum = Valued.merge(x.users(), x.values(), y.users(), y.values());
            return new Day.UserCounts(sum.members(), sum.values());
        }));
        return Collections.unmodifiableMap(merged);
    }

    /** Members with a value each, in the order of the members; a member of both parts has the sum. */
    private record Valued(Members members, long[] values) {

        static Valued merge(Members a, long[] aValues, Members b, long[] bValues) {
            if (b.size() == 0) {
                return new Valued(a, aValues);
            }
            if (a.size() == 0) {
                return new Valued(b, bValues);
            }
            int[] x = a.toArray();
            int[] y = b.toArray();
            int[] members = new int[x.length + y.length];
            long[] values = new long[x.length + y.length];
            int i = 0;
            int j = 0;
            int n = 0;
            while (i < x.length || j < y.length) {
                if (j == y.length || i < x.length && x[i] < y[j]) {
                    values[n] = aValues[i];
                    members[n++] = x[i++];
                } else if (i == x.length || y[j] < x[i]) {
                    values[n] = bValues[j];
                    members[n++] = y[j++];
                } else {
                    values[n] = Sums.saturated(aValues[i], bValues[j++]);
                    members[n++] = x[i++];
                }
            }
            return new Valued(Members.of(java.util.Arrays.copyOf(members, n)), java.util.Arrays.copyOf(values, n));
        }
    }
}
