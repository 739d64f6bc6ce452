package io.usageanalytics.company;

import java.time.ZoneId;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.usageanalytics.error.ApiException;
import io.usageanalytics.error.ErrorCode;
import io.usageanalytics.privacy.PersonalDataGuard;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** Creates and changes companies. Callers check access first (vendor administrators only). */
@ApplicationScoped
public class CompanyService {

    public static final Pattern ID_FORMAT = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    static final int MAX_NAME_LENGTH = 200;
    /** More seats than any customer has; keeps utilisation and billing arithmetic far from any limit. */
    static final int MAX_SEATS = 10_000_000;

    private static final String INSERT_ON_FIRST_EVENT = """
            INSERT INTO company (id, name) SELECT id, id FROM unnest($1::text[]) AS id
            ON CONFLICT (id) DO NOTHING""";

    private static final String INSERT_IF_ABSENT = """
            INSERT INTO company (id, name, seats, extra_usage_enabled, time_zone) VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (id) DO NOTHING""";

    private final CompanyRepository companies;
    private final Pool pool;

    public CompanyService(CompanyRepository companies, Pool pool) {
        this.companies = companies;
        this.pool = pool;
    }

    @WithTransaction
    public Uni<Company> create(CompanyInput input) {
        Company company = new Company();
        company.id = validId(input.id());
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
            if (timeZone != null) {
                company.timeZone = timeZone;
            }
            return company;
        });
    }

    /**
     * Creates the companies of these ids that do not exist yet, as on their first event: named by their id, with
     * the defaults (no seats, no extra usage, UTC) that a vendor administrator can change later. Ids that are not
     * well-formed are left out. Answers the ids that exist now.
     */
    public Uni<Set<String>> registerOnFirstEvent(Collection<String> ids) {
        List<String> wellFormed = ids.stream().filter(id -> ID_FORMAT.matcher(id).matches()).toList();
        if (wellFormed.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        return pool.preparedQuery(INSERT_ON_FIRST_EVENT).execute(Tuple.of(wellFormed.toArray(String[]::new)))
                .replaceWith(Set.copyOf(wellFormed));
    }

    /**
     * Creates the company unless one with its id exists (which is left as it is), checked like {@link #create}.
     * Answers whether it was created.
     */
    public Uni<Boolean> createIfAbsent(CompanyInput input) {
        String id = validId(input.id());
        String name = validName(input.name());
        int seats = input.seats() == null ? 0 : validSeats(input.seats());
        String timeZone = input.timeZone() == null ? "UTC" : validTimeZone(input.timeZone());
        return pool.preparedQuery(INSERT_IF_ABSENT)
                .execute(Tuple.of(id, name, seats, Boolean.TRUE.equals(input.extraUsageEnabled()), timeZone))
                .map(rows -> rows.rowCount() == 1);
    }

    private static String validId(String id) {
        if (id == null || !ID_FORMAT.matcher(id).matches()) {
            throw new ApiException(ErrorCode.BAD_USER_INPUT, "Company id must be 1-64 of lower-case letters, digits, '.', '_', '-', "
                    + "starting with a letter or digit");
        }
        return id;
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
