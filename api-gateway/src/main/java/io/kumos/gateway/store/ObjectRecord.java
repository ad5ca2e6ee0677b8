package io.kumos.gateway.store;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The record of API objects in PostgreSQL. Writes go through {@link GroupCommit}: each is decided and committed in
 * a transaction with the writes that arrived beside it, takes the next global revision (revisions commit in order
 * and without gaps), is checked against the caller's resourceVersion, stored with {@code metadata.resourceVersion}
 * set to that revision and appended to the revision log. A refused write takes no revision and changes nothing.
 *
 * <p>Bodies are kept as the JSON text the gateway wrote, so any string a client may send is stored and returned
 * unchanged (PostgreSQL's jsonb refuses U+0000); what the garbage collector searches by (owner uids, a
 * deletion mark) is kept in columns of its own beside it. The record stamps only {@code metadata.resourceVersion};
 * everything else (uid, timestamps, defaulting, validation) is the caller's.
 *
 * <p>The record talks to PostgreSQL through the reactive client Hibernate Reactive itself runs on: the batched,
 * pipelined statements of a group commit are not something an ORM session expresses. Methods return {@link Uni}s
 * that never block and may be called from any thread; failures are {@link RecordException}s for the rules above,
 * anything else for a database that failed.
 */
@ApplicationScoped
public class ObjectRecord {

    /** The PostgreSQL notification channel every commit notifies with its revision. */
    public static final String CHANNEL = "kumos_revisions";

    private final Pool pool;
    private final GroupCommit commits;
    private final ObjectMapper json;

    ObjectRecord(Pool pool, GroupCommit commits, ObjectMapper json) {
        this.pool = pool;
        this.commits = commits;
        this.json = json;
    }

    /**
     * Listens to the changes this gateway commits, in revision order, right after each commit and before the
     * writers are answered; on the committing thread, so the listener must be quick and must not block.
     */
    public void onCommitted(Consumer<List<ChangeEvent>> listener) {
        commits.onCommitted(listener);
    }

    /**
     * Stores a new object; fails with {@code ALREADY_EXISTS} if its key is taken. The record sets
     * {@code metadata.resourceVersion} in {@code object}, which the caller must not touch until the Uni completes.
     */
    public Uni<StoredObject> create(ObjectKey key, UUID uid, ObjectNode object) {
        return commits.submit(new Write.Create(key, uid, object));
    }

    /**
     * Stores a new object in a namespace, as {@link #create(ObjectKey, UUID, ObjectNode)}, if that Namespace (key
     * {@code namespace}) exists and is not terminating when the write commits: {@code NAMESPACE_NOT_FOUND} or
     * {@code NAMESPACE_TERMINATING} otherwise.
     */
    public Uni<StoredObject> create(ObjectKey key, UUID uid, ObjectNode object, ObjectKey namespace) {
        return commits.submit(new Write.Create(key, uid, object, namespace));
    }

    /** Stores a new object given as JSON text. */
    public Uni<StoredObject> create(ObjectKey key, UUID uid, String body) {
        return parsed(body, object -> create(key, uid, object));
    }

    /**
     * Replaces an object's body. With {@code expectedRevision} > 0 the write happens only if that is still the
     * object's resourceVersion ({@code CONFLICT} otherwise); 0 means unconditionally. Stamps {@code object} as
     * {@link #create(ObjectKey, UUID, ObjectNode)} does.
     */
    public Uni<StoredObject> update(ObjectKey key, long expectedRevision, ObjectNode object) {
        return commits.submit(new Write.Update(key, expectedRevision, object));
    }

    /** Replaces an object's body with JSON text. */
    public Uni<StoredObject> update(ObjectKey key, long expectedRevision, String body) {
        return parsed(body, object -> update(key, expectedRevision, object));
    }

    /**
     * Removes an object, under the same resourceVersion rule as {@link #update}. The log keeps its last state,
     * stamped with the deletion's revision.
     */
    public Uni<StoredObject> delete(ObjectKey key, long expectedRevision) {
        return commits.submit(new Write.Delete(key, expectedRevision));
    }

    /** The object of that key, if there is one. */
    public Uni<Optional<StoredObject>> find(ObjectKey key) {
        return pool.preparedQuery("SELECT uid, revision, body FROM kumos_object"
                        + " WHERE resource = $1 AND namespace = $2 AND name = $3")
                .execute(Tuple.of(key.resource(), key.namespace(), key.name()))
                .map(rows -> {
                    var found = rows.iterator();
                    if (!found.hasNext()) {
                        return Optional.empty();
                    }
                    Row row = found.next();
                    return Optional.of(new StoredObject(key, row.getUUID(0), row.getLong(1), row.getString(2)));
                });
    }

