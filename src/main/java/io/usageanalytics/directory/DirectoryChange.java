package io.usageanalytics.directory;

import java.time.LocalDate;

/**
 * What applying a snapshot changed: the company-local day it applies from, the teams it lists and those it no
 * longer lists, and the memberships that begin or end with it. The same snapshot sent again changes nothing.
 */
public record DirectoryChange(String companyId, LocalDate appliesFrom, int teams, int teamsRemoved,
        int membershipsStarted, int membershipsEnded) {
}
