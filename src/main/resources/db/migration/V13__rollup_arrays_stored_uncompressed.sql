-- The packed rollup arrays (V12) are stored uncompressed, out of line when a
-- row is too big to stay in its page (STORAGE EXTERNAL).
--
-- Why: PostgreSQL compresses a large value with pglz before it stores it, and
-- in a full rollup of the benchmark's size M that compression was 27% of the
-- database's CPU: the arrays of counts and timestamps compress little, and
-- pglz spends the most on what it cannot shrink. Uncompressed, the full
-- rollup's database CPU fell from 8.3 to 6.8 s; the packed tables take 148 MB
-- instead of 52 MB, against 1,224 MB of raw events for the same year
-- (docs/benchmarks.md, "Rollup arrays stored uncompressed").
--
-- Only the catalog changes, under a lock that does not wait for readers or a
-- rollup run in progress; rows stored before stay compressed until their day
-- is rebuilt.
SET LOCAL lock_timeout = '10s';

ALTER TABLE rollup_assistant_day_packed
    ALTER COLUMN assistant_id SET STORAGE EXTERNAL,
    ALTER COLUMN module SET STORAGE EXTERNAL,
    ALTER COLUMN prompts SET STORAGE EXTERNAL,
    ALTER COLUMN assistant_messages SET STORAGE EXTERNAL,
    ALTER COLUMN positive_feedback SET STORAGE EXTERNAL,
    ALTER COLUMN negative_feedback SET STORAGE EXTERNAL;
ALTER TABLE rollup_chat_day_packed
    ALTER COLUMN chat_id SET STORAGE EXTERNAL,
    ALTER COLUMN messages SET STORAGE EXTERNAL;
ALTER TABLE rollup_connector_user_day_packed
    ALTER COLUMN connector SET STORAGE EXTERNAL,
    ALTER COLUMN user_id SET STORAGE EXTERNAL;
ALTER TABLE rollup_environment_user_day_packed
    ALTER COLUMN app_version SET STORAGE EXTERNAL,
    ALTER COLUMN platform SET STORAGE EXTERNAL,
    ALTER COLUMN deployment SET STORAGE EXTERNAL,
    ALTER COLUMN user_id SET STORAGE EXTERNAL;
ALTER TABLE rollup_invite_day_packed
    ALTER COLUMN invite_id SET STORAGE EXTERNAL,
    ALTER COLUMN sent SET STORAGE EXTERNAL,
    ALTER COLUMN accepted SET STORAGE EXTERNAL,
    ALTER COLUMN revoked SET STORAGE EXTERNAL;
ALTER TABLE rollup_spend_day_packed
    ALTER COLUMN user_id SET STORAGE EXTERNAL,
    ALTER COLUMN model SET STORAGE EXTERNAL,
    ALTER COLUMN amount_micros SET STORAGE EXTERNAL,
    ALTER COLUMN events SET STORAGE EXTERNAL;
ALTER TABLE rollup_user_assistant_day_packed
    ALTER COLUMN assistant_id SET STORAGE EXTERNAL,
    ALTER COLUMN module SET STORAGE EXTERNAL,
    ALTER COLUMN user_id SET STORAGE EXTERNAL,
    ALTER COLUMN prompts SET STORAGE EXTERNAL,
    ALTER COLUMN assistant_messages SET STORAGE EXTERNAL,
    ALTER COLUMN positive_feedback SET STORAGE EXTERNAL,
    ALTER COLUMN negative_feedback SET STORAGE EXTERNAL;
ALTER TABLE rollup_user_chat_day_packed
    ALTER COLUMN chat_id SET STORAGE EXTERNAL,
    ALTER COLUMN user_id SET STORAGE EXTERNAL,
    ALTER COLUMN messages SET STORAGE EXTERNAL;
ALTER TABLE rollup_user_day_packed
    ALTER COLUMN user_id SET STORAGE EXTERNAL,
    ALTER COLUMN events SET STORAGE EXTERNAL,
    ALTER COLUMN user_messages SET STORAGE EXTERNAL,
    ALTER COLUMN projects_created SET STORAGE EXTERNAL,
    ALTER COLUMN artifacts_created SET STORAGE EXTERNAL,
    ALTER COLUMN spend_micros SET STORAGE EXTERNAL,
    ALTER COLUMN file_folders SET STORAGE EXTERNAL,
    ALTER COLUMN groups_created SET STORAGE EXTERNAL,
    ALTER COLUMN chats_created SET STORAGE EXTERNAL,
    ALTER COLUMN spaces_created SET STORAGE EXTERNAL,
    ALTER COLUMN assistant_messages SET STORAGE EXTERNAL,
    ALTER COLUMN positive_feedback SET STORAGE EXTERNAL,
    ALTER COLUMN negative_feedback SET STORAGE EXTERNAL,
    ALTER COLUMN newest_received_at SET STORAGE EXTERNAL;
ALTER TABLE rollup_user_project_day_packed
    ALTER COLUMN user_id SET STORAGE EXTERNAL,
    ALTER COLUMN project_id SET STORAGE EXTERNAL;
