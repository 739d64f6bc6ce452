-- Teams: the units of a company's own directory (departments, teams), sent by
-- its directory sync as snapshots (directory/DirectoryService). Not the
-- "groups" users create in the assistant (GROUP_CREATED events).
--
-- A team the directory no longer lists keeps its row, with the company-local
-- day it was last seen on, so that figures of earlier ranges still name it.
CREATE TABLE team (
    company_id  text NOT NULL REFERENCES company (id),
    id          text NOT NULL,
    name        text NOT NULL,
    parent_id   text,
    removed_on  date,
    PRIMARY KEY (company_id, id),
    FOREIGN KEY (company_id, parent_id) REFERENCES team (company_id, id),
    CONSTRAINT team_not_its_own_parent CHECK (parent_id <> id)
);

-- Who belonged to which team on which company-local days: from valid_from
-- (included) until valid_until (excluded; null: still a member). A user's
-- activity on a day counts for the teams whose row covers that day. Rows of
-- one user and team never overlap: a snapshot closes or opens them (see
-- DirectoryService).
CREATE TABLE team_membership (
    company_id  text NOT NULL,
    team_id     text NOT NULL,
    user_id     text NOT NULL,
    valid_from  date NOT NULL,
    valid_until date,
    PRIMARY KEY (company_id, team_id, user_id, valid_from),
    FOREIGN KEY (company_id, team_id) REFERENCES team (company_id, id),
    CONSTRAINT team_membership_not_empty CHECK (valid_until > valid_from)
);

-- The members of a team on a day, and a user's teams on a day.
CREATE INDEX team_membership_by_user ON team_membership (company_id, user_id, valid_from);

-- The last snapshot applied per company: snapshots apply in the order of their
-- asOf, never back in time, and one company's snapshots one at a time (the
-- row is locked by the snapshot's transaction).
CREATE TABLE directory_snapshot (
    company_id text        PRIMARY KEY REFERENCES company (id),
    as_of      timestamptz NOT NULL,
    as_of_day  date        NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
);

-- A company's privacy rules, set by its owners and by vendor administrators.
-- min_team_size: a team with fewer members in a range is never shown on its own.
-- per_person_views: false is works-council mode, no per-user rows for anyone.
ALTER TABLE company
    ADD COLUMN min_team_size    integer NOT NULL DEFAULT 5 CHECK (min_team_size BETWEEN 1 AND 1000),
    ADD COLUMN per_person_views boolean NOT NULL DEFAULT true;

-- Every change of a privacy rule: who (the token's subject and the role it
-- acted in), when, and the values before and after.
CREATE TABLE company_privacy_change (
    company_id  text        NOT NULL REFERENCES company (id),
    changed_at  timestamptz NOT NULL DEFAULT now(),
    changed_by  text        NOT NULL,
    acting_as   text        NOT NULL,
    setting     text        NOT NULL,
    old_value   text        NOT NULL,
    new_value   text        NOT NULL
);

CREATE INDEX company_privacy_change_by_company ON company_privacy_change (company_id, changed_at);
