-- The garbage collector looks objects up by the uids their ownerReferences name (as text, as they are in JSON),
-- and finds the dependents of an owner by containment in ownerReferences.
CREATE INDEX kumos_object_by_uid ON kumos_object (CAST(uid AS text));
CREATE INDEX kumos_object_owner_references ON kumos_object
    USING gin ((body -> 'metadata' -> 'ownerReferences') jsonb_path_ops);
