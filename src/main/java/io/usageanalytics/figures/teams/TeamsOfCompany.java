package io.usageanalytics.figures.teams;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.usageanalytics.company.Company;
import io.usageanalytics.error.ApiException;
import io.usageanalytics.error.ErrorCode;
import io.usageanalytics.figures.days.CompanyDays;
import io.usageanalytics.figures.days.Day;
import io.usageanalytics.figures.days.TeamMembers;
import io.usageanalytics.figures.days.TeamScope;
import io.usageanalytics.time.DateRange;

/**
 * A company's directory with its privacy rule applied: the groups of each level of its tree of teams over a
 * range, and which of them may be shown ({@link Visibility}). Built once per request from the directory and the
 * company's days (which say who was active in no team).
 */
public final class TeamsOfCompany {

    /** The id of the group of users in no team, at the top level. */
    public static final String NO_TEAM = "";

    private final String companyId;
    private final Directory directory;
    private final CompanyDays days;
    private final int minTeamSize;
    private final TeamMembers anyTeam;
    private final Map<String, Visibility.Level> levels = new ConcurrentHashMap<>();
    /** {@link #anyTeam} by user ordinal of the days, resolved when first asked. */
    private volatile TeamMembers.Periods[] anyTeamOfUser;

    public TeamsOfCompany(String companyId, Directory directory, CompanyDays days, int minTeamSize) {
        this.companyId = companyId;
        this.directory = directory;
        this.days = days;
        this.minTeamSize = minTeamSize;
        this.anyTeam = directory.members(directory.all());
    }

    public Directory directory() {
        return directory;
    }

    /** Fails with NOT_FOUND unless the directory ever listed the team. */
    public void requireTeam(String teamId) {
        if (directory.team(teamId) == null) {
            throw new ApiException(ErrorCode.NOT_FOUND, "No team with id '" + ApiException.shorten(teamId)
                    + "' in company '" + companyId + "'");
        }
    }

    public int minTeamSize() {
        return minTeamSize;
    }

    /** The company's days of the request. */
    public CompanyDays days() {
        return days;
    }

    /** Who belonged to any team on which days. */
    public TeamMembers anyTeam() {
        return anyTeam;
    }

    /** Each user's memberships of any team, by the ordinal of the request's days. */
    public TeamMembers.Periods[] anyTeamOfUser() {
        TeamMembers.Periods[] of = anyTeamOfUser;
        if (of == null) {
            of = byUser(anyTeam);
            anyTeamOfUser = of;
        }
        return of;
    }

    /**
     * Each user's memberships of the selection, by the ordinal of the request's days: looked up once per user
     * instead of once per user-day.
     */
    public TeamMembers.Periods[] byUser(TeamMembers members) {
        TeamMembers.Periods[] of = new TeamMembers.Periods[days.userCapacity()];
        for (int user = 0; user < of.length; user++) {
            of[user] = members.of(days.userId(user));
        }
        return of;
    }

    /**
     * The groups of one level over the range: the teams below {@code parentId} (null: the top), each with its
     * sub-teams, and what is left of the parent (its own members; at the top, users active in no team).
     */
    public Visibility.Level level(String parentId, DateRange range) {
        return levels.computeIfAbsent((parentId == null ? "\u0000" : parentId) + "|" + range,
                key -> Visibility.level(groups(parentId, range), minTeamSize));
    }

    /** The groups of one level and their members in the range, before the rule. */
    public List<Visibility.Group> groups(String parentId, DateRange range) {
        List<Visibility.Group> groups = new ArrayList<>();
        for (String child : directory.children(parentId)) {
            groups.add(new Visibility.Group(child, directory.membersIn(directory.withSubTeams(child), range)));
        }
        if (parentId != null) {
            groups.add(new Visibility.Group(parentId, directory.membersIn(List.of(parentId), range)));
        } else {
            groups.add(new Visibility.Group(NO_TEAM, activeInNoTeam(range)));
        }
        return groups;
    }

    /**
     * Whether a team, alone or with its sub-teams, is shown over the range: in its level, and every team above it
     * (with its sub-teams) in theirs, since subtracting it from the company's figures would otherwise reveal what
     * a hidden team above it hides.
     */
    public boolean shows(String teamId, boolean withSubTeams, DateRange range) {
        boolean whole = withSubTeams || directory.children(teamId).isEmpty();
        String parent = directory.team(teamId).parentId();
        if (!(whole ? level(parent, range).shows(teamId) : level(teamId, range).shows(teamId))) {
            return false;
        }
        for (String up = whole ? parent : teamId; up != null; up = directory.team(up).parentId()) {
            if (!level(directory.team(up).parentId(), range).shows(up)) {
                return false;
            }
        }
        return true;
    }

