package io.usageanalytics.live;

import java.time.Instant;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;

@Description("A company's figures changed: events of the company were acknowledged. Ask for the figures again to see them. "
        + "Notices are coalesced: at most one per company and second, however many batches arrived.")
public record CompanyFiguresChanged(
        @NonNull @Description("The company whose figures changed.") String companyId,
        @NonNull @Description("When the service noticed the change; every event acknowledged before it is in the figures from now on.") Instant at) {
}
