package io.usageanalytics.rollup.table;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

/**
 * The rows every rollup table would get from a set of events, computed in
 * memory from the tables' descriptions: the same events taken, grouped by the
 * same key, with the same aggregates as their SELECTs (count, sum, newest,
 * any of a type; the run is 0). Used for the events not rolled up yet, which
 * are few: reading them once and aggregating here costs a read a fraction of
 * planning nine aggregations in PostgreSQL. The rollup job computes the rows it
 * stores here too, a few company-days at a time (see {@link StoredRows}).
 * RollupTableTest checks that both give the same rows.
 *
 * Add events with {@link #add}, then read the rows with {@link #forEach}. Not thread-safe.
 */
public final class TailRows {

    /** Where each column of {@link RollupTable#EVENT_COLUMNS} is in an event's values. */
    private static final Map<String, Integer> EVENT_COLUMN = new HashMap<>();
    private static final int COLUMNS = RollupTable.EVENT_COLUMNS.size();
    private static final int TYPE;
    private static final int USER_ID;
    /** The event types some table takes by name, numbered: an event's type is looked up once, not per table. */
    private static final Map<String, Integer> TYPES = new HashMap<>();

    /**
     * How an event is read ({@link #readColumns}): the positions in an event's values of the columns read as they
     * are; then folder_kind and rating are read, and the measures ({@link #MEASURES}, at {@link #MEASURE_AT}) are
     * computed from them, the type and the amount.
     */
    private static final int[] READ_AS_IS;
    private static final Measure[] MEASURES = Arrays.stream(Measure.values()).filter(m -> m != Measure.EVENTS)
            .toArray(Measure[]::new);
    private static final int[] MEASURE_AT;
    private static final int AMOUNT_MICROS;

    /** The position of user_id among the columns of {@link #readColumns}. */
    public static final int READ_USER_ID;

    static {
        List<String> columns = RollupTable.EVENT_COLUMNS;
        for (int i = 0; i < columns.size(); i++) {
            EVENT_COLUMN.put(columns.get(i), i);
        }
        TYPE = EVENT_COLUMN.get("type");
        USER_ID = EVENT_COLUMN.get("user_id");
        AMOUNT_MICROS = EVENT_COLUMN.get("amount_micros");
        Arrays.stream(RollupTable.values()).filter(t -> t.take.types() != null).flatMap(t -> t.take.types().stream())
                .distinct().sorted().forEach(type -> TYPES.put(type, TYPES.size()));
        Set<String> measures = Arrays.stream(MEASURES).map(m -> m.column).collect(Collectors.toSet());
        READ_AS_IS = columns.stream().filter(c -> !measures.contains(c)).mapToInt(EVENT_COLUMN::get).toArray();
        MEASURE_AT = Arrays.stream(MEASURES).mapToInt(m -> EVENT_COLUMN.get(m.column)).toArray();
        READ_USER_ID = Arrays.stream(READ_AS_IS).boxed().toList().indexOf(USER_ID);
    }

    /**
     * The columns of event_measure or event {@code alias} (all are event's own) to read an event with, for
     * {@link #add(LocalDate, IntFunction)}:
     * {@link RollupTable#EVENT_COLUMNS} but the measures, then folder_kind and rating, from which with the type
     * and the amount the measures follow ({@link Measure#share}). The rollup job reads every event: the view's
     * ten conditions were a third of PostgreSQL's time to read one.
     */
    public static String readColumns(String alias) {
        List<String> read = new ArrayList<>();
        for (int i : READ_AS_IS) {
            read.add(alias + "." + RollupTable.EVENT_COLUMNS.get(i));
        }
        read.add(alias + ".folder_kind");
        read.add(alias + ".rating");
        return String.join(", ", read);
    }

    /** A table's description as positions in an event's values, and the kind of each aggregate. */
    private record Plan(RollupTable table, int[] keys, int[] sources, RollupTable.Aggregate.Kind[] kinds,
            boolean[] takesType, boolean withUser) {

        static Plan of(RollupTable table) {
            int[] keys = table.keys.stream().mapToInt(EVENT_COLUMN::get).toArray();
            int[] sources = table.aggregates.stream()
                    .mapToInt(a -> a.kind() == RollupTable.Aggregate.Kind.SUM || a.kind() == RollupTable.Aggregate.Kind.NEWEST
                            ? EVENT_COLUMN.get(a.source()) : -1)
                    .toArray();
            RollupTable.Aggregate.Kind[] kinds = table.aggregates.stream().map(RollupTable.Aggregate::kind)
                    .toArray(RollupTable.Aggregate.Kind[]::new);
            boolean[] takesType = null;
            if (table.take.types() != null) {
                takesType = new boolean[TYPES.size()];
                for (String type : table.take.types()) {
                    takesType[TYPES.get(type)] = true;
                }
            }
            return new Plan(table, keys, sources, kinds, takesType, table.take.withUser());
        }

        /** Whether the table takes an event ({@link RollupTable.Take}), by the type's number in {@link #TYPES} (-1: a type no table names). */
        boolean takes(int type, boolean ofUser) {
            return (takesType == null || type >= 0 && takesType[type]) && (ofUser || !withUser);
        }
    }