    /**
     * The objects of a resource, in one namespace or ({@code ""}) in all, in list order (namespace, then name,
     * compared byte by byte), with the
     * revision they are consistent with (one statement, one snapshot).
     */
    public Uni<ObjectList> list(String resource, String namespace) {
        return pool.preparedQuery("SELECT r.current, o.resource, o.namespace, o.name, o.uid, o.revision, o.body"
                        + " FROM kumos_revision r LEFT JOIN kumos_object o ON o.resource = $1"
                        + " AND ($2 = '' OR o.namespace = $2) WHERE r.id = 1"
                        + " ORDER BY o.namespace COLLATE \"C\", o.name COLLATE \"C\"")
                .execute(Tuple.of(resource, namespace))
                .map(ObjectRecord::objectList);
    }

    /**
     * A chunk of a list: at most {@code limit} objects of a resource, in one namespace or ({@code ""}) in all, that
     * come after a position in list order (namespace, then name, compared byte by byte; {@code after} null starts at
     * the beginning), with the current revision (one statement, one snapshot).
     */
    public Uni<ObjectList> listAfter(String resource, String namespace, ObjectKey after, int limit) {
        String fromNamespace = after == null ? "" : after.namespace();
        String fromName = after == null ? "" : after.name();
        if (!namespace.isEmpty()) {
            int side = fromNamespace.compareTo(namespace);
            if (side > 0) {
                return currentRevision().map(revision -> new ObjectList(revision, List.of()));
            }
            return chunk("resource = $1 AND namespace = $2 AND name COLLATE \"C\" > $3", "name COLLATE \"C\"",
                    Tuple.of(resource, namespace, side < 0 ? "" : fromName, limit));
        }
        return chunk("resource = $1 AND (namespace COLLATE \"C\", name COLLATE \"C\") > ($2, $3)",
                "namespace COLLATE \"C\", name COLLATE \"C\"", Tuple.of(resource, fromNamespace, fromName, limit));
    }

    /** The objects that {@code where} selects, in {@code order}, at most $4 of them, with the current revision. */
    private Uni<ObjectList> chunk(String where, String order, Tuple arguments) {
        return pool.preparedQuery("SELECT r.current, o.resource, o.namespace, o.name, o.uid, o.revision, o.body"
                        + " FROM kumos_revision r LEFT JOIN LATERAL (SELECT * FROM kumos_object WHERE " + where
                        + " ORDER BY " + order + " LIMIT $4) o ON true WHERE r.id = 1")
                .execute(arguments)
                .map(ObjectRecord::objectList);
    }

