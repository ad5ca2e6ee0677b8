-- The newest revision compaction has removed from the log: a watch from before it cannot be served (410 Gone).
ALTER TABLE kumos_revision ADD COLUMN compacted BIGINT NOT NULL DEFAULT 0;
CREATE INDEX kumos_revision_log_by_time ON kumos_revision_log (committed_at);
