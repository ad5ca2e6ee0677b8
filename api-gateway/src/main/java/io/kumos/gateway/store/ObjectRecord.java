package io.kumos.gateway.store;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import io.smallrye.mutiny.Uni;

/**
 * The record of API objects in PostgreSQL. Each write is one transaction: take the next global revision (the
 * counter row's lock orders writers, so revisions commit in order and without gaps), check the caller's
 * resourceVersion, write the object with {@code metadata.resourceVersion} set to that revision, append the change
 * to the revision log. A refused write rolls the whole transaction back, the revision included.
 *
 * <p>Bodies are JSON text, bound as text and parsed by PostgreSQL (the reactive driver would otherwise store a
 * Java string bound to jsonb as a JSON string scalar). The record stamps only {@code metadata.resourceVersion}. Everything else (uid,
 * timestamps, defaulting, validation) is the caller's. Methods return {@link Uni}s that never block; failures
 * are {@link RecordException}s for the rules above, anything else for a database that failed.
 */
@ApplicationScoped
public class ObjectRecord {

    private static final String NEXT_REVISION =
            "WITH r AS (UPDATE kumos_revision SET current = current + 1 WHERE id = 1 RETURNING current) "
                    + "SELECT current FROM r";
    private static final String STAMPED_BODY =
            "jsonb_set(CAST(CAST(:body AS text) AS jsonb), '{metadata,resourceVersion}', to_jsonb(CAST(:stamp AS text)))";
    private static final String APPEND_LOG =
            "INSERT INTO kumos_revision_log (revision, resource, namespace, name, event, body) "
                    + "VALUES (:revision, :resource, :namespace, :name, :event, CAST(CAST(:body AS text) AS jsonb))";

    private final Mutiny.SessionFactory sessions;

    ObjectRecord(Mutiny.SessionFactory sessions) {
        this.sessions = sessions;
    }

    /** Stores a new object; fails with {@code ALREADY_EXISTS} if its key is taken. */
    public Uni<StoredObject> create(ObjectKey key, UUID uid, String body) {
        return sessions.withTransaction(session -> nextRevision(session).chain(revision -> session
                .createNativeQuery("WITH i AS (INSERT INTO kumos_object (resource, namespace, name, uid, revision, body) "
                        + "VALUES (:resource, :namespace, :name, :uid, :revision, " + STAMPED_BODY + ") "
                        + "ON CONFLICT DO NOTHING RETURNING CAST(body AS text) AS body) SELECT body FROM i",
                        String.class)
                .setParameter("resource", key.resource())
                .setParameter("namespace", key.namespace())
                .setParameter("name", key.name())
                .setParameter("uid", uid)
                .setParameter("revision", revision)
                .setParameter("stamp", Long.toString(revision))
                .setParameter("body", body)
                .getResultList()
                .chain(rows -> {
                    if (rows.isEmpty()) {
                        return Uni.createFrom().failure(RecordException.alreadyExists(key));
                    }
                    return appendLog(session, revision, "ADDED", key, rows.get(0))
                            .replaceWith(new StoredObject(key, uid, revision, rows.get(0)));
                })));
    }

    /**
     * Replaces an object's body. With {@code expectedRevision} > 0 the write happens only if that is still the
     * object's resourceVersion ({@code CONFLICT} otherwise); 0 means unconditionally.
     */
    public Uni<StoredObject> update(ObjectKey key, long expectedRevision, String body) {
        return sessions.withTransaction(session -> nextRevision(session).chain(revision -> session
                .createNativeQuery("WITH u AS (UPDATE kumos_object SET revision = :revision, body = " + STAMPED_BODY
                        + " WHERE resource = :resource AND namespace = :namespace AND name = :name"
                        + " AND (:expected = 0 OR revision = :expected)"
                        + " RETURNING uid, CAST(body AS text) AS body) SELECT uid, body FROM u", Object[].class)
                .setParameter("resource", key.resource())
                .setParameter("namespace", key.namespace())
                .setParameter("name", key.name())
                .setParameter("revision", revision)
                .setParameter("stamp", Long.toString(revision))
                .setParameter("expected", expectedRevision)
                .setParameter("body", body)
                .getResultList()
                .chain(rows -> logged(session, key, expectedRevision, revision, "MODIFIED", rows))));
    }

    /**
     * Removes an object, under the same resourceVersion rule as {@link #update}. The log keeps its last state,
     * stamped with the deletion's revision.
     */
    public Uni<StoredObject> delete(ObjectKey key, long expectedRevision) {
        return sessions.withTransaction(session -> nextRevision(session).chain(revision -> session
                .createNativeQuery("WITH d AS (DELETE FROM kumos_object WHERE resource = :resource"
                        + " AND namespace = :namespace AND name = :name AND (:expected = 0 OR revision = :expected)"
                        + " RETURNING uid, body) SELECT uid, CAST(jsonb_set(body, '{metadata,resourceVersion}',"
                        + " to_jsonb(CAST(:stamp AS text))) AS text) FROM d", Object[].class)
                .setParameter("resource", key.resource())
                .setParameter("namespace", key.namespace())
                .setParameter("name", key.name())
                .setParameter("stamp", Long.toString(revision))
                .setParameter("expected", expectedRevision)
                .getResultList()
                .chain(rows -> logged(session, key, expectedRevision, revision, "DELETED", rows))));
    }

