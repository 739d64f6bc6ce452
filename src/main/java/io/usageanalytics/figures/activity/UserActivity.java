package io.usageanalytics.figures.activity;

import org.eclipse.microprofile.graphql.Description;

import io.usageanalytics.company.Company;
import io.usageanalytics.figures.SeriesScope;
import io.usageanalytics.time.DateRange;
import io.usageanalytics.time.Granularity;

@Description("Who used the product and how many invites are open, over a range of the company's local days.")
public class UserActivity extends SeriesScope {

    public UserActivity(Company company, DateRange range, Granularity granularity) {
        super(company, range, granularity);
    }
}
