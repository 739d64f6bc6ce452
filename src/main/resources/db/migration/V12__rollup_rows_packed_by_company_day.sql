-- Rollup rows packed by company-day. Each rollup table with a key besides
-- company and day (every one but rollup_company_day) is stored as one row per
-- company-day, every column an array with one element per row of the day:
-- rollup_user_day's rows of a day are the elements of its user_id, events, ...
-- arrays at the same position. The table of the rows keeps its name as a view
-- (unnest of the arrays), so that every reader in SQL reads the same rows.
--
-- Why: every reader reads whole company-days (the service, by company and
-- day; billing, by day), so an index entry per row only cost writes. On the
-- benchmark's size M a full rollup wrote 2.5 million rows with 4.5 million
-- index entries into 455 MB of tables; packed, it writes 32,000 rows with one
-- index entry each into 102 MB (docs/benchmarks.md, "Rollup rows packed by
-- company-day").
--
-- The rows rolled up so far are packed here: 4.4 s for M's 2.5 million rows,
-- with the tables locked; readers wait for it. A rollup run in progress holds
-- the tables until it commits: rather than queue every reader behind a lock
-- it waits for, the migration gives up after a while and runs again at the
-- next start.
SET LOCAL lock_timeout = '10s';

CREATE TABLE rollup_user_day_packed (
    company_id         text   NOT NULL,
    day                date   NOT NULL,
    user_id            text[] NOT NULL,
    events             bigint[] NOT NULL,
    user_messages      bigint[] NOT NULL,
    projects_created   bigint[] NOT NULL,
    artifacts_created  bigint[] NOT NULL,
    spend_micros       bigint[] NOT NULL,
    file_folders       bigint[] NOT NULL,
    groups_created     bigint[] NOT NULL,
    chats_created      bigint[] NOT NULL,
    spaces_created     bigint[] NOT NULL,
    assistant_messages bigint[] NOT NULL,
    positive_feedback  bigint[] NOT NULL,
    negative_feedback  bigint[] NOT NULL,
    newest_received_at timestamptz[] NOT NULL,
    PRIMARY KEY (company_id, day)
);
INSERT INTO rollup_user_day_packed (company_id, day, user_id, events, user_messages, projects_created,
    artifacts_created, spend_micros, file_folders, groups_created, chats_created, spaces_created,
    assistant_messages, positive_feedback, negative_feedback, newest_received_at)
SELECT company_id, day, array_agg(user_id), array_agg(events), array_agg(user_messages),
       array_agg(projects_created), array_agg(artifacts_created), array_agg(spend_micros),
       array_agg(file_folders), array_agg(groups_created), array_agg(chats_created),
       array_agg(spaces_created), array_agg(assistant_messages), array_agg(positive_feedback),
       array_agg(negative_feedback), array_agg(newest_received_at)
  FROM rollup_user_day GROUP BY company_id, day;
DROP TABLE rollup_user_day;
CREATE VIEW rollup_user_day AS
SELECT p.company_id, p.day, r.user_id, r.events, r.user_messages, r.projects_created, r.artifacts_created,
       r.spend_micros, r.file_folders, r.groups_created, r.chats_created, r.spaces_created,
       r.assistant_messages, r.positive_feedback, r.negative_feedback, r.newest_received_at
  FROM rollup_user_day_packed p
  CROSS JOIN LATERAL unnest(p.user_id, p.events, p.user_messages, p.projects_created, p.artifacts_created,
                            p.spend_micros, p.file_folders, p.groups_created, p.chats_created,
                            p.spaces_created, p.assistant_messages, p.positive_feedback, p.negative_feedback,
                            p.newest_received_at) AS r (user_id, events, user_messages, projects_created,
                            artifacts_created, spend_micros, file_folders, groups_created, chats_created,
                            spaces_created, assistant_messages, positive_feedback, negative_feedback,
                            newest_received_at);

CREATE TABLE rollup_assistant_day_packed (
    company_id         text   NOT NULL,
    day                date   NOT NULL,
    assistant_id       text[] NOT NULL,
    module             text[] NOT NULL,
    prompts            bigint[] NOT NULL,
    assistant_messages bigint[] NOT NULL,
    positive_feedback  bigint[] NOT NULL,
    negative_feedback  bigint[] NOT NULL,
    PRIMARY KEY (company_id, day)
);
INSERT INTO rollup_assistant_day_packed (company_id, day, assistant_id, module, prompts, assistant_messages,
    positive_feedback, negative_feedback)
SELECT company_id, day, array_agg(assistant_id), array_agg(module), array_agg(prompts),
       array_agg(assistant_messages), array_agg(positive_feedback), array_agg(negative_feedback)
  FROM rollup_assistant_day GROUP BY company_id, day;
DROP TABLE rollup_assistant_day;
CREATE VIEW rollup_assistant_day AS
SELECT p.company_id, p.day, r.assistant_id, r.module, r.prompts, r.assistant_messages, r.positive_feedback,
       r.negative_feedback
  FROM rollup_assistant_day_packed p
  CROSS JOIN LATERAL unnest(p.assistant_id, p.module, p.prompts, p.assistant_messages, p.positive_feedback,
                            p.negative_feedback) AS r (assistant_id, module, prompts, assistant_messages,
                            positive_feedback, negative_feedback);

CREATE TABLE rollup_chat_day_packed (
    company_id text   NOT NULL,
    day        date   NOT NULL,
    chat_id    text[] NOT NULL,
    messages   bigint[] NOT NULL,
    PRIMARY KEY (company_id, day)
);
INSERT INTO rollup_chat_day_packed (company_id, day, chat_id, messages)
SELECT company_id, day, array_agg(chat_id), array_agg(messages)
  FROM rollup_chat_day GROUP BY company_id, day;
DROP TABLE rollup_chat_day;
CREATE VIEW rollup_chat_day AS
SELECT p.company_id, p.day, r.chat_id, r.messages
  FROM rollup_chat_day_packed p
  CROSS JOIN LATERAL unnest(p.chat_id, p.messages) AS r (chat_id, messages);

CREATE TABLE rollup_user_chat_day_packed (
    company_id text   NOT NULL,
    day        date   NOT NULL,
    chat_id    text[] NOT NULL,
    user_id    text[] NOT NULL,
    messages   bigint[] NOT NULL,
    PRIMARY KEY (company_id, day)
);
INSERT INTO rollup_user_chat_day_packed (company_id, day, chat_id, user_id, messages)
SELECT company_id, day, array_agg(chat_id), array_agg(user_id), array_agg(messages)
  FROM rollup_user_chat_day GROUP BY company_id, day;
DROP TABLE rollup_user_chat_day;
CREATE VIEW rollup_user_chat_day AS
SELECT p.company_id, p.day, r.chat_id, r.user_id, r.messages
  FROM rollup_user_chat_day_packed p
  CROSS JOIN LATERAL unnest(p.chat_id, p.user_id, p.messages) AS r (chat_id, user_id, messages);

CREATE TABLE rollup_user_assistant_day_packed (
    company_id         text   NOT NULL,
    day                date   NOT NULL,
    assistant_id       text[] NOT NULL,
    module             text[] NOT NULL,
    user_id            text[] NOT NULL,
    prompts            bigint[] NOT NULL,
    assistant_messages bigint[] NOT NULL,
    positive_feedback  bigint[] NOT NULL,
    negative_feedback  bigint[] NOT NULL,
    PRIMARY KEY (company_id, day)
);
INSERT INTO rollup_user_assistant_day_packed (company_id, day, assistant_id, module, user_id, prompts,
    assistant_messages, positive_feedback, negative_feedback)
SELECT company_id, day, array_agg(assistant_id), array_agg(module), array_agg(user_id), array_agg(prompts),
       array_agg(assistant_messages), array_agg(positive_feedback), array_agg(negative_feedback)
  FROM rollup_user_assistant_day GROUP BY company_id, day;
DROP TABLE rollup_user_assistant_day;
CREATE VIEW rollup_user_assistant_day AS
SELECT p.company_id, p.day, r.assistant_id, r.module, r.user_id, r.prompts, r.assistant_messages,
       r.positive_feedback, r.negative_feedback
  FROM rollup_user_assistant_day_packed p
  CROSS JOIN LATERAL unnest(p.assistant_id, p.module, p.user_id, p.prompts, p.assistant_messages,
                            p.positive_feedback, p.negative_feedback) AS r (assistant_id, module, user_id,
                            prompts, assistant_messages, positive_feedback, negative_feedback);

CREATE TABLE rollup_user_project_day_packed (
    company_id text   NOT NULL,
    day        date   NOT NULL,
    user_id    text[] NOT NULL,
    project_id text[] NOT NULL,
    PRIMARY KEY (company_id, day)
);
INSERT INTO rollup_user_project_day_packed (company_id, day, user_id, project_id)
SELECT company_id, day, array_agg(user_id), array_agg(project_id)
  FROM rollup_user_project_day GROUP BY company_id, day;
DROP TABLE rollup_user_project_day;
CREATE VIEW rollup_user_project_day AS
SELECT p.company_id, p.day, r.user_id, r.project_id
  FROM rollup_user_project_day_packed p
  CROSS JOIN LATERAL unnest(p.user_id, p.project_id) AS r (user_id, project_id);

CREATE TABLE rollup_connector_user_day_packed (
    company_id text   NOT NULL,
    day        date   NOT NULL,
    connector  text[] NOT NULL,
    user_id    text[] NOT NULL,
    PRIMARY KEY (company_id, day)
);
INSERT INTO rollup_connector_user_day_packed (company_id, day, connector, user_id)
SELECT company_id, day, array_agg(connector), array_agg(user_id)
  FROM rollup_connector_user_day GROUP BY company_id, day;
DROP TABLE rollup_connector_user_day;
CREATE VIEW rollup_connector_user_day AS
SELECT p.company_id, p.day, r.connector, r.user_id
  FROM rollup_connector_user_day_packed p
  CROSS JOIN LATERAL unnest(p.connector, p.user_id) AS r (connector, user_id);

CREATE TABLE rollup_environment_user_day_packed (
    company_id  text   NOT NULL,
    day         date   NOT NULL,
    app_version text[] NOT NULL,
    platform    text[] NOT NULL,
    deployment  text[] NOT NULL,
    user_id     text[] NOT NULL,
    PRIMARY KEY (company_id, day)
);
INSERT INTO rollup_environment_user_day_packed (company_id, day, app_version, platform, deployment, user_id)
SELECT company_id, day, array_agg(app_version), array_agg(platform), array_agg(deployment), array_agg(user_id)
  FROM rollup_environment_user_day GROUP BY company_id, day;
DROP TABLE rollup_environment_user_day;
CREATE VIEW rollup_environment_user_day AS
SELECT p.company_id, p.day, r.app_version, r.platform, r.deployment, r.user_id
  FROM rollup_environment_user_day_packed p
  CROSS JOIN LATERAL unnest(p.app_version, p.platform, p.deployment, p.user_id) AS r (app_version, platform,
                            deployment, user_id);

CREATE TABLE rollup_spend_day_packed (
    company_id    text   NOT NULL,
    day           date   NOT NULL,
    user_id       text[] NOT NULL,
    model         text[] NOT NULL,
    amount_micros bigint[] NOT NULL,
    events        bigint[] NOT NULL,
    PRIMARY KEY (company_id, day)
);
INSERT INTO rollup_spend_day_packed (company_id, day, user_id, model, amount_micros, events)
SELECT company_id, day, array_agg(user_id), array_agg(model), array_agg(amount_micros), array_agg(events)
  FROM rollup_spend_day GROUP BY company_id, day;
DROP TABLE rollup_spend_day;
CREATE VIEW rollup_spend_day AS
SELECT p.company_id, p.day, r.user_id, r.model, r.amount_micros, r.events
  FROM rollup_spend_day_packed p
  CROSS JOIN LATERAL unnest(p.user_id, p.model, p.amount_micros, p.events) AS r (user_id, model,
                            amount_micros, events);

CREATE TABLE rollup_invite_day_packed (
    company_id text   NOT NULL,
    day        date   NOT NULL,
    invite_id  text[] NOT NULL,
    sent       boolean[] NOT NULL,
    accepted   boolean[] NOT NULL,
    revoked    boolean[] NOT NULL,
    PRIMARY KEY (company_id, day)
);
INSERT INTO rollup_invite_day_packed (company_id, day, invite_id, sent, accepted, revoked)
SELECT company_id, day, array_agg(invite_id), array_agg(sent), array_agg(accepted), array_agg(revoked)
  FROM rollup_invite_day GROUP BY company_id, day;
DROP TABLE rollup_invite_day;
CREATE VIEW rollup_invite_day AS
SELECT p.company_id, p.day, r.invite_id, r.sent, r.accepted, r.revoked
  FROM rollup_invite_day_packed p
  CROSS JOIN LATERAL unnest(p.invite_id, p.sent, p.accepted, p.revoked) AS r (invite_id, sent, accepted,
                            revoked);