    /** The object of that key, if there is one. */
    public Uni<Optional<StoredObject>> find(ObjectKey key) {
        return sessions.withSession(session -> session
                .createNativeQuery("SELECT uid, revision, CAST(body AS text) FROM kumos_object"
                        + " WHERE resource = :resource AND namespace = :namespace AND name = :name", Object[].class)
                .setParameter("resource", key.resource())
                .setParameter("namespace", key.namespace())
                .setParameter("name", key.name())
                .getResultList()
                .map(rows -> rows.stream().findFirst()
                        .map(row -> new StoredObject(key, (UUID) row[0], ((Number) row[1]).longValue(),
                                (String) row[2]))));
    }

    /**
     * The objects of a resource, in one namespace or ({@code ""}) in all, ordered by namespace and name, with the
     * revision they are consistent with (one statement, one snapshot).
     */
    public Uni<ObjectList> list(String resource, String namespace) {
        return sessions.withSession(session -> session
                .createNativeQuery("SELECT r.current, o.namespace, o.name, o.uid, o.revision, CAST(o.body AS text)"
                        + " FROM kumos_revision r LEFT JOIN kumos_object o ON o.resource = :resource"
                        + " AND (:namespace = '' OR o.namespace = :namespace)"
                        + " WHERE r.id = 1 ORDER BY o.namespace, o.name", Object[].class)
                .setParameter("resource", resource)
                .setParameter("namespace", namespace)
                .getResultList()
                .map(rows -> new ObjectList(((Number) rows.get(0)[0]).longValue(), rows.stream()
                        .filter(row -> row[2] != null)
                        .map(row -> new StoredObject(new ObjectKey(resource, (String) row[1], (String) row[2]),
                                (UUID) row[3], ((Number) row[4]).longValue(), (String) row[5]))
                        .toList())));
    }

    /** Every object of the record, with the revision they are consistent with (one statement, one snapshot). */
    public Uni<ObjectList> snapshot() {
        return sessions.withSession(session -> session
                .createNativeQuery("SELECT r.current, o.resource, o.namespace, o.name, o.uid, o.revision,"
                        + " CAST(o.body AS text) FROM kumos_revision r LEFT JOIN kumos_object o ON true"
                        + " WHERE r.id = 1", Object[].class)
                .getResultList()
                .map(rows -> new ObjectList(((Number) rows.get(0)[0]).longValue(), rows.stream()
                        .filter(row -> row[1] != null)
                        .map(row -> new StoredObject(new ObjectKey((String) row[1], (String) row[2], (String) row[3]),
                                (UUID) row[4], ((Number) row[5]).longValue(), (String) row[6]))
                        .toList())));
    }

    /** The keys of every object in a namespace, whatever its resource. */
    public Uni<List<ObjectKey>> resourcesIn(String namespace) {
        return sessions.withSession(session -> session
                .createNativeQuery("SELECT resource, name FROM kumos_object WHERE namespace = :namespace",
                        Object[].class)
                .setParameter("namespace", namespace)
                .getResultList()
                .map(rows -> rows.stream()
                        .map(row -> new ObjectKey((String) row[0], namespace, (String) row[1])).toList()));
    }

    /** Objects marked for deletion (a deletionTimestamp) that are still there: finalizers or a node hold them. */
    public Uni<List<StoredObject>> terminating() {
        return objects("o.body -> 'metadata' ->> 'deletionTimestamp' IS NOT NULL", Map.of());
    }

    /** The objects whose ownerReferences name that owner uid. */
    public Uni<List<StoredObject>> dependentsOf(UUID owner) {
        return objects("o.body -> 'metadata' -> 'ownerReferences' @> CAST(CAST(:match AS text) AS jsonb)",
                Map.of("match", "[{\"uid\":\"" + owner + "\"}]"));
    }

    /** Objects with ownerReferences of which no owner exists any more, at most {@code limit} of them. */
    public Uni<List<StoredObject>> orphans(int limit) {
        return objects("jsonb_typeof(o.body -> 'metadata' -> 'ownerReferences') = 'array'"
                + " AND jsonb_array_length(o.body -> 'metadata' -> 'ownerReferences') > 0"
                + " AND NOT EXISTS (SELECT 1 FROM jsonb_array_elements(o.body -> 'metadata' -> 'ownerReferences') r"
                + " JOIN kumos_object w ON CAST(w.uid AS text) = r ->> 'uid') LIMIT " + limit, Map.of());
    }

