-- Raw events partitioned by month of occurred_at (UTC), so that retention drops
-- whole partitions instead of deleting rows one by one (RetentionJob), and the
-- idempotency key spans every partition.
--
-- What changes:
--
-- * Today's table becomes the first partition, event_before_partitions, with
--   every row it holds, for every occurred_at before the first day of the next
--   month (UTC) at the time this migration runs. It is not copied: it is
--   renamed and attached. Retention keeps deleting rolled-up rows from it, day
--   by day as before, until all of it is past the retention; then it is dropped
--   like any other partition.
-- * event is a new, partitioned table with the same columns, defaults, checks
--   and foreign key, and the same index names (event_company_occurred_idx,
--   event_ingest_txid_idx), which docs and comments name.
-- * Its primary key is (company_id, event_id, occurred_at): PostgreSQL requires
--   the partition key in every unique key of a partitioned table. The same
--   event delivered again has the same occurred_at, lands in the same partition
--   and conflicts there (INSERT ... ON CONFLICT DO NOTHING). An event id reused
--   with another occurred_at is found by ingestion itself, after its insert and
--   under a lock per company, and not stored (ingest/EventRepository).
-- * Monthly partitions event_YYYY_MM hold [first day of the month, first day of
--   the next) in UTC. This migration creates the two after
--   event_before_partitions; the service creates the next ones ahead of time
--   (event_partitions_ensure below, ingest/EventPartitions at start-up and
--   every hour) and retention drops them (event_partition_drop below).
--
-- How long it takes (docs/operations.md, "Raw events by month"): the unique
-- index on today's rows is built first, while reads go on and ingestion waits
-- (SHARE lock): 7 to 20 s for 4.7 million rows. From the first ALTER TABLE on,
-- reads wait too, for the one scan of today's rows that proves the partition's
-- upper bound (0.5 to 1.2 s); everything else takes milliseconds. A rollup run
-- in progress holds the table until it commits: rather than queue every request
-- behind a lock it waits for, the migration gives up after a while and runs
-- again at the next start. Replicas of the previous version cannot insert into
-- the new table: see docs/operations.md before rolling it out.
SET LOCAL lock_timeout = '10s';

-- The upper bound of event_before_partitions: the first day of the next month
-- in UTC. Tests move it back (placeholder partitioned_months_back, 0 in the
-- service) so that their recent events go to monthly partitions; on a database
-- with rows that recent the ATTACH below would fail, and nothing would change.
SELECT set_config('usage_analytics.events_before',
                  ((date_trunc('month', now() AT TIME ZONE 'UTC') + interval '1 month'
                    - ${partitioned_months_back} * interval '1 month') AT TIME ZONE 'UTC')::text,
                  true);

-- 1. The key of the partitioned table, built on today's rows. The longest step:
-- reads go on, writes wait.
CREATE UNIQUE INDEX event_before_partitions_pkey ON event (company_id, event_id, occurred_at);

-- 2. Today's table under its new name, with its constraints and indexes named
-- after it (index names are unique per schema; the new table takes the old ones).
ALTER TABLE event DROP CONSTRAINT event_pkey;
ALTER TABLE event ADD CONSTRAINT event_before_partitions_pkey PRIMARY KEY USING INDEX event_before_partitions_pkey;
ALTER TABLE event RENAME CONSTRAINT event_company_id_fkey TO event_before_partitions_company_id_fkey;
ALTER INDEX event_company_occurred_idx RENAME TO event_before_partitions_company_occurred_idx;
ALTER INDEX event_ingest_txid_idx RENAME TO event_before_partitions_ingest_txid_idx;
ALTER TABLE event RENAME TO event_before_partitions;

