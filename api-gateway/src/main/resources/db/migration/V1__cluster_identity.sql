-- The cluster's identity: one row, written by the first api-gateway that starts against this database and
-- never changed afterwards (like the uid of kube-system in Kubernetes, it names the cluster).
CREATE TABLE kumos_cluster (
    id         SMALLINT    PRIMARY KEY CHECK (id = 1),
    uid        UUID        NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
