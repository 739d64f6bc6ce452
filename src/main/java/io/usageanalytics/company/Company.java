package io.usageanalytics.company;

import java.time.ZoneId;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Ignore;
import org.eclipse.microprofile.graphql.NonNull;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/**
 * A customer company whose usage is counted.
 *
 * The company package owns the company table: only its code writes it (CompanyService), and Java reads it through
 * CompanyLookup. Other modules' SQL may read these columns, and only these, in joins: id (the foreign key of every
 * event and rollup table), name, seats and extra_usage_enabled (the billing report), time_zone (the event_measure
 * view, hence the rollups and the figures; a change is recorded for the rollup by a trigger, see V7).
 */
@Entity
@Table(name = "company")
@Description("A customer company. Its time zone defines the days, weeks, months, quarters and years of every figure about it.")
public class Company extends PanacheEntityBase {

    @Id
    @Column(columnDefinition = "text")
    @NonNull
    @Description("Stable id chosen by the vendor: lower-case letters, digits, '.', '_' and '-'.")
    public String id;

    @NonNull
    @Column(columnDefinition = "text")
    @Description("Display name.")
    public String name;

    @Description("Number of licensed seats; utilisation is measured against it.")
    public int seats;

    @Column(name = "extra_usage_enabled")
    @Description("Whether extra usage is billed to this company; spend reports exist only when it is on.")
    public boolean extraUsageEnabled;

    @Column(name = "min_team_size")
    @Description("Privacy threshold: a team with fewer members than this in a range is never shown on its own; "
            + "it is merged into \"other teams\" (default 5).")
    public int minTeamSize = 5;

    @Column(name = "per_person_views")
    @Description("Whether anyone may see per-user rows of this company (top users, spend by user, the per-user "
            + "report and its exports). False is works-council mode: aggregates only, for every role.")
    public boolean perPersonViews = true;

    @NonNull
    @Column(name = "time_zone", columnDefinition = "text")
    @Description("IANA time zone, e.g. Europe/Berlin.")
    public String timeZone;

    @Ignore
    public ZoneId zone() {
        return ZoneId.of(timeZone);
    }
}
