package io.usageanalytics.directory;

import java.time.LocalDate;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

@Type("Team")
@Description("A unit of the company's own directory (a department or a team), as its directory sync sent it. "
        + "Not the groups users create in the assistant.")
public record Team(
        @NonNull @Description("The directory's id of the team.") String id,
        @NonNull @Description("Its name, as last sent.") String name,
        @Description("The team it belongs to; null for a top-level team.") String parentId,
        @Description("The company-local day from which the directory no longer lists it; null while it does.") LocalDate removedOn) {
}
