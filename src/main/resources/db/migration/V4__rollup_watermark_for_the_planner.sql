-- The rollup watermark as a value the query planner can see.
--
-- Every read adds the events not rolled up yet: ingest_txid >= rollup_state.watermark.
-- The planner cannot know that value (it is in a table), guesses that a third of all
-- events qualify, and then often reads every event of the asked range through
-- event_company_occurred_idx (or keeps such a plan cached for the connection) instead of
-- the few newest events through event_ingest_txid_idx: milliseconds became seconds.
--
-- Reads also compare ingest_txid with this function. It is declared IMMUTABLE on purpose,
-- so that the planner evaluates it once while it plans a statement and plans (and scans
-- the index) with the actual watermark. It is only ever used as a second, redundant lower
-- bound next to the exact condition on rollup_state.watermark: the watermark only grows,
-- so the value seen at planning is never above the one the statement reads, and an old
-- value would cost time, never correctness. Statements are planned for each execution
-- (plan_cache_mode=force_custom_plan on the service's connections, application.properties),
-- so the value is current.
CREATE FUNCTION rollup_watermark_at_planning() RETURNS bigint
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT watermark FROM rollup_state $$;
