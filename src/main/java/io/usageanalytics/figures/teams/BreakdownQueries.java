package io.usageanalytics.figures.teams;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.usageanalytics.company.Company;
import io.usageanalytics.error.ApiException;
import io.usageanalytics.error.ErrorCode;
import io.usageanalytics.figures.days.CompanyDays;
import io.usageanalytics.figures.days.Day;
import io.usageanalytics.figures.days.Sums;
import io.usageanalytics.figures.days.TeamMembers;
import io.usageanalytics.rollup.table.Measure;
import io.usageanalytics.time.DateRange;

/**
 * The team breakdown of one level of a company's directory, computed from the company's days in memory: each
 * user-day counts for the rows whose teams the user belonged to that day. Every row follows the same rule as a
 * team asked for on its own ({@link TeamsOfCompany#level}), so no row shows what a direct question would not.
 */
@ApplicationScoped
public class BreakdownQueries {

    private final TeamQueries teams;

    public BreakdownQueries(TeamQueries teams) {
        this.teams = teams;
    }

    public Uni<TeamBreakdown> breakdown(Company company, DateRange range, String parentId) {
        return teams.teams(company).map(of -> {
            if (parentId != null) {
                of.requireTeam(parentId);
                if (!of.shows(parentId, true, range)) {
                    throw new ApiException(ErrorCode.BELOW_MINIMUM_GROUP_SIZE, "Team '" + parentId
                            + "' is not shown on its own from " + range.from() + " to " + range.to()
                            + ", so neither are the teams below it; its figures are part of \"other teams\" above it");
                }
            }
            return breakdown(company, of, range, parentId);
        });
    }

    private static TeamBreakdown breakdown(Company company, TeamsOfCompany of, DateRange range, String parentId) {
        Visibility.Level level = of.level(parentId, range);
        Directory directory = of.directory();
        List<Row> rows = new ArrayList<>();
        for (Visibility.Group group : level.shown()) {
            rows.add(new Row(group.id(), members(of, group.id(), parentId), group.members().size()));
        }
        Row noTeam = null;
        Row others = null;
        List<String> merged = level.merged().stream().map(Visibility.Group::id).sorted().toList();
        if (!merged.isEmpty() && level.othersShown(of.minTeamSize())) {
            List<TeamMembers> parts = merged.stream().map(id -> members(of, id, parentId)).toList();
            others = new Row(null, null, level.otherMembers().size());
            others.anyOf = parts;
        }
        for (Row row : rows) {
            if (TeamsOfCompany.NO_TEAM.equals(row.id)) {
                noTeam = row;
            }
        }
        for (Row row : rows) {
            row.resolve(of);
        }
        if (others != null) {
            others.resolve(of);
        }
        rows.remove(noTeam);
        CompanyDays days = of.days();
        List<Row> all = new ArrayList<>(rows);
        if (noTeam != null) {
            all.add(noTeam);
        }
        if (others != null) {
            all.add(others);
        }
        boolean spend = company.extraUsageEnabled;
        count(days, range, all, of);
        List<TeamFigures> shown = rows.stream().map(row -> row.figures(directory, parentId, spend)).toList();
        return new TeamBreakdown(range, parentId, of.minTeamSize(), shown,
                noTeam == null ? null : noTeam.figures(directory, parentId, spend),
                others == null ? null : others.figures(directory, parentId, spend), merged);
    }

    /** Who counts for a row of the level: a team with its sub-teams, the parent's own members, or no team. */
    private static TeamMembers members(TeamsOfCompany of, String id, String parentId) {
        if (TeamsOfCompany.NO_TEAM.equals(id)) {
            return null; // decided per user-day: in no team at all
        }
        return of.members(id, !id.equals(parentId));
    }

    /** One row being counted. */
    private static final class Row {
        final String id;
        final TeamMembers members;
        final long size;
        /** For "other teams": a user-day counts when it counts for any of these (null: the users in no team). */
        List<TeamMembers> anyOf;
        final BitSet active = new BitSet();
        final BitSet lastDay = new BitSet();
        final BitSet week = new BitSet();
        final BitSet month = new BitSet();
        final Set<Long> projects = new HashSet<>();
        final Set<String> connectors = new HashSet<>();
        long userMessages;
        long chats;
        long artifacts;
        long spend;

        /** {@link #members} and {@link #anyOf} by user ordinal (null entries: the users in no team). */
        TeamMembers.Periods[] membersOf;
        List<TeamMembers.Periods[]> anyOfUser;

        void resolve(TeamsOfCompany of) {
            membersOf = members == null ? null : of.byUser(members);
            if (anyOf != null) {
                anyOfUser = anyOf.stream().map(part -> part == null ? null : of.byUser(part)).toList();
            }
        }

        Row(String id, TeamMembers members, long size) {
            this.id = id;
            this.members = members;
            this.size = size;
        }

        TeamFigures figures(Directory directory, String parentId, boolean withSpend) {
            boolean team = id != null && !TeamsOfCompany.NO_TEAM.equals(id);
            return new TeamFigures(team ? id : null, team ? directory.team(id).name() : null,
                    team && id.equals(parentId), size, active.cardinality(), lastDay.cardinality(),
                    week.cardinality(), month.cardinality(), userMessages, chats, projects.size(), artifacts,
                    connectors.size(), withSpend ? spend : null);
        }
    }

