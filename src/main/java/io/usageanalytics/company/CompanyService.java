package io.usageanalytics.company;

import java.time.ZoneId;
import java.util.ArrayList;
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
import io.vertx.mutiny.sqlclient.Row;
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

    /**
     * Changes the company's privacy rules and records each changed rule with who changed it, in one transaction.
     * The caller reached the company through CompanyAccess.forPrivacyRules (may tighten); loosening a rule is
     * checked here, against the values the transaction locked.
     */
    public Uni<Company> changePrivacy(Company company, PrivacyRules changes, PrivacyRuleAuthor author) {
        if (changes.minTeamSize() != null
                && (changes.minTeamSize() < 1 || changes.minTeamSize() > PrivacyRules.MAX_MIN_TEAM_SIZE)) {
            throw new ApiException(ErrorCode.BAD_USER_INPUT, "minTeamSize must be 1-" + PrivacyRules.MAX_MIN_TEAM_SIZE
                    + ", not " + changes.minTeamSize());
        }
        return pool.withTransaction(connection -> connection
                .preparedQuery("SELECT min_team_size, per_person_views FROM company WHERE id = $1 FOR UPDATE")
                .execute(Tuple.of(company.id))
                .flatMap(rows -> {
                    Row before = rows.iterator().next();
                    int oldSize = before.getInteger("min_team_size");
                    boolean oldViews = before.getBoolean("per_person_views");
                    int newSize = changes.minTeamSize() == null ? oldSize : changes.minTeamSize();
                    boolean newViews = changes.perPersonViews() == null ? oldViews : changes.perPersonViews();
                    if ((newSize < oldSize || newViews && !oldViews) && !author.mayLoosen()) {
                        throw new ApiException(ErrorCode.FORBIDDEN, "Only the company's primary owner may loosen its "
                                + "privacy rules (a smaller minTeamSize, per-person views back on)");
                    }
                    List<Tuple> audit = new ArrayList<>();
                    if (newSize != oldSize) {
                        audit.add(Tuple.of(company.id, author.subject(), author.actingAs(), "minTeamSize",
                                Integer.toString(oldSize), Integer.toString(newSize)));
                    }
                    if (newViews != oldViews) {
                        audit.add(Tuple.of(company.id, author.subject(), author.actingAs(), "perPersonViews",
                                Boolean.toString(oldViews), Boolean.toString(newViews)));
                    }
                    company.minTeamSize = newSize;
                    company.perPersonViews = newViews;
                    if (audit.isEmpty()) {
                        return Uni.createFrom().item(company);
                    }
                    return connection.preparedQuery("UPDATE company SET min_team_size = $2, per_person_views = $3, "
                            + "updated_at = now() WHERE id = $1")
                            .execute(Tuple.of(company.id, newSize, newViews))
                            .flatMap(updated -> connection.preparedQuery("""
                                    INSERT INTO company_privacy_change
                                           (company_id, changed_by, acting_as, setting, old_value, new_value)
                                    VALUES ($1, $2, $3, $4, $5, $6)""").executeBatch(audit))
                            .replaceWith(company);
                }));
    }

    /** The recorded changes of the company's privacy rules, newest first. */
    public Uni<List<PrivacyRuleChange>> privacyRuleChanges(String companyId) {
        return pool.preparedQuery("""
                SELECT changed_at, changed_by, acting_as, setting, old_value, new_value
                  FROM company_privacy_change WHERE company_id = $1 ORDER BY changed_at DESC, setting""")
                .execute(Tuple.of(companyId))
                .map(rows -> {
                    List<PrivacyRuleChange> changes = new ArrayList<>();
                    rows.forEach(row -> changes.add(new PrivacyRuleChange(row.getOffsetDateTime("changed_at"),
                            row.getString("changed_by"), row.getString("acting_as"), row.getString("setting"),
                            row.getString("old_value"), row.getString("new_value"))));
                    return changes;
                });
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
