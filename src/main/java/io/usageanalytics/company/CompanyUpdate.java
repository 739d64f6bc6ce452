package io.usageanalytics.company;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Input;

@Input("CompanyChanges")
@Description("Changes to a company; fields left out keep their value.")
public record CompanyUpdate(
        @Description("Display name, 1-200 characters.") String name,
        @Description("Licensed seats, 0 or more.") Integer seats,
        @Description("Whether extra usage is billed (spend reports).") Boolean extraUsageEnabled,
        @Description("IANA time zone such as Europe/Berlin. Changing it re-cuts every day of this company's figures.") String timeZone) {
}