    /**
     * Adds every user-day of the range and of the 30 days before its end to the rows it counts for. Each user is
     * checked only against the rows it may count for at all (found once per request), and the rows a user-day
     * counts for are kept by user ordinal for the day's measures, without a map or list per user-day.
     */
    private static void count(CompanyDays days, DateRange range, List<Row> rows, TeamsOfCompany of) {
        LocalDate to = range.to();
        LocalDate first = range.from().isBefore(to.minusDays(29)) ? range.from() : to.minusDays(29);
        TeamMembers.Periods[] anyTeam = of.anyTeamOfUser();
        Row[][] candidates = candidates(rows, days.userCapacity());
        // per user ordinal, the rows the current day counts for: null, a Row, or a Row[] of several
        Object[] countedOf = new Object[candidates.length];
        Row[] counted = new Row[rows.size()];
        long lastDay = to.toEpochDay();
        long weekFrom = to.minusDays(6).toEpochDay();
        long monthFrom = to.minusDays(29).toEpochDay();
        long rangeFrom = range.from().toEpochDay();
        for (Day day : days.between(first, to)) {
            long epochDay = day.date().toEpochDay();
            boolean inRange = epochDay >= rangeFrom;
            int[] users = day.users().toArray();
            boolean any = false;
            for (int user : users) {
                int n = 0;
                for (Row row : candidates[user]) {
                    if (counts(row, user, epochDay, anyTeam)) {
                        counted[n++] = row;
                    }
                }
                if (n == 0) {
                    continue;
                }
                any = true;
                countedOf[user] = n == 1 ? counted[0] : Arrays.copyOf(counted, n);
                for (int i = 0; i < n; i++) {
                    Row row = counted[i];
                    if (inRange) {
                        row.active.set(user);
                    }
                    if (epochDay == lastDay) {
                        row.lastDay.set(user);
                    }
                    if (epochDay >= weekFrom) {
                        row.week.set(user);
                    }
                    if (epochDay >= monthFrom) {
                        row.month.set(user);
                    }
                }
            }
            if (inRange && any) {
                add(day.countsOfUsers(Measure.USER_MESSAGES), countedOf,
                        (row, v) -> row.userMessages = Sums.add(row.userMessages, v));
                add(day.countsOfUsers(Measure.CHATS_CREATED), countedOf, (row, v) -> row.chats = Sums.add(row.chats, v));
                add(new Day.UserCounts(day.artifactCreators(), day.artifactsCreated()), countedOf,
                        (row, v) -> row.artifacts = Sums.add(row.artifacts, v));
                add(new Day.UserCounts(day.spenders(), day.spendOfSpender()), countedOf,
                        (row, v) -> row.spend = Sums.add(row.spend, v));
                for (long pair : day.projectUsers()) {
                    forEachRow(countedOf[(int) pair], row -> row.projects.add(pair >>> 32));
                }
                day.connectorUsers().forEach((connector, users1) -> {
                    for (int user : users1.toArray()) {
                        forEachRow(countedOf[user], row -> row.connectors.add(connector));
                    }
                });
            }
            if (any) {
                for (int user : users) {
                    countedOf[user] = null;
                }
            }
        }
    }

    /**
     * For each user ordinal, the rows the user can count for on some day: a row of teams it ever belonged to, and
     * the rows of users in no team (a user may be in none on some days).
     */
    private static Row[][] candidates(List<Row> rows, int users) {
        Row[][] of = new Row[users][];
        List<Row> may = new ArrayList<>(rows.size());
        for (int user = 0; user < users; user++) {
            may.clear();
            for (Row row : rows) {
                if (mayCount(row, user)) {
                    may.add(row);
                }
            }
            of[user] = may.toArray(Row[]::new);
        }
        return of;
    }

    private static boolean mayCount(Row row, int user) {
        if (row.anyOfUser != null) {
            for (TeamMembers.Periods[] part : row.anyOfUser) {
                if (part == null || !part[user].isEmpty()) {
                    return true;
                }
            }
            return false;
        }
        return row.membersOf == null || !row.membersOf[user].isEmpty();
    }

    private static void forEachRow(Object counted, Consumer<Row> action) {
        if (counted instanceof Row row) {
            action.accept(row);
        } else if (counted instanceof Row[] several) {
            for (Row row : several) {
                action.accept(row);
            }
        }
    }

    private interface Adder {
        void add(Row row, long value);
    }

    private static void add(Day.UserCounts counts, Object[] countedOf, Adder adder) {
        int[] members = counts.users().toArray();
        long[] values = counts.values();
        for (int i = 0; i < members.length; i++) {
            Object counted = countedOf[members[i]];
            if (counted instanceof Row row) {
                adder.add(row, values[i]);
            } else if (counted instanceof Row[] several) {
                for (Row row : several) {
                    adder.add(row, values[i]);
                }
            }
        }
    }

    /** Whether the user-day counts for the row (the user's memberships resolved by ordinal: {@link Row#resolve}). */
    private static boolean counts(Row row, int user, long epochDay, TeamMembers.Periods[] anyTeam) {
        if (row.anyOfUser != null) {
            for (TeamMembers.Periods[] part : row.anyOfUser) {
                if (part == null ? !anyTeam[user].on(epochDay) : part[user].on(epochDay)) {
                    return true;
                }
            }
            return false;
        }
        return row.membersOf == null ? !anyTeam[user].on(epochDay) : row.membersOf[user].on(epochDay);
    }
}