-- 3. The partitioned table: the columns, defaults, checks and foreign key of V1,
-- the key with occurred_at, the indexes of V1 and V2. The checks keep their
-- names: a partition must have the checks of its table under the same names.
-- ingest_txid: see V1 and V2.
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
    PRIMARY KEY (company_id, event_id, occurred_at),
    CONSTRAINT event_type_known CHECK (type IN (
        'USER_ACTIVE', 'FOLDER_CREATED', 'GROUP_CREATED', 'CHAT_CREATED', 'SPACE_CREATED',
        'USER_MESSAGE', 'ASSISTANT_MESSAGE', 'FEEDBACK', 'ARTIFACT_CREATED', 'PROJECT_USED',
        'CONNECTOR_USED', 'INVITE_SENT', 'INVITE_ACCEPTED', 'INVITE_REVOKED', 'SPEND')),
    CONSTRAINT event_folder_kind_known CHECK (folder_kind IN ('PROJECT', 'DOMAIN', 'OTHER')),
    CONSTRAINT event_rating_known CHECK (rating IN ('POSITIVE', 'NEGATIVE')),
    CONSTRAINT event_amount_not_negative CHECK (amount_micros >= 0)
) PARTITION BY RANGE (occurred_at);

-- Per-company time-range reads (every figure), and the events not rolled up yet (V2, V4).
CREATE INDEX event_company_occurred_idx ON event (company_id, occurred_at);
CREATE INDEX event_ingest_txid_idx ON event (ingest_txid);

-- Whoever was granted rights on the table keeps them on the new one (a service
-- user that only reads and writes rows, say). Partitions need none: statements
-- reach them through event.
DO $$
DECLARE
    acl record;
BEGIN
    FOR acl IN SELECT a.privilege_type, a.grantee
                 FROM pg_class c, aclexplode(c.relacl) a
                WHERE c.oid = 'event_before_partitions'::regclass AND a.grantee <> c.relowner LOOP
        EXECUTE format('GRANT %s ON event TO %s', acl.privilege_type,
                       CASE WHEN acl.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(acl.grantee::regrole::text) END);
    END LOOP;
END
$$;

-- 4. Today's table becomes the first partition. Its indexes, key and foreign key
-- match the new table's and are attached as they are: no index is built, no
-- foreign key checked again. ATTACH reads the rows once to prove that each is
-- below the bound (half a second for 4.7 million rows). A CHECK constraint
-- added first would spare ATTACH that scan, but adding it scans the same rows
-- under the same lock: measured, it saves nothing inside one transaction.
DO $$
BEGIN
    EXECUTE format('ALTER TABLE event ATTACH PARTITION event_before_partitions FOR VALUES FROM (MINVALUE) TO (%L)',
                   current_setting('usage_analytics.events_before')::timestamptz);
END
$$;

