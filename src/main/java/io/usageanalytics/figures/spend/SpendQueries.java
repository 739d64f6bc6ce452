package io.usageanalytics.figures.spend;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.usageanalytics.company.Company;
import io.usageanalytics.figures.Cursor;
import io.usageanalytics.figures.Top;
import io.usageanalytics.figures.days.Day;
import io.usageanalytics.figures.days.DayStore;
import io.usageanalytics.figures.days.Measure;
import io.usageanalytics.time.DateRange;

@ApplicationScoped
public class SpendQueries {

    /** Highest spend first, ties by user id: the order of the pages. */
    private static final Comparator<UserSpend> HIGHEST = Comparator.comparingLong(UserSpend::amountMicros).reversed()
            .thenComparing(UserSpend::userId);

    private final DayStore days;

    public SpendQueries(DayStore days) {
        this.days = days;
    }

    public Uni<Long> total(Company company, DateRange range) {
        return days.forRequest(company).map(all -> all.sum(all.in(range), Measure.SPEND_MICROS));
    }

    public Uni<List<ModelSpend>> byModel(Company company, DateRange range) {
        return days.forRequest(company).map(all -> {
            Map<String, long[]> byModel = new HashMap<>();
            for (Day day : all.in(range)) {
                day.spendByModel().forEach((model, amount) -> byModel.computeIfAbsent(model, k -> new long[1])[0] += amount);
            }
            List<ModelSpend> result = new ArrayList<>();
            byModel.forEach((model, amount) -> result.add(new ModelSpend(model, amount[0])));
            result.sort(Comparator.comparingLong(ModelSpend::amountMicros).reversed().thenComparing(ModelSpend::model));
            return result;
        });
    }

    /** Up to {@code limit} users after {@code cursor} (null: from the first). */
    public Uni<List<UserSpend>> byUser(Company company, DateRange range, String cursor, int limit) {
        Cursor<Long> after = Cursor.read(cursor, Long::valueOf);
        return days.forRequest(company).map(all -> {
            long[] amounts = new long[all.userCapacity()];
            BitSet spenders = new BitSet(amounts.length);
            for (Day day : all.in(range)) {
                for (int i = 0; i < day.spenders().length; i++) {
                    amounts[day.spenders()[i]] += day.spendOfSpender()[i];
                    spenders.set(day.spenders()[i]);
                }
            }
            UserSpend last = after == null ? null : new UserSpend(after.id(), after.key());
            Top<UserSpend> page = new Top<>(limit, HIGHEST);
            for (int user = spenders.nextSetBit(0); user >= 0; user = spenders.nextSetBit(user + 1)) {
                UserSpend row = new UserSpend(all.userId(user), amounts[user]);
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
