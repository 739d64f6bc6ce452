-- Figures for a team add up what its members did on the days they belonged to
-- it (V8). So every rollup row about something a user did names the user:
--
-- * rollup_user_day gets every measure of rollup_company_day per user, and
--   when the user's newest event was received (a team's freshness);
-- * rollup_user_chat_day and rollup_user_assistant_day split messages per
--   chat and prompts per assistant by user (events that name no user, such as
--   an assistant message sent without one, count for the company, not for a
--   team).
--
-- Rows rolled up before this change have no users (the new columns are 0, the
-- new tables empty): every company is recut below, so the next rollup run
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

-- Messages per chat, and prompts, answers and feedback per assistant, by user:
-- what rollup_chat_day and rollup_assistant_day hold, split by the user the
-- events name. Only a team's figures read them; the company's figures keep
-- reading the smaller tables without users.
CREATE TABLE rollup_user_chat_day (
    company_id text   NOT NULL REFERENCES company (id),
    day        date   NOT NULL,
    chat_id    text   NOT NULL,
    user_id    text   NOT NULL,
    messages   bigint NOT NULL,
    PRIMARY KEY (company_id, day, chat_id, user_id)
);

CREATE TABLE rollup_user_assistant_day (
    company_id         text   NOT NULL REFERENCES company (id),
    day                date   NOT NULL,
    assistant_id       text,
    module             text,
    user_id            text   NOT NULL,
    prompts            bigint NOT NULL,
    assistant_messages bigint NOT NULL,
    positive_feedback  bigint NOT NULL,
    negative_feedback  bigint NOT NULL,
    UNIQUE NULLS NOT DISTINCT (company_id, day, assistant_id, module, user_id)
);

-- A team's figures read the rows of its members, user by user, over the days
-- each belonged to it (figures/days/DaySql.TEAM).
CREATE INDEX rollup_user_day_by_user ON rollup_user_day (company_id, user_id, day);
CREATE INDEX rollup_user_chat_day_by_user ON rollup_user_chat_day (company_id, user_id, day);
CREATE INDEX rollup_user_assistant_day_by_user ON rollup_user_assistant_day (company_id, user_id, day);
CREATE INDEX rollup_user_project_day_by_user ON rollup_user_project_day (company_id, user_id, day);
CREATE INDEX rollup_connector_user_day_by_user ON rollup_connector_user_day (company_id, user_id, day);
CREATE INDEX rollup_environment_user_day_by_user ON rollup_environment_user_day (company_id, user_id, day);
CREATE INDEX rollup_spend_day_by_user ON rollup_spend_day (company_id, user_id, day);

INSERT INTO rollup_recut_company (company_id, from_time_zone)
SELECT id, time_zone FROM company
ON CONFLICT (company_id) DO NOTHING;
