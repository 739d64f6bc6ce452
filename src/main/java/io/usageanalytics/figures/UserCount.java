package io.usageanalytics.figures;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;

@Description("A figure of one user (a pseudonymous id chosen by the client app).")
public record UserCount(
        @NonNull @Description("The user's pseudonymous id.") String userId,
        @Description("The figure.") long count) {
}
