package io.usageanalytics.company;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Input;

@Input("PrivacyRulesChanges")
@Description("Changes to a company's privacy rules; fields left out keep their value. Owners and vendor "
        + "administrators may tighten them; loosening them (a smaller minimum team size, per-person views back on) "
        + "needs the company's primary owner. Every change is recorded (Company.privacyRuleChanges).")
public record PrivacyRules(
        @Description("Minimum team size k, 1-1000: a team with fewer members in a range is never shown on its own. "
                + "1 shows every team.") Integer minTeamSize,
        @Description("False switches per-person views off for every role (works-council mode).") Boolean perPersonViews) {

    static final int MAX_MIN_TEAM_SIZE = 1000;
}
