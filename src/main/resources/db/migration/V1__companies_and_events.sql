-- Companies: the tenants whose usage is counted. Their time zone defines every
-- calendar day, week, month, quarter and year reported for them.
CREATE TABLE company (
    id                  text        PRIMARY KEY,
    name                text        NOT NULL,
    seats               integer     NOT NULL DEFAULT 0 CHECK (seats >= 0),
    extra_usage_enabled boolean     NOT NULL DEFAULT false,
    time_zone           text        NOT NULL DEFAULT 'UTC',
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT company_id_format CHECK (id ~ '^[a-z0-9][a-z0-9._-]{0,63}$')
);

-- Raw telemetry events, one row per acknowledged event.
--
-- The primary key (company_id, event_id) is the idempotency key: a redelivered
-- event conflicts and is skipped, so it is never counted twice. It is kept on
-- the whole table (not per time partition) because billing depends on it;
-- events older than the raw retention are refused at ingestion, so the key
-- only has to cover what the table holds.
--
-- ingest_txid is the id of the transaction that stored the row: incremental
-- rollups take exactly the rows of finished transactions (see V2). received_at
-- is what "freshness" reports.
CREATE TABLE event (
    company_id    text        NOT NULL REFERENCES company (id),
    event_id      uuid        NOT NULL,
    occurred_at   timestamptz NOT NULL,
    received_at   timestamptz NOT NULL DEFAULT now(),
    ingest_txid   bigint      NOT NULL DEFAULT (pg_current_xact_id()::text::bigint),
    type          text        NOT NULL,
    user_id       text,
    chat_id       text,
    assistant_id  text,
    module        text,
    folder_kind   text,
    rating        text,
    project_id    text,
    connector     text,
    invite_id     text,
    model         text,
    amount_micros bigint,
    app_version   text,
    platform      text,
    deployment    text,
    PRIMARY KEY (company_id, event_id),
    CONSTRAINT event_type_known CHECK (type IN (
        'USER_ACTIVE', 'FOLDER_CREATED', 'GROUP_CREATED', 'CHAT_CREATED', 'SPACE_CREATED',
        'USER_MESSAGE', 'ASSISTANT_MESSAGE', 'FEEDBACK', 'ARTIFACT_CREATED', 'PROJECT_USED',
        'CONNECTOR_USED', 'INVITE_SENT', 'INVITE_ACCEPTED', 'INVITE_REVOKED', 'SPEND')),
    CONSTRAINT event_folder_kind_known CHECK (folder_kind IN ('PROJECT', 'DOMAIN', 'OTHER')),
    CONSTRAINT event_rating_known CHECK (rating IN ('POSITIVE', 'NEGATIVE')),
    CONSTRAINT event_amount_not_negative CHECK (amount_micros >= 0)
);

-- Per-company time-range reads: every figure.
CREATE INDEX event_company_occurred_idx ON event (company_id, occurred_at);
