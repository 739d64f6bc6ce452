package io.usageanalytics.figures.days;

import io.usageanalytics.company.Company;

/** A company seen through a selection of its teams: its figures count what the members did while members. */
public interface TeamScope extends Company.Scope {

    TeamMembers members();

    /**
     * The version of the company's directory the members come from: a team's days counted with one version are
     * held under it, never used with members of another.
     */
    String directoryVersion();
}
