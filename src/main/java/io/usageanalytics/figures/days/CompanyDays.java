package io.usageanalytics.figures.days;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import java.util.function.UnaryOperator;

import io.usageanalytics.rollup.table.Measure;
import io.usageanalytics.time.DateRange;

/**
 * A company's days as of one moment: rolled-up days with the events not
 * rolled up yet added, each event counted once. Every figure of one request
 * is computed from the same CompanyDays, so the figures of one answer agree.
 */
public final class CompanyDays {

    /** As the first day of a {@link #fold}: every day up to and including its last. */
    public static final LocalDate FIRST = LocalDate.MIN;

    /** The days with events, in order, and their epoch days (for binary search). */
    private final List<Day> days;
    private final long[] epochDays;
    private final Ordinals users;
    private final Ordinals chats;
    private final Ordinals invites;
    private final Instant rolledUpAt;
    private final Instant computedAt;
    private final Map<Object, Object> shared = new ConcurrentHashMap<>();
    /** What was computed from the rolled-up days these days were made of, null when they were read for them. */
    private final Computed computed;
    /** The days with events not rolled up yet: nothing computed with them is kept. */
    private final Set<LocalDate> fresh;

    CompanyDays(SortedMap<LocalDate, Day> days, Ordinals users, Ordinals chats, Ordinals invites,
            Instant rolledUpAt, Instant computedAt) {
        this(days, users, chats, invites, rolledUpAt, computedAt, null, Set.of());
    }

    CompanyDays(SortedMap<LocalDate, Day> days, Ordinals users, Ordinals chats, Ordinals invites,
            Instant rolledUpAt, Instant computedAt, Computed computed, Set<LocalDate> fresh) {
        this.computed = computed;
        this.fresh = Set.copyOf(fresh);
        this.days = Arrays.asList(days.values().toArray(new Day[0]));
        this.epochDays = days.keySet().stream().mapToLong(LocalDate::toEpochDay).toArray();
        this.users = users;
        this.chats = chats;
        this.invites = invites;
        this.rolledUpAt = rolledUpAt;
        this.computedAt = computedAt;
    }

    /**
     * A result several figures of the same request start from (the user breakdowns of one range, say),
     * computed once.
     */
    @SuppressWarnings("unchecked")
    public <T> T shared(Object key, Supplier<T> compute) {
        Object value = shared.get(key);
        if (value == null) {
            value = compute.get();
            Object before = shared.putIfAbsent(key, value);
            value = before == null ? value : before;
        }
        return (T) value;
    }

    /** What one {@link #fold} kept: the figure, its days, and which of them were left out as fresh. */
    private record Folded(Object figure, LocalDate from, LocalDate to, List<LocalDate> fresh) {
    }

    /**
     * Adds the days from {@code from} to {@code to} into an accumulator ({@code add} in any order: unions,
     * sums). The rolled-up days' part is computed once for the days held and kept with them ({@link Computed});
     * a request adds only the days with events not rolled up yet, to a copy. The result is shared: read it,
     * never change it.
     *
     * @param figure what is folded, with every argument besides the days (a record)
     */
    public <A> A fold(Object figure, LocalDate from, LocalDate to, Supplier<A> empty, BiConsumer<A, Day> add,
            UnaryOperator<A> copy, ToLongFunction<A> weight) {
        List<Day> of = between(from, to);
        if (computed == null) {
            A all = empty.get();
            of.forEach(day -> add.accept(all, day));
            return all;
        }
        List<LocalDate> freshDays = fresh.isEmpty() ? List.of()
                : of.stream().map(Day::date).filter(fresh::contains).toList();
        Folded key = new Folded(figure, from, to, freshDays);
        @SuppressWarnings("unchecked")
        A rolled = (A) computed.get(key);
        if (rolled == null) {
            A built = empty.get();
            for (Day day : of) {
                if (freshDays.isEmpty() || !fresh.contains(day.date())) {
                    add.accept(built, day);
                }
            }
            computed.keep(key, built, weight.applyAsLong(built));
            rolled = built;
        }
        if (freshDays.isEmpty()) {
            return rolled;
        }
        A all = copy.apply(rolled);
        for (Day day : of) {
            if (fresh.contains(day.date())) {
                add.accept(all, day);
            }
        }
        return all;
    }

    /** The days with events from {@code from} to {@code to}, both included, in order. */
    public List<Day> between(LocalDate from, LocalDate to) {
        return from.isAfter(to) ? List.of()
                : days.subList(firstFrom(from), firstFrom(to.plusDays(1)));
    }

    public List<Day> in(DateRange range) {
        return between(range.from(), range.to());
    }

    /** Every day with events up to {@code to}, in order. */
    public List<Day> until(LocalDate to) {
        return days.subList(0, firstFrom(to.plusDays(1)));
    }

    /** The day's events, null when it had none. */
    public Day on(LocalDate date) {
        int index = Arrays.binarySearch(epochDays, date.toEpochDay());
        return index < 0 ? null : days.get(index);
    }

    /** The index of the first day on or after {@code date}. */
    private int firstFrom(LocalDate date) {
        int index = Arrays.binarySearch(epochDays, date.toEpochDay());
        return index < 0 ? -index - 1 : index;
    }

    public String userId(int user) {
        return users.id(user);
    }

    /** The order of the user ids, by ordinal (see {@link Ordinals#byId}). */
    public Ordinals.IdOrder userIdOrder() {
        return users.byId();
    }

    /** An upper bound of the user ordinals in these days, for bit sets and arrays indexed by user. */
    public int userCapacity() {
        return users.size();
    }

    /** An upper bound of the chat ordinals in these days. */
    public int chatCapacity() {
        return chats.size();
    }

    /** An upper bound of the invite ordinals in these days. */
    public int inviteCapacity() {
        return invites.size();
    }

    /** The measure over the days; FIGURE_OUT_OF_RANGE when it does not fit a long. */
    public long sum(Collection<Day> of, Measure measure) {
        long sum = 0;
        for (Day day : of) {
            sum = Sums.add(sum, day.count(measure));
        }
        return sum;
    }

    /** Distinct users active on any of the days. */
    public long distinctUsers(Collection<Day> of) {
        return distinct(of, Day::users, userCapacity());
    }

    /**
     * Distinct members of the days' sets ({@code set} of each day, ordinals below {@code capacity}). A single
     * day's set is its own answer.
     */
    public static long distinct(Collection<Day> of, Function<Day, Members> set, int capacity) {
        if (of.size() == 1) {
            return set.apply(of.iterator().next()).size();
        }
        Union union = new Union(capacity);
        for (Day day : of) {
            union.add(set.apply(day));
        }
        return union.size();
    }

    public Freshness freshness(DateRange range) {
        Instant newest = null;
        for (Day day : in(range)) {
            if (day.newestReceivedAt() != null && (newest == null || day.newestReceivedAt().isAfter(newest))) {
                newest = day.newestReceivedAt();
            }
        }
        return new Freshness(newest, rolledUpAt, computedAt);
    }
}
