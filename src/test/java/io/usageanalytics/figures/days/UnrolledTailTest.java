package io.usageanalytics.figures.days;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.usageanalytics.company.Company;
import io.usageanalytics.rollup.RollupJob;
import io.usageanalytics.rollup.RollupRun;
import io.usageanalytics.rollup.table.Measure;
import io.usageanalytics.support.Api;
import io.usageanalytics.support.EveryEventType;
import io.usageanalytics.support.TestTokens;

/**
 * The events not rolled up yet are aggregated by the rollup tables' own
 * SELECTs: a day read from its rolled-up rows plus its tail rows, or from tail
 * rows only, is the very day one rollup of all its events gives.
 */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
class UnrolledTailTest {

    private final LocalDate first = LocalDate.now(ZoneOffset.UTC).minusDays(3);

    @Inject
    DayStore days;

    @Inject
    RollupJob rollup;

    @Test
    void aDayPartlyRolledUpIsTheDayRolledUpWhole() {
        String c = "tail-partly";
        Api.ensureCompany(c, "UTC", 10, true);
        post(c, 1);
        rollUp();
        post(c, 2);
        List<String> partly = describe(c);

        rollUp();
        assertEquals(describe(c), partly);
    }

    @Test
    void aDayNotRolledUpAtAllIsTheDayRolledUpWhole() {
        String c = "tail-only";
        Api.ensureCompany(c, "UTC", 10, true);
        post(c, 1);
        post(c, 2);
        List<String> unrolled = describe(c);

        rollUp();
        assertEquals(describe(c), unrolled);
    }

    @Test
    void figuresKeptWithTheHeldDaysAddTheDaysNotRolledUpYet() {
        String c = "tail-kept";
        Api.ensureCompany(c, "UTC", 10, true);
        post(c, 1);
        rollUp();
        List<String> rolled = figures(c);
        // read the days, then keep what the figures computed from them, then reuse it
        assertEquals(rolled, figures(c));
        assertEquals(rolled, figures(c));

        post(c, 2);
        List<String> withTail = figures(c);
        assertEquals(withTail, figures(c), "the same again, from what is kept and the same tail");

        rollUp();
        assertEquals(withTail, figures(c), "the days read again, rolled up whole");
        assertEquals(withTail, figures(c));
        // the second part changed every figure here but the environment breakdowns
        assertEquals("pending invites 0", withTail.get(3));
        assertEquals("connectors [KeyUsers[key=jira, users=2]]", withTail.get(4));
        assertEquals("projects used [UserCount[userId=u1, count=1], UserCount[userId=u2, count=1]]", withTail.get(5));
        assertEquals("artifacts [UserCount[userId=u1, count=2]]", withTail.get(6));
        assertEquals("spend [UserSpend[userId=u1, amountMicros=3000], UserSpend[userId=u2, amountMicros=500]]",
                withTail.get(9));
        assertEquals("connectors [KeyUsers[key=jira, users=1]]", rolled.get(4));
    }

    @Inject
    io.usageanalytics.figures.activity.ActivityQueries activity;

    @Inject
    io.usageanalytics.figures.adoption.AdoptionQueries adoption;

    @Inject
    io.usageanalytics.figures.spend.SpendQueries spend;

    /**
     * Every figure that keeps what it computed from the held days, over the two days and the ones around them; in
     * a request of its own, as a GraphQL request loads the days once.
     */
    private List<String> figures(String companyId) {
        io.quarkus.arc.ManagedContext request = io.quarkus.arc.Arc.container().requestContext();
        io.quarkus.arc.InjectableContext.ContextState test = request.getStateIfActive();
        request.deactivate();
        request.activate();
        try {
            return figuresOfOneRequest(companyId);
        } finally {
            request.terminate();
            if (test != null) {
                request.activate(test);
            }
        }
    }

