package io.usageanalytics.figures.report;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.IntStream;

import io.usageanalytics.figures.Cursor;
import io.usageanalytics.figures.days.CompanyDays;
import io.usageanalytics.figures.days.Day;
import io.usageanalytics.figures.days.Freshness;
import io.usageanalytics.figures.days.LongSet;
import io.usageanalytics.figures.days.TeamMembers;
import io.usageanalytics.figures.days.Union;
import io.usageanalytics.figures.teams.Directory;
import io.usageanalytics.rollup.table.Measure;
import io.usageanalytics.time.DateRange;

/**
 * The per-user report of one range, computed from the company's days (rolled up or not, each event once): the
 * figures of every user active in the range, kept by user ordinal, and the order of the users. Rows are built when
 * read, a page or a download at a time. Every sum is exact or fails with FIGURE_OUT_OF_RANGE.
 */
public final class UserReport {

    /** The counts of a row that the days keep per user ({@link Day#BY_USER}), in the order of {@link #counts}. */
    private static final Measure[] MEASURES = { Measure.CHATS_CREATED, Measure.USER_MESSAGES,
            Measure.ASSISTANT_MESSAGES, Measure.POSITIVE_FEEDBACK, Measure.NEGATIVE_FEEDBACK };
    private static final int CHATS = 0;
    private static final int USER_MESSAGES = 1;
    private static final int ASSISTANT_MESSAGES = 2;
    private static final int POSITIVE = 3;
    private static final int NEGATIVE = 4;

    private final CompanyDays all;
    private final UserReportOrder order;
    private final Freshness freshness;
    /** The users of the report, in its order. */
    private final int[] listed;
    /** By user ordinal: epoch days, counts of the range. */
    private final long[] firstActive;
    private final long[] lastActive;
    private final int[] activeDays;
    private final long[][] counts;
    private final long[] artifacts;
    private final int[] projects;
    private final int[] connectors;
    /** Null where the company does not have extra usage enabled. */
    private final long[] spend;
    /** By user id: the teams on the range's last day, ordered by id. */
    private final Map<String, List<String>> teams;

    /**
     * The report over {@code range}: the users active in it and, with a {@code team} filter (null: none), who
     * belonged to a team of it on a day of the range.
     */
    public UserReport(CompanyDays all, Directory directory, DateRange range, UserReportOrder order, TeamMembers team,
            boolean withSpend) {
        if (order == UserReportOrder.SPEND && !withSpend) {
            throw new IllegalArgumentException("no order by spend without spend figures");
        }
        this.all = all;
        this.order = order;
        this.freshness = all.freshness(range);
        this.teams = teamsOn(directory, range.to());
        int capacity = all.userCapacity();
        this.firstActive = new long[capacity];
        this.lastActive = new long[capacity];
        this.activeDays = new int[capacity];
        this.counts = new long[MEASURES.length][capacity];
        this.artifacts = new long[capacity];
        this.projects = new int[capacity];
        this.connectors = new int[capacity];
        this.spend = withSpend ? new long[capacity] : null;
        List<Day> days = all.in(range);
        for (Day day : days) {
            long date = day.date().toEpochDay();
            for (int user : day.users().toArray()) {
                activeDays[user]++;
                // the days are in order: the last one a user is seen on is their last active day
                lastActive[user] = date;
            }
            for (int m = 0; m < MEASURES.length; m++) {
                Day.UserCounts of = day.countsOfUsers(MEASURES[m]);
                of.users().addEach(of.values(), counts[m]);
            }
            day.artifactCreators().addEach(day.artifactsCreated(), artifacts);
            if (withSpend) {
                day.spenders().addEach(day.spendOfSpender(), spend);
            }
        }
        countProjects(days);
        countConnectors(days);
        Union inReport = new Union(capacity);
        int size = 0;
        for (int user = 0; user < capacity; user++) {
            if (activeDays[user] > 0
                    && (team == null || team.memberBetween(all.userId(user), range.from(), range.to()))) {
                inReport.add(user);
                size++;
            }
        }
        findFirstActive(inReport, size, range.to());
        this.listed = ordered(inReport, size);
    }

    /** Distinct projects per user: each project-user pair of the range counts once. */
    private void countProjects(List<Day> days) {
        int pairs = 0;
        for (Day day : days) {
            pairs += day.projectUsers().length;
        }
        // most pairs repeat on other days: room for a quarter of them, more only when needed
        LongSet seen = new LongSet(pairs / 4);
        for (Day day : days) {
            for (long pair : day.projectUsers()) {
                if (seen.add(pair)) {
                    projects[(int) pair]++;
                }
            }
        }
    }

