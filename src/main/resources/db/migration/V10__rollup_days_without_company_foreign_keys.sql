-- The rollup tables of days no longer check each row's company against the
-- company table. Every row is built from events, whose own foreign key
-- (event.company_id) already guarantees the company; the check on the rollup
-- tables only repeated it, one trigger call and a row lock on company per row
-- written. On M a full rollup writes 2.5 million rows: those checks were
-- about a third of its time (docs/benchmarks.md, "One pass").
--
-- Dropping a foreign key rewrites nothing and reads no row; it briefly locks
-- each table and company. A rollup run in progress holds its tables until it
-- commits: rather than queue every reader behind a lock it waits for, the
-- migration gives up after a while and runs again at the next start.
SET LOCAL lock_timeout = '10s';

ALTER TABLE rollup_company_day          DROP CONSTRAINT rollup_company_day_company_id_fkey;
ALTER TABLE rollup_user_day             DROP CONSTRAINT rollup_user_day_company_id_fkey;
ALTER TABLE rollup_assistant_day        DROP CONSTRAINT rollup_assistant_day_company_id_fkey;
ALTER TABLE rollup_chat_day             DROP CONSTRAINT rollup_chat_day_company_id_fkey;
ALTER TABLE rollup_user_chat_day        DROP CONSTRAINT rollup_user_chat_day_company_id_fkey;
ALTER TABLE rollup_user_assistant_day   DROP CONSTRAINT rollup_user_assistant_day_company_id_fkey;
ALTER TABLE rollup_user_project_day     DROP CONSTRAINT rollup_user_project_day_company_id_fkey;
ALTER TABLE rollup_connector_user_day   DROP CONSTRAINT rollup_connector_user_day_company_id_fkey;
ALTER TABLE rollup_environment_user_day DROP CONSTRAINT rollup_environment_user_day_company_id_fkey;
ALTER TABLE rollup_spend_day            DROP CONSTRAINT rollup_spend_day_company_id_fkey;
ALTER TABLE rollup_invite_day           DROP CONSTRAINT rollup_invite_day_company_id_fkey;