    private Uni<List<StoredObject>> objects(String condition, Map<String, Object> parameters) {
        return sessions.withSession(session -> {
            var query = session.createNativeQuery("SELECT o.resource, o.namespace, o.name, o.uid, o.revision,"
                    + " CAST(o.body AS text) FROM kumos_object o WHERE " + condition, Object[].class);
            parameters.forEach(query::setParameter);
            return query.getResultList().map(rows -> rows.stream()
                    .map(row -> new StoredObject(new ObjectKey((String) row[0], (String) row[1], (String) row[2]),
                            (UUID) row[3], ((Number) row[4]).longValue(), (String) row[5]))
                    .toList());
        });
    }

    /** The changes after {@code revision}, oldest first, at most {@code limit} of them. */
    public Uni<List<ChangeEvent>> changesSince(long revision, int limit) {
        return sessions.withSession(session -> session
                .createNativeQuery("SELECT revision, event, resource, namespace, name, CAST(body AS text)"
                        + " FROM kumos_revision_log WHERE revision > :revision ORDER BY revision LIMIT :limit",
                        Object[].class)
                .setParameter("revision", revision)
                .setParameter("limit", limit)
                .getResultList()
                .map(rows -> rows.stream()
                        .map(row -> new ChangeEvent(((Number) row[0]).longValue(), (String) row[1],
                                new ObjectKey((String) row[2], (String) row[3], (String) row[4]), (String) row[5]))
                        .toList()));
    }

    /**
     * Removes the log's changes committed before {@code cutoff}, keeping the newest one so that the log always
     * shows where it stands; returns the compacted revision (the newest removed, or the previous mark).
     */
    public Uni<Long> compact(java.time.Instant cutoff) {
        return sessions.withTransaction(session -> session
                .createNativeQuery("WITH d AS (DELETE FROM kumos_revision_log WHERE committed_at < :cutoff"
                        + " AND revision < (SELECT max(revision) FROM kumos_revision_log) RETURNING revision)"
                        + " UPDATE kumos_revision SET compacted = GREATEST(compacted,"
                        + " COALESCE((SELECT max(revision) FROM d), 0)) WHERE id = 1 RETURNING compacted", Long.class)
                .setParameter("cutoff", java.time.OffsetDateTime.ofInstant(cutoff, java.time.ZoneOffset.UTC))
                .getSingleResult());
    }

    /** The newest revision compaction removed from the log; a watch must start after it. */
    public Uni<Long> compactedRevision() {
        return sessions.withSession(session -> session
                .createNativeQuery("SELECT compacted FROM kumos_revision WHERE id = 1", Long.class)
                .getSingleResult());
    }

    /** The revision of the last committed write: what a list's resourceVersion is. */
    public Uni<Long> currentRevision() {
        return sessions.withSession(session -> session
                .createNativeQuery("SELECT current FROM kumos_revision WHERE id = 1", Long.class)
                .getSingleResult());
    }

    private static Uni<Long> nextRevision(Mutiny.Session session) {
        return session.createNativeQuery(NEXT_REVISION, Long.class).getSingleResult();
    }

    private static Uni<Void> appendLog(Mutiny.Session session, long revision, String event, ObjectKey key,
            String body) {
        return session.createNativeQuery(APPEND_LOG)
                .setParameter("revision", revision)
                .setParameter("resource", key.resource())
                .setParameter("namespace", key.namespace())
                .setParameter("name", key.name())
                .setParameter("event", event)
                .setParameter("body", body)
                .executeUpdate()
                .replaceWithVoid();
    }

    /** Logs the row an update or delete returned ({@code uid, body}), or says why it touched none. */
    private static Uni<StoredObject> logged(Mutiny.Session session, ObjectKey key, long expectedRevision,
            long revision, String event, List<Object[]> rows) {
        if (rows.isEmpty()) {
            return refusal(session, key, expectedRevision);
        }
        UUID uid = (UUID) rows.get(0)[0];
        String body = (String) rows.get(0)[1];
        return appendLog(session, revision, event, key, body).replaceWith(new StoredObject(key, uid, revision, body));
    }

    /** Why an update or delete touched no row: the object is gone, or its resourceVersion moved on. */
    private static <T> Uni<T> refusal(Mutiny.Session session, ObjectKey key, long expectedRevision) {
        return session.createNativeQuery("SELECT revision FROM kumos_object"
                        + " WHERE resource = :resource AND namespace = :namespace AND name = :name", Long.class)
                .setParameter("resource", key.resource())
                .setParameter("namespace", key.namespace())
                .setParameter("name", key.name())
                .getResultList()
                .chain(rows -> Uni.createFrom().failure(rows.isEmpty()
                        ? RecordException.notFound(key)
                        : RecordException.conflict(key, expectedRevision)));
    }
}
