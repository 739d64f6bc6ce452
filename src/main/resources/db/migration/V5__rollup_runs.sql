-- Which rollup run built each company-day. The service keeps rolled-up days in
-- memory between requests and reads a day again only when the run that built it
-- changed: one small statement tells it which days those are.
ALTER TABLE rollup_state ADD COLUMN runs bigint NOT NULL DEFAULT 0;
ALTER TABLE rollup_company_day ADD COLUMN rollup_run bigint NOT NULL DEFAULT 0;
