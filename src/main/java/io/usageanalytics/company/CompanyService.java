package io.usageanalytics.company;

import java.time.ZoneId;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.usageanalytics.error.ApiException;
import io.usageanalytics.error.ErrorCode;
import io.usageanalytics.privacy.PersonalDataGuard;

/** Creates and changes companies. Callers check access first (vendor administrators only). */
@ApplicationScoped
public class CompanyService {

    public static final Pattern ID_FORMAT = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    static final int MAX_NAME_LENGTH = 200;
    /** More seats than any customer has; keeps utilisation and billing arithmetic far from any limit. */
    static final int MAX_SEATS = 10_000_000;

    private final CompanyRepository companies;

    public CompanyService(CompanyRepository companies) {
        this.companies = companies;
    }

    @WithTransaction
    public Uni<Company> create(CompanyInput input) {
        if (input.id() == null || !ID_FORMAT.matcher(input.id()).matches()) {
            throw new ApiException(ErrorCode.BAD_USER_INPUT,
                    "Company id must be 1-64 of lower-case letters, digits, '.', '_', '-', "
                    + "starting with a letter or digit");
        }
        Company company = new Company();
        company.id = input.id();
        company.name = validName(input.name());
        company.seats = input.seats() == null ? 0 : validSeats(input.seats());
        company.extraUsageEnabled = Boolean.TRUE.equals(input.extraUsageEnabled());
        company.timeZone = input.timeZone() == null ? "UTC" : validTimeZone(input.timeZone());
        return companies.findById(company.id).flatMap(existing -> {
            if (existing != null) {
                throw new ApiException(ErrorCode.CONFLICT, "A company with id '" + company.id + "' already exists");
            }
            return companies.persist(company);
        });
    }

    @WithTransaction
    public Uni<Company> update(String id, CompanyUpdate changes) {
        String name = changes.name() == null ? null : validName(changes.name());
        Integer seats = changes.seats() == null ? null : validSeats(changes.seats());
        String timeZone = changes.timeZone() == null ? null : validTimeZone(changes.timeZone());
        if (id == null || !ID_FORMAT.matcher(id).matches()) {
            throw ApiException.companyNotFound(id);
        }
        return companies.findById(id).map(company -> {
            if (company == null) {
                throw ApiException.companyNotFound(id);
            }
            if (name != null) {
                company.name = name;
            }
            if (seats != null) {
                company.seats = seats;
            }
            if (changes.extraUsageEnabled() != null) {
                company.extraUsageEnabled = changes.extraUsageEnabled();
            }
            if (timeZone != null && !timeZone.equals(company.timeZone)) {
                // days are cut anew: the next rollup run rebuilds them in the new time zone
                if (company.rollupRecutFromTimeZone == null) {
                    company.rollupRecutFromTimeZone = company.timeZone;
                }
                company.timeZone = timeZone;
            }
            return company;
        });
    }

    private static String validName(String name) {
        if (name == null || name.isBlank() || name.length() > MAX_NAME_LENGTH) {
            throw new ApiException(ErrorCode.BAD_USER_INPUT,
                    "Company name must be 1-" + MAX_NAME_LENGTH + " characters and not blank");
        }
        PersonalDataGuard.problemWith("Company name", name).ifPresent(problem -> {
            throw new ApiException(ErrorCode.BAD_USER_INPUT, problem);
        });
        return name.strip();
    }

    private static int validSeats(int seats) {
        if (seats < 0) {
            throw new ApiException(ErrorCode.BAD_USER_INPUT, "Seats must be 0 or more, not " + seats);
        }
        if (seats > MAX_SEATS) {
            throw new ApiException(ErrorCode.BAD_USER_INPUT, "Seats must be at most " + MAX_SEATS + ", not " + seats);
        }
        return seats;
    }

    /** Only region-based IANA zones: fixed offsets would cut days wrongly across daylight-saving changes. */
    static String validTimeZone(String timeZone) {
        if (!ZoneId.getAvailableZoneIds().contains(timeZone)) {
            throw new ApiException(ErrorCode.BAD_USER_INPUT, "Unknown IANA time zone '" + timeZone + "'");
        }
        return timeZone;
    }
}