    /** Who belonged to the team (and its sub-teams, when asked) on which days. */
    public TeamMembers members(String teamId, boolean withSubTeams) {
        return directory.members(withSubTeams ? directory.withSubTeams(teamId) : List.of(teamId));
    }

    /** The users who belonged to any team of the selection on a day of the range. */
    public static Set<String> members(TeamMembers members, DateRange range) {
        Set<String> users = new HashSet<>();
        for (String user : members.users()) {
            if (members.memberBetween(user, range.from(), range.to())) {
                users.add(user);
            }
        }
        return users;
    }

    /** The users active on a day of the range on which they belonged to no team. */
    public Set<String> activeInNoTeam(DateRange range) {
        TeamMembers.Periods[] anyTeamOf = anyTeamOfUser();
        // most users are in a team on every day of the range: only the others are looked at day by day
        long from = range.from().toEpochDay();
        long to = range.to().toEpochDay();
        BitSet sometimesInNone = new BitSet(anyTeamOf.length);
        for (int user = 0; user < anyTeamOf.length; user++) {
            if (!anyTeamOf[user].coversAll(from, to)) {
                sometimesInNone.set(user);
            }
        }
        List<Day> inRange = days.in(range);
        long userDays = 0;
        for (Day day : inRange) {
            userDays += day.users().size();
        }
        BitSet users = new BitSet();
        if (sometimesInNone.cardinality() * (long) inRange.size() < userDays) {
            // few such users: each one's days, until one finds it active in no team
            for (int user = sometimesInNone.nextSetBit(0); user >= 0; user = sometimesInNone.nextSetBit(user + 1)) {
                for (Day day : inRange) {
                    if (!anyTeamOf[user].on(day.date().toEpochDay()) && day.users().contains(user)) {
                        users.set(user);
                        break;
                    }
                }
            }
        } else {
            for (Day day : inRange) {
                long date = day.date().toEpochDay();
                for (int user : day.users().toArray()) {
                    if (sometimesInNone.get(user) && !users.get(user) && !anyTeamOf[user].on(date)) {
                        users.set(user);
                    }
                }
            }
        }
        Set<String> ids = new HashSet<>();
        users.stream().forEach(user -> ids.add(days.userId(user)));
        return ids;
    }

    /** The scope of a team's figures: the company seen through the team, alone or with its sub-teams. */
    public Company scope(Company company, String teamId, boolean withSubTeams) {
        TeamMembers members = members(teamId, withSubTeams);
        LocalDate today = LocalDate.now(company.zone());
        int seats = directory.membersIn(withSubTeams ? directory.withSubTeams(teamId) : List.of(teamId),
                new DateRange(today, today)).size();
        String key = teamId + (withSubTeams ? "+" : "");
        return company.within(new Selected(key, members, teamId, withSubTeams), seats);
    }

    private final class Selected implements TeamScope {
        private final String key;
        private final TeamMembers members;
        private final String teamId;
        private final boolean withSubTeams;

        Selected(String key, TeamMembers members, String teamId, boolean withSubTeams) {
            this.key = key;
            this.members = members;
            this.teamId = teamId;
            this.withSubTeams = withSubTeams;
        }

        @Override
        public String key() {
            return key;
        }

        @Override
        public TeamMembers members() {
            return members;
        }

        @Override
        public String directoryVersion() {
            return directory.version();
        }

        @Override
        public void requireShown(DateRange range) {
            if (!shows(teamId, withSubTeams, range)) {
                // the reason does not say how many members the team has: its size would be a figure too
                boolean small = TeamsOfCompany.members(members, range).size() < minTeamSize;
                throw new ApiException(ErrorCode.BELOW_MINIMUM_GROUP_SIZE, "Team '" + teamId + "'"
                        + (withSubTeams ? " with its sub-teams" : "") + " is not shown on its own from " + range.from()
                        + " to " + range.to() + ": " + (small
                                ? "it has fewer members in the range than the company's minimum team size, "
                                        + minTeamSize
                                : "the teams beside it are too small to be shown without it")
                        + "; its figures are part of \"other teams\" in the team breakdown");
            }
        }
    }
}