    /** How many objects of a resource, in one namespace or ({@code ""}) in all, come after a position in list order. */
    public Uni<Long> countAfter(String resource, String namespace, ObjectKey after) {
        return pool.preparedQuery("SELECT count(*) FROM kumos_object WHERE resource = $1"
                        + " AND ($2 = '' OR namespace = $2)"
                        + " AND (namespace COLLATE \"C\", name COLLATE \"C\") > ($3, $4)")
                .execute(Tuple.of(resource, namespace, after.namespace(), after.name()))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /** Every object of the record, with the revision they are consistent with (one statement, one snapshot). */
    public Uni<ObjectList> snapshot() {
        return pool.query("SELECT r.current, o.resource, o.namespace, o.name, o.uid, o.revision, o.body"
                        + " FROM kumos_revision r LEFT JOIN kumos_object o ON true WHERE r.id = 1")
                .execute()
                .map(ObjectRecord::objectList);
    }

    private static ObjectList objectList(RowSet<Row> rows) {
        long revision = 0;
        List<StoredObject> objects = new ArrayList<>(rows.size());
        for (Row row : rows) {
            revision = row.getLong(0);
            if (row.getString(1) != null) {
                objects.add(stored(row, 1));
            }
        }
        return new ObjectList(revision, objects);
    }

    /** The keys of every object in a namespace, whatever its resource. */
    public Uni<List<ObjectKey>> resourcesIn(String namespace) {
        return pool.preparedQuery("SELECT resource, name FROM kumos_object WHERE namespace = $1")
                .execute(Tuple.of(namespace))
                .map(rows -> {
                    List<ObjectKey> keys = new ArrayList<>(rows.size());
                    rows.forEach(row -> keys.add(new ObjectKey(row.getString(0), namespace, row.getString(1))));
                    return keys;
                });
    }

    /** Objects marked for deletion (a deletionTimestamp) that are still there: finalizers or a node hold them. */
    public Uni<List<StoredObject>> terminating() {
        return objects("o.terminating", Tuple.tuple());
    }

    /** The objects whose ownerReferences name that owner uid. */
    public Uni<List<StoredObject>> dependentsOf(UUID owner) {
        return objects("o.owner_uids @> ARRAY[$1::text]", Tuple.of(owner.toString()));
    }

    /** Objects with ownerReferences of which no owner exists any more, at most {@code limit} of them. */
    public Uni<List<StoredObject>> orphans(int limit) {
        return objects("cardinality(o.owner_uids) > 0 AND NOT EXISTS (SELECT 1 FROM unnest(o.owner_uids) r(uid)"
                + " JOIN kumos_object w ON CAST(w.uid AS text) = r.uid) LIMIT $1", Tuple.of(limit));
    }

    private Uni<List<StoredObject>> objects(String condition, Tuple parameters) {
        return pool.preparedQuery("SELECT o.resource, o.namespace, o.name, o.uid, o.revision, o.body"
                        + " FROM kumos_object o WHERE " + condition)
                .execute(parameters)
                .map(rows -> {
                    List<StoredObject> objects = new ArrayList<>(rows.size());
                    rows.forEach(row -> objects.add(stored(row, 0)));
                    return objects;
                });
    }

    private static StoredObject stored(Row row, int from) {
        return new StoredObject(new ObjectKey(row.getString(from), row.getString(from + 1), row.getString(from + 2)),
                row.getUUID(from + 3), row.getLong(from + 4), row.getString(from + 5));
    }

    /** The changes after {@code revision}, oldest first, at most {@code limit} of them. */
    public Uni<List<ChangeEvent>> changesSince(long revision, int limit) {
        return changes(pool.preparedQuery("SELECT revision, event, resource, namespace, name, body"
                + " FROM kumos_revision_log WHERE revision > $1 ORDER BY revision LIMIT $2")
                .execute(Tuple.of(revision, limit)));
    }

    /** A page of a watch's replay, and the compaction mark in the same snapshot. */
    public record Replay(long compacted, List<ChangeEvent> changes) {
    }

    /**
     * The changes of one resource after {@code revision}, oldest first, at most {@code limit} of them, read in
     * one snapshot with the compaction mark: if the mark is not past {@code revision}, none of them is missing.
     */
    public Uni<Replay> replay(String resource, long revision, int limit) {
        return pool.preparedQuery("SELECT r.compacted, l.revision, l.event, l.resource, l.namespace, l.name, l.body"
                        + " FROM kumos_revision r LEFT JOIN LATERAL (SELECT * FROM kumos_revision_log"
                        + " WHERE resource = $1 AND revision > $2 ORDER BY revision LIMIT $3) l ON true WHERE r.id = 1")
                .execute(Tuple.of(resource, revision, limit))
                .map(rows -> {
                    long compacted = 0;
                    List<ChangeEvent> changes = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        compacted = row.getLong(0);
                        if (row.getLong(1) != null) {
                            changes.add(change(row, 1));
                        }
                    }
                    return new Replay(compacted, changes);
                });
    }

    private static ChangeEvent change(Row row, int from) {
        return new ChangeEvent(row.getLong(from), row.getString(from + 1),
                new ObjectKey(row.getString(from + 2), row.getString(from + 3), row.getString(from + 4)),
                row.getString(from + 5));
    }

    private static Uni<List<ChangeEvent>> changes(Uni<RowSet<Row>> query) {
        return query.map(rows -> {
            List<ChangeEvent> changes = new ArrayList<>(rows.size());
            rows.forEach(row -> changes.add(change(row, 0)));
            return changes;
        });
    }

    /**
     * Removes the log's changes committed before {@code cutoff}, keeping the newest one so that the log always
     * shows where it stands; returns the compacted revision (the newest removed, or the previous mark).
     */
    public Uni<Long> compact(Instant cutoff) {
        return pool.withTransaction(connection -> connection.preparedQuery(
                        "WITH d AS (DELETE FROM kumos_revision_log WHERE committed_at < $1"
                        + " AND revision < (SELECT max(revision) FROM kumos_revision_log) RETURNING revision)"
                        + " UPDATE kumos_revision SET compacted = GREATEST(compacted,"
                        + " COALESCE((SELECT max(revision) FROM d), 0)) WHERE id = 1 RETURNING compacted")
                .execute(Tuple.of(OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC)))
                .map(rows -> rows.iterator().next().getLong(0)));
    }

    /** The newest revision compaction removed from the log; a watch must start after it. */
    public Uni<Long> compactedRevision() {
        return single("SELECT compacted FROM kumos_revision WHERE id = 1");
    }

    /** The revision of the last committed write: what a list's resourceVersion is. */
    public Uni<Long> currentRevision() {
        return single("SELECT current FROM kumos_revision WHERE id = 1");
    }

    private Uni<Long> single(String query) {
        return pool.query(query).execute().map(rows -> rows.iterator().next().getLong(0));
    }

    private Uni<StoredObject> parsed(String body, Function<ObjectNode, Uni<StoredObject>> write) {
        JsonNode object;
        try {
            object = json.readTree(body);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(new IllegalArgumentException("not a JSON object: " + e.getMessage()));
        }
        if (!(object instanceof ObjectNode node)) {
            return Uni.createFrom().failure(new IllegalArgumentException("not a JSON object"));
        }
        return write.apply(node);
    }
}