    /** By the table's ordinal. */
    private static final Plan[] PLANS = Arrays.stream(RollupTable.values()).map(Plan::of).toArray(Plan[]::new);

    /**
     * A group's day and key values, hashed once. Each table has one more, the probe, set to each event's values to
     * look its group up: a group's own key is a copy of it, made only for the group's first event (an event is
     * looked up in up to eleven tables, and most find their group). Only the probe ever changes.
     */
    private static final class Key {

        private final Object[] dayAndKey;
        private int hash;

        private Key(Object[] dayAndKey, int hash) {
            this.dayAndKey = dayAndKey;
            this.hash = hash;
        }

        static Key probe(int keys) {
            return new Key(new Object[keys + 1], 0);
        }

        /**
         * Sets the probe to the day and the values of {@code plan}'s key columns of {@code event}. The values are
         * mixed as MurmurHash3 does: ids that count up (user-17, chat-42) give sums of 31-multiples that collide
         * often, and colliding keys made HashMap keep bins as trees, compared value by value.
         */
        void set(Plan plan, LocalDate day, Object[] event) {
            dayAndKey[0] = day;
            int h = mix(0, day.hashCode());
            for (int i = 0; i < plan.keys.length; i++) {
                Object value = event[plan.keys[i]];
                dayAndKey[i + 1] = value;
                h = mix(h, Objects.hashCode(value));
            }
            hash = finish(h, dayAndKey.length);
        }

        private static int mix(int h, int value) {
            int k = Integer.rotateLeft(value * 0xcc9e2d51, 15) * 0x1b873593;
            return Integer.rotateLeft(h ^ k, 13) * 5 + 0xe6546b64;
        }

        private static int finish(int h, int length) {
            h ^= length;
            h ^= h >>> 16;
            h *= 0x85ebca6b;
            h ^= h >>> 13;
            h *= 0xc2b2ae35;
            return h ^ h >>> 16;
        }

        Key copy() {
            return new Key(dayAndKey.clone(), hash);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && key.hash == hash && Arrays.equals(key.dayAndKey, dayAndKey);
        }
    }

    /** One row being aggregated: its day and key, and one accumulator per aggregate. */
    static final class Group implements RollupRow {

        private final RollupTable table;
        /** The day, then the values of the table's key. */
        private final Object[] dayAndKey;
        private final long[] numbers;
        private final boolean[] outOfRange;
        /** The newest instant of each NEWEST aggregate (Instant or OffsetDateTime, as read); its microseconds are in numbers. */
        private final Object[] newest;

        Group(RollupTable table, Object[] dayAndKey) {
            this.table = table;
            this.dayAndKey = dayAndKey;
            int n = table.aggregates.size();
            this.numbers = new long[n];
            this.outOfRange = new boolean[n];
            this.newest = new Object[n];
        }

        void add(Plan plan, Object[] event) {
            for (int i = 0; i < numbers.length; i++) {
                switch (plan.kinds[i]) {
                    case COUNT -> numbers[i]++;
                    case SUM -> {
                        Object value = event[plan.sources[i]];
                        if (value != null && !outOfRange[i]) {
                            try {
                                numbers[i] = Math.addExact(numbers[i], ((Number) value).longValue());
                            } catch (ArithmeticException e) {
                                // as a numeric sum beyond bigint reads: see RollupRow.OUT_OF_RANGE
                                outOfRange[i] = true;
                            }
                        }
                    }
                    case NEWEST -> {
                        Object at = event[plan.sources[i]];
                        if (at != null) {
                            long micros = micros(at);
                            if (newest[i] == null || micros > numbers[i]) {
                                newest[i] = at;
                                numbers[i] = micros;
                            }
                        }
                    }
                    case ANY_OF_TYPE -> {
                        if (table.aggregates.get(i).source().equals(event[TYPE])) {
                            numbers[i] = 1;
                        }
                    }
                    case RUN -> {
                        // 0: these rows were not written by a run
                    }
                }
            }
        }

        LocalDate day() {
            return (LocalDate) dayAndKey[0];
        }

        /** The value of the {@code i}-th column of the table's key. */
        String key(int i) {
            return (String) dayAndKey[i + 1];
        }

        /** The {@code i}-th aggregate as a number (count, sum, any of a type as 0 or 1): see {@link #number}. */
        long number(int i) {
            return outOfRange[i] ? OUT_OF_RANGE : numbers[i];
        }

