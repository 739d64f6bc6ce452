package io.usageanalytics.figures.adoption;

import org.eclipse.microprofile.graphql.Description;

import io.usageanalytics.company.Company;
import io.usageanalytics.figures.SeriesScope;
import io.usageanalytics.time.DateRange;
import io.usageanalytics.time.Granularity;

@Description("How the company's users take up chats, projects, artifacts and connectors.")
public class FeatureAdoption extends SeriesScope {

    public FeatureAdoption(Company company, DateRange range, Granularity granularity) {
        super(company, range, granularity);
    }
}
