-- Companies held back by the rollup job.
--
-- A rollup run rebuilds every touched company-day in one transaction. When one
-- company's data makes its statements fail (a spend sum beyond bigint, say), the
-- run rebuilds the other companies, moves rollup_state.watermark, and holds that
-- company here instead of failing for everyone. A held company's own watermark
-- stays where its rollups really are; every read adds its events at or above it
-- (coalesce(held.watermark, rollup_state.watermark): the company's effective
-- watermark), so its figures stay exact. The job retries it from its own
-- watermark at retry_at, with a growing pause, and removes the row once its
-- rollup succeeds.
--
-- Operators: to retry at the next run (after fixing or deleting the bad events),
-- UPDATE rollup_held_company SET retry_at = now() WHERE company_id = '...'.
-- Never DELETE a row by hand: the company's events between its watermark and
-- rollup_state.watermark would then count as rolled up and drop out of every
-- figure.
CREATE TABLE rollup_held_company (
    company_id text        PRIMARY KEY REFERENCES company (id),
    -- Every event of this company below this ingest_txid is in the rollups;
    -- every event at or above it is not, whatever rollup_state.watermark says.
    watermark  bigint      NOT NULL,
    -- Failed runs in a row for this company, the first included.
    failures   integer     NOT NULL DEFAULT 1,
    -- The database's message of the last failure (no event data).
    last_error text        NOT NULL,
    held_since timestamptz NOT NULL DEFAULT now(),
    -- No run tries this company again before this time.
    retry_at   timestamptz NOT NULL
);

-- The planner bound of V4 for the reads of one company: its effective watermark.
-- Same reasoning as V4: IMMUTABLE on purpose so that it is evaluated while a
-- statement is planned (with the company id as a known value), used only next to
-- the exact condition. A company's effective watermark never goes down: it is
-- held at the watermark it had, stays there while held, and is released to the
-- (higher) global one, so a value seen at planning never excludes an event.
-- The body has a FROM clause on purpose: PostgreSQL inlines a SQL function whose
-- body is a bare expression, and an inlined bound is no longer a value at planning
-- (the reads then find the new events the slow way).
CREATE FUNCTION rollup_watermark_at_planning(company text) RETURNS bigint
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT coalesce(h.watermark, s.watermark)
            FROM rollup_state s
            LEFT JOIN rollup_held_company h ON h.company_id = company $$;

-- The bound for reads over all companies: the lowest effective watermark. The
-- global watermark alone would exclude the events of a held company. A FROM
-- clause for the same reason as above.
CREATE OR REPLACE FUNCTION rollup_watermark_at_planning() RETURNS bigint
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT least(s.watermark, (SELECT min(watermark) FROM rollup_held_company))
            FROM rollup_state s $$;
