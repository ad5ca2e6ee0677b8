-- Bodies are kept as the JSON text the api-gateway wrote: jsonb refuses strings holding U+0000, which Kubernetes
-- objects may hold (kube-apiserver stores them). What the garbage collector searches by moves to columns of its
-- own: the uids an object's ownerReferences name, and whether it carries a deletionTimestamp.
DROP INDEX kumos_object_owner_references;
ALTER TABLE kumos_object
    ADD COLUMN owner_uids  TEXT[]  NOT NULL DEFAULT '{}',
    ADD COLUMN terminating BOOLEAN NOT NULL DEFAULT false;
UPDATE kumos_object SET
    owner_uids = ARRAY(SELECT r ->> 'uid' FROM jsonb_array_elements(
        CASE WHEN jsonb_typeof(body -> 'metadata' -> 'ownerReferences') = 'array'
             THEN body -> 'metadata' -> 'ownerReferences' ELSE '[]'::jsonb END) r
        WHERE r ->> 'uid' IS NOT NULL AND r ->> 'uid' <> ''),
    terminating = body -> 'metadata' ? 'deletionTimestamp'
        AND jsonb_typeof(body -> 'metadata' -> 'deletionTimestamp') <> 'null';
ALTER TABLE kumos_object ALTER COLUMN body TYPE TEXT USING CAST(body AS text);
ALTER TABLE kumos_revision_log ALTER COLUMN body TYPE TEXT USING CAST(body AS text);
CREATE INDEX kumos_object_owner_uids ON kumos_object USING gin (owner_uids);
CREATE INDEX kumos_object_terminating ON kumos_object (resource) WHERE terminating;
