-- Lists come in namespace, then name order, compared byte by byte (as kube-apiserver's etcd keys are), whatever
-- locale the database was created with. Chunked lists (limit and continue) read one chunk at a time from the
-- position a continue token names: this index is that order, so a chunk costs its own rows, not the resource's.
CREATE INDEX kumos_object_list_order ON kumos_object (resource, namespace COLLATE "C", name COLLATE "C");
