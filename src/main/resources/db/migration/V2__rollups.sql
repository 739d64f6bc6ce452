-- Rollups: per company and company-local day, rebuilt by the rollup job for
-- every day that received events since its last run. Reads add the events not
-- rolled up yet (ingest_txid >= rollup_state.watermark), so every answer is
-- exact at any moment.

-- How far the rollups have come. One row.
CREATE TABLE rollup_state (
    id           boolean     PRIMARY KEY DEFAULT true CHECK (id),
    -- Every event whose ingest_txid is below this is in the rollups; every
    -- event at or above it is not. It is the oldest transaction still running
    -- when the last run took its snapshot, so no event below it can still
    -- appear later.
    watermark    bigint      NOT NULL DEFAULT 0,
    -- When the last completed run took its snapshot.
    rolled_up_at timestamptz
);
INSERT INTO rollup_state DEFAULT VALUES;

CREATE INDEX event_ingest_txid_idx ON event (ingest_txid);

-- Each event with its company-local day and its measures: the one definition
-- of what an event counts towards, used by the rollup job and by reads of the
-- events not rolled up yet alike.
CREATE VIEW event_measure AS
SELECT e.company_id,
       c.time_zone,
       (e.occurred_at AT TIME ZONE c.time_zone)::date                      AS day,
       e.event_id, e.occurred_at, e.received_at, e.ingest_txid, e.type,
       e.user_id, e.chat_id, e.assistant_id, e.module, e.folder_kind, e.rating, e.project_id,
       e.connector, e.invite_id, e.model, e.amount_micros, e.app_version, e.platform, e.deployment,
       (e.type = 'FOLDER_CREATED')::int                                    AS file_folders,
       (e.type = 'FOLDER_CREATED' AND e.folder_kind = 'PROJECT')::int      AS projects_created,
       (e.type = 'GROUP_CREATED')::int                                     AS groups_created,
       (e.type = 'CHAT_CREATED')::int                                      AS chats_created,
       (e.type = 'SPACE_CREATED')::int                                     AS spaces_created,
       (e.type = 'USER_MESSAGE')::int                                      AS user_messages,
       (e.type = 'ASSISTANT_MESSAGE')::int                                 AS assistant_messages,
       (e.type = 'FEEDBACK' AND e.rating = 'POSITIVE')::int                AS positive_feedback,
       (e.type = 'FEEDBACK' AND e.rating = 'NEGATIVE')::int                AS negative_feedback,
       (e.type = 'ARTIFACT_CREATED')::int                                  AS artifacts_created,
       CASE WHEN e.type = 'SPEND' THEN e.amount_micros ELSE 0 END          AS spend_micros
  FROM event e
  JOIN company c ON c.id = e.company_id;

-- Company totals per day.
CREATE TABLE rollup_company_day (
    company_id         text        NOT NULL REFERENCES company (id),
    day                date        NOT NULL,
    events             bigint      NOT NULL,
    file_folders       bigint      NOT NULL,
    projects_created   bigint      NOT NULL,
    groups_created     bigint      NOT NULL,
    chats_created      bigint      NOT NULL,
    spaces_created     bigint      NOT NULL,
    user_messages      bigint      NOT NULL,
    assistant_messages bigint      NOT NULL,
    positive_feedback  bigint      NOT NULL,
    negative_feedback  bigint      NOT NULL,
    artifacts_created  bigint      NOT NULL,
    spend_micros       bigint      NOT NULL,
    newest_received_at timestamptz NOT NULL,
    PRIMARY KEY (company_id, day)
);

-- Each user active on a day, with what they did: distinct users over any
-- range (DAU, WAU, MAU, users), first project and artifact, top users.
CREATE TABLE rollup_user_day (
    company_id        text   NOT NULL REFERENCES company (id),
    day               date   NOT NULL,
    user_id           text   NOT NULL,
    events            bigint NOT NULL,
    user_messages     bigint NOT NULL,
    projects_created  bigint NOT NULL,
    artifacts_created bigint NOT NULL,
    spend_micros      bigint NOT NULL,
    PRIMARY KEY (company_id, day, user_id)
);

-- Prompts, answers and feedback per assistant and module (null: none given).
CREATE TABLE rollup_assistant_day (
    company_id         text   NOT NULL REFERENCES company (id),
    day                date   NOT NULL,
    assistant_id       text,
    module             text,
    prompts            bigint NOT NULL,
    assistant_messages bigint NOT NULL,
    positive_feedback  bigint NOT NULL,
    negative_feedback  bigint NOT NULL,
    UNIQUE NULLS NOT DISTINCT (company_id, day, assistant_id, module)
);

-- Messages per chat per day: average messages per chat over any period.
CREATE TABLE rollup_chat_day (
    company_id text   NOT NULL REFERENCES company (id),
    day        date   NOT NULL,
    chat_id    text   NOT NULL,
    messages   bigint NOT NULL,
    PRIMARY KEY (company_id, day, chat_id)
);

-- Projects each user used per day: distinct projects per user over any range.
CREATE TABLE rollup_user_project_day (
    company_id text NOT NULL REFERENCES company (id),
    day        date NOT NULL,
    user_id    text NOT NULL,
    project_id text NOT NULL,
    PRIMARY KEY (company_id, day, user_id, project_id)
);

-- Users of each connector per day: distinct users per connector over any range.
CREATE TABLE rollup_connector_user_day (
    company_id text NOT NULL REFERENCES company (id),
    day        date NOT NULL,
    connector  text NOT NULL,
    user_id    text NOT NULL,
    PRIMARY KEY (company_id, day, connector, user_id)
);

-- Users per app version and environment per day.
CREATE TABLE rollup_environment_user_day (
    company_id  text NOT NULL REFERENCES company (id),
    day         date NOT NULL,
    app_version text,
    platform    text,
    deployment  text,
    user_id     text NOT NULL,
    UNIQUE NULLS NOT DISTINCT (company_id, day, app_version, platform, deployment, user_id)
);

-- Spend per user and model per day.
CREATE TABLE rollup_spend_day (
    company_id    text   NOT NULL REFERENCES company (id),
    day           date   NOT NULL,
    user_id       text   NOT NULL,
    model         text   NOT NULL,
    amount_micros bigint NOT NULL,
    events        bigint NOT NULL,
    PRIMARY KEY (company_id, day, user_id, model)
);

-- What happened to each invite per day: pending invites on any day.
CREATE TABLE rollup_invite_day (
    company_id text    NOT NULL REFERENCES company (id),
    day        date    NOT NULL,
    invite_id  text    NOT NULL,
    sent       boolean NOT NULL,
    accepted   boolean NOT NULL,
    revoked    boolean NOT NULL,
    PRIMARY KEY (company_id, day, invite_id)
);