    private List<String> figuresOfOneRequest(String companyId) {
        Company company = new Company();
        company.id = companyId;
        io.usageanalytics.time.DateRange range = new io.usageanalytics.time.DateRange(first.minusDays(1),
                first.plusDays(2));
        List<LocalDate> ends = List.of(first.minusDays(1), first, first.plusDays(1), first.plusDays(2));
        List<String> lines = new ArrayList<>();
        for (var breakdown : io.usageanalytics.figures.activity.ActivityQueries.Breakdown.values()) {
            lines.add(breakdown + " " + activity.usersBy(company, range, breakdown).await().indefinitely());
        }
        lines.add("pending invites " + activity.pendingInvites(company, range.to()).await().indefinitely());
        lines.add("connectors " + adoption.topConnectors(company, range, 10).await().indefinitely());
        lines.add("projects used " + adoption.topProjectUsers(company, range, 10).await().indefinitely());
        lines.add("artifacts " + adoption.topArtifactUsers(company, range, 10).await().indefinitely());
        lines.add("project creators " + new TreeMap<>(adoption.usersEver(company, true, ends).await().indefinitely()));
        lines.add("artifact creators " + new TreeMap<>(adoption.usersEver(company, false, ends).await().indefinitely()));
        lines.add("spend " + spend.byUser(company, range, null, 10).await().indefinitely());
        return lines;
    }

    private void post(String c, int part) {
        Api.postEvents(TestTokens.writer(c), EveryEventType.part(part, c, first)).statusCode(200);
    }

    private void rollUp() {
        assertEquals(RollupRun.Outcome.COMPLETED, rollup.rollUpNewEvents().await().indefinitely().outcome());
    }

    /** Everything the two days hold but the run that built them; users by id. */
    private List<String> describe(String companyId) {
        Company company = new Company();
        company.id = companyId;
        CompanyDays all = days.load(company).await().indefinitely();
        List<String> lines = new ArrayList<>();
        for (LocalDate date : List.of(first, first.plusDays(1))) {
            Day day = all.on(date);
            assertNotNull(day, date.toString());
            lines.add(date + " counts " + Arrays.toString(day.counts()) + " received " + day.newestReceivedAt());
            lines.add("users " + users(all, day.users()) + " project creators " + users(all, day.projectCreators()));
            lines.add("artifacts " + amounts(all, day.artifactCreators(), day.artifactsCreated()));
            lines.add("versions " + byKey(all, day.usersByAppVersion()) + " platforms "
                    + byKey(all, day.usersByPlatform()) + " deployments " + byKey(all, day.usersByDeployment()));
            lines.add("connectors " + byKey(all, day.connectorUsers()));
            List<String> projectUsers = new ArrayList<>();
            for (long pair : day.projectUsers()) {
                projectUsers.add((pair >>> 32) + ":" + all.userId((int) pair));
            }
            lines.add("project users " + projectUsers.stream().sorted().toList());
            lines.add("chats " + day.chats().size() + " messages " + day.chatMessages());
            lines.add("assistants " + day.assistants().stream().map(Object::toString).sorted().toList());
            lines.add("spend " + amounts(all, day.spenders(), day.spendOfSpender()) + " by model "
                    + new TreeMap<>(day.spendByModel()));
            lines.add("invites sent " + day.invitesSent().size() + " closed " + day.invitesClosed().size());
            for (Measure measure : Day.BY_USER) {
                Day.UserCounts counts = day.countsOfUsers(measure);
                lines.add(measure + " by user " + amounts(all, counts.users(), counts.values()));
            }
        }
        return lines;
    }

    private static List<String> users(CompanyDays all, Members members) {
        return Arrays.stream(members.toArray()).mapToObj(all::userId).sorted().toList();
    }

    private static List<String> amounts(CompanyDays all, Members members, long[] amounts) {
        List<String> result = new ArrayList<>();
        int[] users = members.toArray();
        for (int i = 0; i < users.length; i++) {
            result.add(all.userId(users[i]) + "=" + amounts[i]);
        }
        return result.stream().sorted().toList();
    }

    private static String byKey(CompanyDays all, Map<String, Members> sets) {
        Map<String, List<String>> byKey = new TreeMap<>();
        sets.forEach((key, members) -> byKey.put(String.valueOf(key), users(all, members)));
        return byKey.toString();
    }
}
