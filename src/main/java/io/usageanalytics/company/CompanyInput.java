package io.usageanalytics.company;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Input;
import org.eclipse.microprofile.graphql.NonNull;

@Input("NewCompany")
@Description("A company to create.")
public record CompanyInput(
        @NonNull @Description("Stable id: 1-64 of lower-case letters, digits, '.', '_', '-', starting with a letter or digit.") String id,
        @NonNull @Description("Display name, 1-200 characters.") String name,
        @Description("Licensed seats, 0 or more. Default 0.") Integer seats,
        @Description("Whether extra usage is billed (spend reports). Default false.") Boolean extraUsageEnabled,
        @Description("IANA time zone such as Europe/Berlin. Default UTC.") String timeZone) {
}