    /** Distinct connectors per user: the users of each connector over the range, then each user's count of them. */
    private void countConnectors(List<Day> days) {
        Map<String, Union> usersOf = new HashMap<>();
        for (Day day : days) {
            day.connectorUsers().forEach((connector, users) -> usersOf
                    .computeIfAbsent(connector, k -> new Union(connectors.length)).add(users));
        }
        for (Union users : usersOf.values()) {
            for (int user = users.next(0); user >= 0; user = users.next(user + 1)) {
                connectors[user]++;
            }
        }
    }

    /** The first day each listed user was ever active: the days from the first, until every one is found. */
    private void findFirstActive(Union listed, int size, LocalDate to) {
        Union found = new Union(firstActive.length);
        int missing = size;
        for (Day day : all.until(to)) {
            if (missing == 0) {
                break;
            }
            long date = day.date().toEpochDay();
            for (int user : day.users().toArray()) {
                if (listed.contains(user) && !found.contains(user)) {
                    found.add(user);
                    firstActive[user] = date;
                    missing--;
                }
            }
        }
    }

    /** The listed users in the report's order. */
    private int[] ordered(Union listed, int size) {
        Integer[] users = new Integer[size];
        int n = 0;
        for (int user = listed.next(0); user >= 0; user = listed.next(user + 1)) {
            users[n++] = user;
        }
        Arrays.sort(users, (a, b) -> compare(key(a), all.userId(a), key(b), all.userId(b)));
        return Arrays.stream(users).mapToInt(Integer::intValue).toArray();
    }

    /** Who belonged to which teams on the day, directly: by user id, the team ids in order. */
    private static Map<String, List<String>> teamsOn(Directory directory, LocalDate day) {
        Map<String, List<String>> teams = new HashMap<>();
        for (String team : new TreeSet<>(directory.all())) {
            TeamMembers members = directory.members(List.of(team));
            for (String user : members.users()) {
                if (members.memberOn(user, day)) {
                    teams.computeIfAbsent(user, k -> new ArrayList<>()).add(team);
                }
            }
        }
        return teams;
    }

    private long key(int user) {
        return switch (order) {
            case LAST_ACTIVE -> lastActive[user];
            case ACTIVE_DAYS -> activeDays[user];
            case USER_MESSAGES -> counts[USER_MESSAGES][user];
            case SPEND -> spend[user];
        };
    }

    /** The report's order: the larger key first, then the smaller user id. */
    private static int compare(long keyA, String idA, long keyB, String idB) {
        int byKey = Long.compare(keyB, keyA);
        return byKey != 0 ? byKey : idA.compareTo(idB);
    }

    public Freshness freshness() {
        return freshness;
    }

    /** The number of users in the report. */
    public int size() {
        return listed.length;
    }

    /** The row at a position of the report's order. */
    public UserReportRow row(int index) {
        int user = listed[index];
        return new UserReportRow(all.userId(user), LocalDate.ofEpochDay(firstActive[user]),
                LocalDate.ofEpochDay(lastActive[user]), activeDays[user], counts[CHATS][user],
                counts[USER_MESSAGES][user], counts[ASSISTANT_MESSAGES][user], projects[user], artifacts[user],
                connectors[user], counts[POSITIVE][user], counts[NEGATIVE][user], spend == null ? null : spend[user],
                List.copyOf(teams.getOrDefault(all.userId(user), List.of())));
    }

    /** Up to {@code limit} rows after the cursor (null: from the first). */
    public List<UserReportRow> rows(Cursor<Long> after, int limit) {
        int from = after == null ? 0 : firstAfter(after.key(), after.id());
        List<UserReportRow> rows = new ArrayList<>(Math.min(limit, listed.length - from));
        for (int i = from; i < listed.length && rows.size() < limit; i++) {
            rows.add(row(i));
        }
        return rows;
    }

    /** The position of the first user after the key and id of a cursor: binary search in the report's order. */
    private int firstAfter(long key, String id) {
        int low = 0;
        int high = listed.length;
        while (low < high) {
            int middle = (low + high) >>> 1;
            int user = listed[middle];
            if (compare(key(user), all.userId(user), key, id) > 0) {
                high = middle;
            } else {
                low = middle + 1;
            }
        }
        return low;
    }

    /** An opaque cursor pointing after {@code row}. */
    public String cursorAfter(UserReportRow row) {
        return Cursor.after(order.keyText(order.key(row)), row.userId());
    }

    /** Reads a cursor of this order, BAD_USER_INPUT for any other text (a cursor of another order too). */
    public static Cursor<Long> readCursor(UserReportOrder order, String cursor) {
        return Cursor.read(cursor, order::parseKey);
    }

    /** Every row, in order, each built when the iteration reaches it. */
    public Iterable<UserReportRow> allRows() {
        return () -> IntStream.range(0, listed.length).mapToObj(this::row).iterator();
    }
}
