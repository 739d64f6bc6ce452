package io.usageanalytics.figures.days;

import org.eclipse.microprofile.graphql.Description;

@Description("Distinct active users of one value, such as an app version or a connector.")
public record KeyUsers(
        @Description("The value; null for events that did not carry one.") String key,
        @Description("Distinct users.") long users) {
}