-- Every partition of event with its range: starts is -infinity for
-- event_before_partitions. PostgreSQL keeps the bounds only as an expression,
-- rendered here as text and read back as timestamptz in the same session (so in
-- the same time zone and date style). detach_pending: a DETACH ... CONCURRENTLY
-- that did not finish.
CREATE VIEW event_partition AS
SELECT c.relname::text AS name,
       CASE WHEN b[1] = 'MINVALUE' THEN '-infinity' ELSE btrim(b[1], '''') END::timestamptz AS starts,
       CASE WHEN b[2] = 'MAXVALUE' THEN 'infinity' ELSE btrim(b[2], '''') END::timestamptz AS ends,
       i.inhdetachpending AS detach_pending
  FROM pg_inherits i
  JOIN pg_class c ON c.oid = i.inhrelid
 CROSS JOIN LATERAL regexp_match(pg_get_expr(c.relpartbound, c.oid), '^FOR VALUES FROM \((.+)\) TO \((.+)\)$') b
 WHERE i.inhparent = 'event'::regclass;

-- Creates the monthly partitions event_YYYY_MM of the months from first_month to
-- last_month (UTC) that no partition covers yet, and answers their names. A month
-- that some partition covers in part (none does: every bound is the first of a
-- month) is left alone. Safe to call at any time and from several replicas: one
-- call at a time (an advisory lock of its own), and an existing partition is left
-- as it is.
--
-- SECURITY DEFINER: the service may run as a user that only reads and writes
-- rows (docs/operations.md); creating and attaching tables needs the owner's
-- rights. A new table is attached rather than created as a partition: ATTACH
-- locks event in SHARE UPDATE EXCLUSIVE mode, so reads and writes go on, where
-- CREATE TABLE ... PARTITION OF would make them wait. lock_timeout: a
-- concurrent DETACH or a long statement on event makes it give up after a few
-- seconds instead of queueing requests behind it; it is called again later.
CREATE FUNCTION event_partitions_ensure(first_month date, last_month date) RETURNS SETOF text
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path FROM CURRENT
    SET lock_timeout = '5s'
    AS $$
DECLARE
    month_start date;
    from_at timestamptz;
    to_at timestamptz;
    table_name text;
BEGIN
    -- two int4 keys: another key space than the per-company locks of ingestion
    PERFORM pg_advisory_xact_lock(2011, 1);
    FOR month_start IN SELECT generate_series(date_trunc('month', first_month), date_trunc('month', last_month),
                                              interval '1 month')::date LOOP
        from_at := month_start::timestamp AT TIME ZONE 'UTC';
        to_at := (month_start + interval '1 month')::timestamp AT TIME ZONE 'UTC';
        CONTINUE WHEN EXISTS (SELECT 1 FROM event_partition p WHERE p.starts < to_at AND p.ends > from_at);
        table_name := 'event_' || to_char(month_start, 'YYYY_MM');
        EXECUTE format('CREATE TABLE %I (LIKE event INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', table_name);
        EXECUTE format('ALTER TABLE event ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)', table_name, from_at, to_at);
        RETURN NEXT table_name;
    END LOOP;
END
$$;

-- Drops the partition partition_name of event and answers how many events it
-- held, or null when it keeps it because it holds an event not rolled up yet
-- (at or above its company's effective watermark, V6). Which partitions are past
-- the retention is the caller's decision (RetentionJob). The rollups are checked
-- before anything is locked, and again after DETACH, when no statement can add
-- events to the table any more; the partition stays attached when one is not
-- rolled up. The events are counted before DETACH, which locks event in ACCESS
-- EXCLUSIVE mode until the end: for milliseconds, reads and writes wait.
-- CONCURRENTLY cannot run inside a function or transaction; lock_timeout keeps
-- it from queueing requests behind a long statement. SECURITY DEFINER for the
-- reason above.
CREATE FUNCTION event_partition_drop(partition_name text) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path FROM CURRENT
    SET lock_timeout = '5s'
    AS $$
DECLARE
    unrolled text := $q$
        SELECT EXISTS (SELECT 1 FROM %I e, rollup_state s
                        WHERE e.ingest_txid >= least(s.watermark, (SELECT min(watermark) FROM rollup_held_company))
                          AND e.ingest_txid >= coalesce((SELECT h.watermark FROM rollup_held_company h
                                                          WHERE h.company_id = e.company_id), s.watermark))$q$;
    found boolean;
    events bigint;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM event_partition p WHERE p.name = partition_name) THEN
        RAISE EXCEPTION '% is not a partition of event', partition_name USING ERRCODE = 'undefined_table';
    END IF;
    EXECUTE format(unrolled, partition_name) INTO found;
    IF found THEN
        RETURN NULL;
    END IF;
    EXECUTE format('SELECT count(*) FROM %I', partition_name) INTO events;
    EXECUTE format('ALTER TABLE event DETACH PARTITION %I', partition_name);
    EXECUTE format(unrolled, partition_name) INTO found;
    IF found THEN
        RAISE EXCEPTION USING ERRCODE = 'object_in_use', MESSAGE = 'not rolled up';
    END IF;
    EXECUTE format('DROP TABLE %I', partition_name);
    RETURN events;
EXCEPTION
    -- only the raise above: the DETACH is undone, the partition stays
    WHEN object_in_use THEN
        RETURN NULL;
END
$$;

-- 5. The two monthly partitions after event_before_partitions.
SELECT event_partitions_ensure((current_setting('usage_analytics.events_before')::timestamptz AT TIME ZONE 'UTC')::date,
                               (current_setting('usage_analytics.events_before')::timestamptz AT TIME ZONE 'UTC'
                                + interval '1 month')::date);

-- 6. Views name a table by its identity, not its name: event_measure (V2)
-- still reads event_before_partitions. The same definition, read anew, reads
-- the partitioned table. No other view or function reads event; functions
-- name tables by name and need nothing.
CREATE OR REPLACE VIEW event_measure AS
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
