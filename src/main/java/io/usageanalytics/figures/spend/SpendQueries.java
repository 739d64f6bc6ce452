package io.usageanalytics.figures.spend;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.usageanalytics.company.Company;
import io.usageanalytics.error.ApiException;
import io.usageanalytics.figures.Cursor;
import io.usageanalytics.figures.Top;
import io.usageanalytics.figures.days.Day;
import io.usageanalytics.figures.days.DayStore;
import io.usageanalytics.figures.days.Sums;
import io.usageanalytics.figures.days.Union;
import io.usageanalytics.rollup.table.Measure;
import io.usageanalytics.time.DateRange;

@ApplicationScoped
public class SpendQueries {

    /**
     * Highest spend first, ties by user id: the order of the pages. One comparison, not a chain of comparators: it
     * runs for every user tied at the last place of a page.
     */
    private static final Comparator<UserSpend> HIGHEST = (a, b) -> a.amountMicros() != b.amountMicros()
            ? Long.compare(b.amountMicros(), a.amountMicros())
            : a.userId().compareTo(b.userId());

    private final DayStore days;

    public SpendQueries(DayStore days) {
        this.days = days;
    }

    /** Every sum here is exact or fails with FIGURE_OUT_OF_RANGE (Sums), never wraps around to a negative amount. */
    /** The company, when it has spend figures: only with extra usage enabled (SPEND_NOT_ENABLED otherwise). */
    public static Company requireEnabled(Company company) {
        if (!company.extraUsageEnabled) {
            throw ApiException.spendNotEnabled(company.id);
        }
        return company;
    }

    public Uni<Long> total(Company company, DateRange range) {
        return days.forRequest(company).map(all -> all.sum(all.in(range), Measure.SPEND_MICROS));
    }

    public Uni<List<ModelSpend>> byModel(Company company, DateRange range) {
        return days.forRequest(company).map(all -> {
            Map<String, long[]> byModel = new HashMap<>();
            for (Day day : all.in(range)) {
                day.spendByModel().forEach((model, amount) -> {
                    long[] sum = byModel.computeIfAbsent(model, k -> new long[1]);
                    sum[0] = Sums.add(sum[0], amount);
                });
            }
            List<ModelSpend> result = new ArrayList<>();
            byModel.forEach((model, amount) -> result.add(new ModelSpend(model, amount[0])));
            result.sort(Comparator.comparingLong(ModelSpend::amountMicros).reversed().thenComparing(ModelSpend::model));
            return result;
        });
    }

    /** What is folded over days here (see CompanyDays#fold). */
    private enum Fold {
        SPEND_OF_USERS
    }

    /** The spend of each user, and who had any. */
    private record SpendOfUsers(long[] amounts, Union spenders) {
    }

    /** Up to {@code limit} users after {@code cursor} (null: from the first). */
    public Uni<List<UserSpend>> byUser(Company company, DateRange range, String cursor, int limit) {
        Cursor<Long> after = Cursor.read(cursor, Long::valueOf);
        return days.forRequest(company).map(all -> {
            int capacity = all.userCapacity();
            SpendOfUsers spend = all.fold(Fold.SPEND_OF_USERS, range.from(), range.to(),
                    () -> new SpendOfUsers(new long[capacity], new Union(capacity)), (sums, day) -> {
                        day.spenders().addEach(day.spendOfSpender(), sums.amounts());
                        sums.spenders().add(day.spenders());
                    }, sums -> new SpendOfUsers(Arrays.copyOf(sums.amounts(), Math.max(sums.amounts().length, capacity)),
                            sums.spenders().copy(capacity)),
                    sums -> sums.amounts().length * 8L + sums.spenders().weight());
            long[] amounts = spend.amounts();
            Union spenders = spend.spenders();
            UserSpend last = after == null ? null : new UserSpend(after.id(), after.key());
            Top<UserSpend> page = new Top<>(limit, HIGHEST);
            for (int user = spenders.next(0); user >= 0; user = spenders.next(user + 1)) {
                long amount = amounts[user];
                // before the cursor, or below a full page: no row to build
                if (last != null && amount > last.amountMicros() || page.full() && amount < page.last().amountMicros()) {
                    continue;
                }
                UserSpend row = new UserSpend(all.userId(user), amount);
                if (last == null || HIGHEST.compare(row, last) > 0) {
                    page.offer(row);
                }
            }
            return page.inOrder();
        });
    }

    /** An opaque cursor pointing after {@code row}. */
    public static String cursorAfter(UserSpend row) {
        return Cursor.after(row.amountMicros(), row.userId());
    }
}
