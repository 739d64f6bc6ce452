package io.usageanalytics.company;

import java.time.ZoneId;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Ignore;
import org.eclipse.microprofile.graphql.NonNull;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.usageanalytics.time.DateRange;

/**
 * A customer company whose usage is counted.
 *
 * The company package owns the company table: only its code writes it (CompanyService), and Java reads it through
 * CompanyLookup. Other modules' SQL may read these columns, and only these, in joins: id (the foreign key of every
 * event, and so the company of every rollup row, V10), name, seats and extra_usage_enabled (the billing report),
 * time_zone (the event_measure view, hence the rollups and the figures; a change is recorded for the rollup by a
 * trigger, see V7).
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

    /** The part of the company the figures are about: null for all of it. Not stored. */
    @Transient
    @Ignore
    public transient Scope scope;

    /** A part of a company whose figures are asked for (a team): set only on copies made by {@link #within}. */
    public interface Scope {

        /** Tells scopes apart, for what a request computes once per company and scope. */
        String key();

        /** Fails with a coded error unless the figures of this part may be shown over the range. */
        void requireShown(DateRange range);
    }

    @Ignore
    public ZoneId zone() {
        return ZoneId.of(timeZone);
    }

    /** A copy whose figures count only a part of the company, with that part's seats. Not managed, not stored. */
    public Company within(Scope scope, int seats) {
        Company part = new Company();
        part.id = id;
        part.name = name;
        part.seats = seats;
        part.extraUsageEnabled = extraUsageEnabled;
        part.timeZone = timeZone;
        part.minTeamSize = minTeamSize;
        part.perPersonViews = perPersonViews;
        part.scope = scope;
        return part;
    }

    /** Fails with a coded error unless this company's, or this part's, figures may be shown over the range. */
    public DateRange shown(DateRange range) {
        if (scope != null) {
            scope.requireShown(range);
        }
        return range;
    }
}
