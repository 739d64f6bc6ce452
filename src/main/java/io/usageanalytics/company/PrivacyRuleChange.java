package io.usageanalytics.company;

import java.time.OffsetDateTime;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

@Type("PrivacyRuleChange")
@Description("One change of a company's privacy rules, as recorded when it was made.")
public record PrivacyRuleChange(
        @NonNull @Description("When it was made.") OffsetDateTime changedAt,
        @NonNull @Description("The subject of the token that made it.") String changedBy,
        @NonNull @Description("The role that allowed it: primary-owner, owner or analytics-admin.") String actingAs,
        @NonNull @Description("minTeamSize or perPersonViews.") String setting,
        @NonNull @Description("The value before.") String oldValue,
        @NonNull @Description("The value after.") String newValue) {
}
