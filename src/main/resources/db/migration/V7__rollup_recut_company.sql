-- The recut after a time-zone change (V3) is rollup state: it moves from a
-- column of company, which the company module had to set, to a table of the
-- rollup module. A trigger on company records the change in the same
-- transaction as the change itself, so the company module knows nothing about
-- rollups and no change can be missed.
--
-- A row: the company's days are cut anew by the next rollup run, which rebuilds
-- in the new time zone every day it still holds raw events for and deletes the
-- row. from_time_zone is the time zone the rollups were cut in, so the run knows
-- which of their days the raw events still cover completely. Days older than the
-- raw retention keep their old cut.
CREATE TABLE rollup_recut_company (
    company_id     text PRIMARY KEY REFERENCES company (id),
    from_time_zone text NOT NULL
);

INSERT INTO rollup_recut_company (company_id, from_time_zone)
SELECT id, rollup_recut_from_time_zone FROM company WHERE rollup_recut_from_time_zone IS NOT NULL;

ALTER TABLE company DROP COLUMN rollup_recut_from_time_zone;

-- A second change before the run keeps the first old time zone: the rollups are
-- still cut in that one. It still writes the row (an update to the same value):
-- a run whose snapshot predates the change rebuilt the days in the time zone
-- before it, and its DELETE of the row then fails on the concurrent update
-- instead of dropping a recut still due (the run is rolled back and retried).
CREATE FUNCTION rollup_recut_on_time_zone_change() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    INSERT INTO rollup_recut_company (company_id, from_time_zone)
    VALUES (NEW.id, OLD.time_zone)
    ON CONFLICT (company_id) DO UPDATE SET from_time_zone = rollup_recut_company.from_time_zone;
    RETURN NULL;
END
$$;

CREATE TRIGGER rollup_recut_on_time_zone_change
    AFTER UPDATE OF time_zone ON company
    FOR EACH ROW
    WHEN (OLD.time_zone IS DISTINCT FROM NEW.time_zone)
    EXECUTE FUNCTION rollup_recut_on_time_zone_change();
