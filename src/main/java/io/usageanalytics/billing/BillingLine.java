package io.usageanalytics.billing;

import java.time.LocalDate;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Ignore;
import org.eclipse.microprofile.graphql.NonNull;

/**
 * One line of the billing report.
 *
 * @param spendMicros null when extra usage is off, or when the sum does not fit a long ({@code spendOutOfRange}):
 *        GraphQL answers it through {@code BillingApi.spendMicros}, with an error in that case
 */
@Description("What one company used in one calendar month (its own local calendar).")
public record BillingLine(
        @NonNull @Description("The company.") String companyId,
        @NonNull @Description("The company's name.") String companyName,
        @NonNull @Description("The month, e.g. 2026-11.") String month,
        @NonNull @Description("First day counted: the 1st, or the range's first day.") LocalDate from,
        @NonNull @Description("Last day counted: the month's last day, or the range's last day.") LocalDate to,
        @Description("Distinct users active in the days counted (exact).") long mau,
        @Description("Licensed seats (today's value).") int seats,
        @Description("User plus assistant messages.") long messages,
        @Ignore Long spendMicros,
        @Ignore boolean spendOutOfRange) {
}