        /** The {@code i}-th aggregate as an instant (newest). */
        Instant instant(int i) {
            return asInstant(newest[i]);
        }

        /** The position of {@code column} among the aggregates, or -1-(its position in the key). */
        private int aggregate(String column) {
            int index = table.indexOf(column) - 2;
            int keys = dayAndKey.length - 1;
            return index < keys ? -1 - index : index - keys;
        }

        @Override
        public String text(String column) {
            if (column.equals("company_id")) {
                throw new IllegalArgumentException("the rows of one company's events do not carry its id");
            }
            return (String) dayAndKey[-aggregate(column)];
        }

        @Override
        public long number(String column) {
            int i = aggregate(column);
            return outOfRange[i] ? OUT_OF_RANGE : numbers[i];
        }

        @Override
        public boolean flag(String column) {
            return numbers[aggregate(column)] != 0;
        }

        @Override
        public Instant instant(String column) {
            return asInstant(newest[aggregate(column)]);
        }
    }

    /**
     * Microseconds since the epoch (PostgreSQL's precision) of an instant read: an OffsetDateTime as the
     * database client decodes timestamptz, compared without making an Instant of every event's.
     */
    private static long micros(Object at) {
        if (at instanceof OffsetDateTime time) {
            return time.toEpochSecond() * 1_000_000 + time.getNano() / 1_000;
        }
        Instant instant = (Instant) at;
        return instant.getEpochSecond() * 1_000_000 + instant.getNano() / 1_000;
    }

    private static Instant asInstant(Object at) {
        return at instanceof OffsetDateTime time ? time.toInstant() : (Instant) at;
    }

    /** A row of a rollup table computed here, with its day. */
    @FunctionalInterface
    public interface RowConsumer {
        void accept(RollupTable table, LocalDate day, RollupRow row);
    }

    /** By the table's ordinal. */
    @SuppressWarnings("unchecked")
    private final Map<Key, Group>[] groups = new Map[PLANS.length];
    /** By the table's ordinal: see {@link Key}. */
    private final Key[] probes = new Key[PLANS.length];

    public TailRows() {
        for (int i = 0; i < groups.length; i++) {
            groups[i] = new HashMap<>();
            probes[i] = Key.probe(PLANS[i].keys.length);
        }
    }

    /**
     * Adds one event: a row of event_measure of one company, with its {@code day} and {@code values} in the order
     * of {@link RollupTable#EVENT_COLUMNS} (texts as String, numbers as Number, received_at as Instant or OffsetDateTime).
     */
    public void add(LocalDate day, Object[] values) {
        Integer named = TYPES.get((String) values[TYPE]);
        int type = named == null ? -1 : named;
        boolean ofUser = values[USER_ID] != null;
        for (Plan plan : PLANS) {
            if (!plan.takes(type, ofUser)) {
                continue;
            }
            int t = plan.table.ordinal();
            Key probe = probes[t];
            probe.set(plan, day, values);
            Map<Key, Group> tableGroups = groups[t];
            Group group = tableGroups.get(probe);
            if (group == null) {
                Key key = probe.copy();
                group = new Group(plan.table, key.dayAndKey);
                tableGroups.put(key, group);
            }
            group.add(plan, values);
        }
    }

    /**
     * Adds one event read from the database with {@link #readColumns}: {@code column} gives the value of each of
     * its columns by its position (a timestamp as OffsetDateTime or Instant).
     */
    public void add(LocalDate day, IntFunction<Object> column) {
        add(day, values(column));
    }

    /** The values of one event read from the database with {@link #readColumns}, for {@link #add(LocalDate, Object[])}. */
    public static Object[] values(IntFunction<Object> column) {
        Object[] values = new Object[COLUMNS];
        for (int i = 0; i < READ_AS_IS.length; i++) {
            values[READ_AS_IS[i]] = column.apply(i);
        }
        String type = (String) values[TYPE];
        String folderKind = (String) column.apply(READ_AS_IS.length);
        String rating = (String) column.apply(READ_AS_IS.length + 1);
        Long amount = values[AMOUNT_MICROS] == null ? null : ((Number) values[AMOUNT_MICROS]).longValue();
        for (int m = 0; m < MEASURES.length; m++) {
            values[MEASURE_AT[m]] = MEASURES[m].share(type, folderKind, rating, amount);
        }
        return values;
    }

    /** Every row computed so far, table by table. */
    public void forEach(RowConsumer consumer) {
        for (Plan plan : PLANS) {
            for (Group group : groups[plan.table.ordinal()].values()) {
                consumer.accept(plan.table, group.day(), group);
            }
        }
    }

    /** The rows computed so far of {@code table}. */
    Iterable<Group> rows(RollupTable table) {
        return groups[table.ordinal()].values();
    }
}
