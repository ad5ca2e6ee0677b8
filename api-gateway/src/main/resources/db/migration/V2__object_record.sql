-- The record of every API object (see ARCHITECTURE.md, "State").

-- One global revision. Every write takes this row's lock for the length of its transaction, so revisions are
-- assigned in commit order and without gaps: a watcher reading the log never sees revision N+1 before N.
CREATE TABLE kumos_revision (
    id      SMALLINT PRIMARY KEY CHECK (id = 1),
    current BIGINT   NOT NULL
);
INSERT INTO kumos_revision (id, current) VALUES (1, 0);

-- The current state: one row per live object. resource is "<group>/<plural>" ("core" for the legacy group),
-- namespace is '' for cluster-scoped objects. revision is the object's resourceVersion.
CREATE TABLE kumos_object (
    resource  TEXT   NOT NULL,
    namespace TEXT   NOT NULL,
    name      TEXT   NOT NULL,
    uid       UUID   NOT NULL,
    revision  BIGINT NOT NULL,
    body      JSONB  NOT NULL,
    PRIMARY KEY (resource, namespace, name)
);

-- Every change, in revision order: what watches resume from. Compaction deletes its oldest rows.
CREATE TABLE kumos_revision_log (
    revision     BIGINT      PRIMARY KEY,
    resource     TEXT        NOT NULL,
    namespace    TEXT        NOT NULL,
    name         TEXT        NOT NULL,
    event        TEXT        NOT NULL CHECK (event IN ('ADDED', 'MODIFIED', 'DELETED')),
    body         JSONB       NOT NULL,
    committed_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX kumos_revision_log_by_resource ON kumos_revision_log (resource, revision);
