-- Figures for a team add up what its members did on the days they belonged to
-- it (V8). So every rollup row about something a user did names the user:
--
-- * rollup_user_day gets every measure of rollup_company_day per user, and
--   when the user's newest event was received (a team's freshness);
-- * rollup_chat_day and rollup_assistant_day get user_id in their key (null:
--   an event that named no user, such as an assistant message sent without
--   one; it counts for the company, not for a team).
--
-- Rows rolled up before this change have no users (the new columns are 0,
-- user_id is null): every company is recut below, so the next rollup run
-- rebuilds every day it still holds raw events for. Older days keep their
-- company figures and count for no team.

ALTER TABLE rollup_user_day
    ADD COLUMN file_folders       bigint NOT NULL DEFAULT 0,
    ADD COLUMN groups_created     bigint NOT NULL DEFAULT 0,
    ADD COLUMN chats_created      bigint NOT NULL DEFAULT 0,
    ADD COLUMN spaces_created     bigint NOT NULL DEFAULT 0,
    ADD COLUMN assistant_messages bigint NOT NULL DEFAULT 0,
    ADD COLUMN positive_feedback  bigint NOT NULL DEFAULT 0,
    ADD COLUMN negative_feedback  bigint NOT NULL DEFAULT 0,
    ADD COLUMN newest_received_at timestamptz;

-- Recreated rather than altered, so that the key columns stay before the
-- aggregates, in the order of their descriptions (rollup/table/RollupTable).
ALTER TABLE rollup_chat_day RENAME TO rollup_chat_day_without_users;

CREATE TABLE rollup_chat_day (
    company_id text   NOT NULL REFERENCES company (id),
    day        date   NOT NULL,
    chat_id    text   NOT NULL,
    user_id    text,
    messages   bigint NOT NULL,
    UNIQUE NULLS NOT DISTINCT (company_id, day, chat_id, user_id)
);

INSERT INTO rollup_chat_day (company_id, day, chat_id, messages)
SELECT company_id, day, chat_id, messages FROM rollup_chat_day_without_users;

DROP TABLE rollup_chat_day_without_users;

ALTER TABLE rollup_assistant_day RENAME TO rollup_assistant_day_without_users;

CREATE TABLE rollup_assistant_day (
    company_id         text   NOT NULL REFERENCES company (id),
    day                date   NOT NULL,
    assistant_id       text,
    module             text,
    user_id            text,
    prompts            bigint NOT NULL,
    assistant_messages bigint NOT NULL,
    positive_feedback  bigint NOT NULL,
    negative_feedback  bigint NOT NULL,
    UNIQUE NULLS NOT DISTINCT (company_id, day, assistant_id, module, user_id)
);

INSERT INTO rollup_assistant_day (company_id, day, assistant_id, module, prompts, assistant_messages,
                                  positive_feedback, negative_feedback)
SELECT company_id, day, assistant_id, module, prompts, assistant_messages, positive_feedback, negative_feedback
  FROM rollup_assistant_day_without_users;

DROP TABLE rollup_assistant_day_without_users;

-- A team's figures read the rows of its members, user by user, over the days
-- each belonged to it (figures/days/DaySql.TEAM).
CREATE INDEX rollup_user_day_by_user ON rollup_user_day (company_id, user_id, day);
CREATE INDEX rollup_chat_day_by_user ON rollup_chat_day (company_id, user_id, day);
CREATE INDEX rollup_assistant_day_by_user ON rollup_assistant_day (company_id, user_id, day);
CREATE INDEX rollup_user_project_day_by_user ON rollup_user_project_day (company_id, user_id, day);
CREATE INDEX rollup_connector_user_day_by_user ON rollup_connector_user_day (company_id, user_id, day);
CREATE INDEX rollup_environment_user_day_by_user ON rollup_environment_user_day (company_id, user_id, day);
CREATE INDEX rollup_spend_day_by_user ON rollup_spend_day (company_id, user_id, day);

INSERT INTO rollup_recut_company (company_id, from_time_zone)
SELECT id, time_zone FROM company
ON CONFLICT (company_id) DO NOTHING;
