package io.kumos.gateway.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Group commit: the writes that arrive while a transaction commits wait, and go together in the next one. One
 * transaction takes the revision lock, reads the objects the batch names, decides every write in memory
 * ({@link WriteBatch}), then writes the objects, the revision log and the new revision in a few set-based
 * statements and commits: one WAL flush for the whole batch. Nothing is answered before the commit, so an
 * acknowledged write is on disk (with PostgreSQL's fsync and synchronous_commit on).
 *
 * <p>Threading: {@link #submit} may be called from any thread and never blocks. One batch is in flight at a time
 * per gateway; the counter row's lock orders the batches of several gateways, so revisions still commit in order
 * and without gaps. Callers are answered on the Vert.x context they submitted from, so the work after a write
 * spreads over the event loops instead of running on the committing one. Committed changes are handed to the
 * {@link #onCommitted listeners} on the committing thread, in revision order, before any caller is answered.
 */
@ApplicationScoped
class GroupCommit {

    private static final Logger LOG = Logger.getLogger(GroupCommit.class);
    /** What separates the owner uids of an object in the text the set-based upsert splits. */
    static final char OWNER_SEPARATOR = '\u001f';

    private static final String LOCK = "SELECT current FROM kumos_revision WHERE id = 1 FOR UPDATE";
    private static final String READ = "SELECT x.r, x.n, x.m, o.uid, o.revision, o.body, o.terminating"
            + " FROM unnest($1::text[], $2::text[], $3::text[]) AS x(r, n, m)"
            + " JOIN kumos_object o ON o.resource = x.r AND o.namespace = x.n AND o.name = x.m";
    private static final String UPSERT = "INSERT INTO kumos_object"
            + " (resource, namespace, name, uid, revision, body, owner_uids, terminating)"
            + " SELECT r, n, m, u, v, b, string_to_array(o, chr(31)), t FROM unnest($1::text[], $2::text[],"
            + " $3::text[], $4::uuid[], $5::int8[], $6::text[], $7::text[], $8::bool[]) AS x(r, n, m, u, v, b, o, t)"
            + " ON CONFLICT (resource, namespace, name) DO UPDATE SET uid = EXCLUDED.uid,"
            + " revision = EXCLUDED.revision, body = EXCLUDED.body, owner_uids = EXCLUDED.owner_uids,"
            + " terminating = EXCLUDED.terminating";
    private static final String REMOVE = "DELETE FROM kumos_object o"
            + " USING unnest($1::text[], $2::text[], $3::text[]) AS x(r, n, m)"
            + " WHERE o.resource = x.r AND o.namespace = x.n AND o.name = x.m";
    private static final String APPEND_LOG = "INSERT INTO kumos_revision_log"
            + " (revision, resource, namespace, name, event, body)"
            + " SELECT * FROM unnest($1::int8[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])";
    /** Sets the revision and tells other gateways (LISTEN kumos_revisions), delivered at commit. */
    private static final String ADVANCE = "WITH u AS (UPDATE kumos_revision SET current = $1 WHERE id = 1"
            + " RETURNING current) SELECT pg_notify('" + ObjectRecord.CHANNEL + "', CAST(current AS text)) FROM u";

    private final Pool pool;
    private final ObjectMapper json;
    private final int maxBatch;
    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean committing = new AtomicBoolean();
    private final List<Consumer<List<ChangeEvent>>> listeners = new CopyOnWriteArrayList<>();

    GroupCommit(Pool pool, ObjectMapper json,
            @ConfigProperty(name = "kumos.record.max-batch", defaultValue = "256") int maxBatch) {
        this.pool = pool;
        this.json = json;
        this.maxBatch = maxBatch;
    }

    /** A write waiting for its batch, and where to answer it. */
    private record Pending(Write write, Context context, UniEmitter<? super StoredObject> answer) {

        void complete(WriteBatch.Outcome outcome) {
            run(() -> {
                if (outcome.refusal() != null) {
                    answer.fail(outcome.refusal());
                } else {
                    answer.complete(outcome.stored());
                }
            });
        }

        void fail(Throwable failure) {
            run(() -> answer.fail(failure));
        }

        private void run(Runnable task) {
            if (context == null || context == Vertx.currentContext()) {
                task.run();
            } else {
                context.runOnContext(ignored -> task.run());
            }
        }
    }

    /** Registers a listener for committed changes (see the class comment for when it is called). */
    void onCommitted(Consumer<List<ChangeEvent>> listener) {
        listeners.add(listener);
    }

    /** Queues a write; the Uni completes after its batch committed, or fails with its refusal or the database's. */
    Uni<StoredObject> submit(Write write) {
        return Uni.createFrom().emitter(answer -> {
            queue.add(new Pending(write, Vertx.currentContext(), answer));
            drain();
        });
    }

    private void drain() {
        while (!queue.isEmpty() && committing.compareAndSet(false, true)) {
            List<Pending> batch = new ArrayList<>();
            Pending next;
            while (batch.size() < maxBatch && (next = queue.poll()) != null) {
                batch.add(next);
            }
            if (!batch.isEmpty()) {
                commit(batch).subscribe().with(decided -> finished(batch, decided), failure -> failed(batch, failure));
                return;
            }
            committing.set(false);
        }
    }

    private void finished(List<Pending> batch, WriteBatch decided) {
        committing.set(false);
        if (!decided.changes().isEmpty()) {
            for (Consumer<List<ChangeEvent>> listener : listeners) {
                try {
                    listener.accept(decided.changes());
                } catch (RuntimeException e) {
                    LOG.errorf(e, "A listener of committed changes failed at revision %d", decided.revision());
                }
            }
        }
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).complete(decided.outcomes().get(i));
        }
        drain();
    }

    private void failed(List<Pending> batch, Throwable failure) {
        committing.set(false);
        batch.forEach(pending -> pending.fail(failure));
        drain();
    }

    private Uni<WriteBatch> commit(List<Pending> batch) {
        List<Write> writes = batch.stream().map(Pending::write).toList();
        Tuple keys = keys(writes.stream().flatMap(GroupCommit::keysRead).distinct().toList());
        return pool.withTransaction(connection -> {
            // Pipelined on the connection: the read runs after the lock is granted, so it sees every commit before.
            Uni<Long> lock = connection.query(LOCK).execute().map(rows -> rows.iterator().next().getLong(0));
            Uni<Map<ObjectKey, WriteBatch.Row>> read = connection.preparedQuery(READ).execute(keys)
                    .map(GroupCommit::rows);
            return Uni.combine().all().unis(lock, read).asTuple()
                    .map(found -> new WriteBatch(found.getItem1(), found.getItem2(), writes, this::serialize,
                            this::restamp))
                    .call(decided -> write(connection, decided));
        });
    }

    /** The objects a write is decided on: its own, and for a create the namespace it goes into. */
    private static Stream<ObjectKey> keysRead(Write write) {
        return write instanceof Write.Create create && create.namespace() != null
                ? Stream.of(create.key(), create.namespace())
                : Stream.of(write.key());
    }

    private Uni<Void> write(SqlConnection connection, WriteBatch decided) {
        if (decided.changes().isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Uni<RowSet<Row>>> statements = new ArrayList<>();
        List<ObjectKey> upserted = new ArrayList<>();
        List<ObjectKey> removed = new ArrayList<>();
        decided.rows().forEach((key, row) -> (row == null ? removed : upserted).add(key));
        if (!upserted.isEmpty()) {
            statements.add(connection.preparedQuery(UPSERT).execute(upserts(upserted, decided.rows())));
        }
        if (!removed.isEmpty()) {
            statements.add(connection.preparedQuery(REMOVE).execute(keys(removed)));
        }
        statements.add(connection.preparedQuery(APPEND_LOG).execute(log(decided.changes())));
        statements.add(connection.preparedQuery(ADVANCE).execute(Tuple.of(decided.revision())));
        return Uni.join().all(statements).andFailFast().replaceWithVoid();
    }

    private static Map<ObjectKey, WriteBatch.Row> rows(Iterable<Row> rows) {
        Map<ObjectKey, WriteBatch.Row> found = new HashMap<>();
        for (Row row : rows) {
            found.put(new ObjectKey(row.getString(0), row.getString(1), row.getString(2)),
                    new WriteBatch.Row(row.getUUID(3), row.getLong(4), row.getString(5), row.getBoolean(6)));
        }
        return found;
    }

    private static Tuple keys(List<ObjectKey> keys) {
        return Tuple.of(keys.stream().map(ObjectKey::resource).toArray(String[]::new),
                keys.stream().map(ObjectKey::namespace).toArray(String[]::new),
                keys.stream().map(ObjectKey::name).toArray(String[]::new));
    }

    private Tuple upserts(List<ObjectKey> keys, Map<ObjectKey, WriteBatch.Row> rows) {
        int size = keys.size();
        UUID[] uids = new UUID[size];
        Long[] revisions = new Long[size];
        String[] bodies = new String[size];
        String[] owners = new String[size];
        Boolean[] terminating = new Boolean[size];
        for (int i = 0; i < size; i++) {
            WriteBatch.Row row = rows.get(keys.get(i));
            uids[i] = row.uid();
            revisions[i] = row.revision();
            bodies[i] = row.body();
            owners[i] = ownerUids(row.object().path("metadata"));
            terminating[i] = row.terminating();
        }
        Tuple tuple = keys(keys);
        return tuple.addValue(uids).addValue(revisions).addValue(bodies).addValue(owners).addValue(terminating);
    }

    /**
     * The uids an object's ownerReferences name, for the garbage collector's index. A uid is any string the client
     * wrote; a NUL (which a PostgreSQL text refuses) or the separator in it become U+FFFD, which no uid the
     * gateway makes holds: the reference still names an owner that does not exist, as it did.
     */
    static String ownerUids(JsonNode metadata) {
        StringBuilder uids = new StringBuilder();
        for (JsonNode reference : metadata.path("ownerReferences")) {
            String uid = reference.path("uid").asText("");
            if (!uid.isEmpty()) {
                if (!uids.isEmpty()) {
                    uids.append(OWNER_SEPARATOR);
                }
                uids.append(uid.replace('\u0000', '\ufffd').replace(OWNER_SEPARATOR, '\ufffd'));
            }
        }
        return uids.toString();
    }

    private static Tuple log(List<ChangeEvent> changes) {
        return Tuple.of(changes.stream().map(ChangeEvent::revision).toArray(Long[]::new),
                changes.stream().map(change -> change.key().resource()).toArray(String[]::new),
                changes.stream().map(change -> change.key().namespace()).toArray(String[]::new),
                changes.stream().map(change -> change.key().name()).toArray(String[]::new),
                changes.stream().map(ChangeEvent::type).toArray(String[]::new),
                changes.stream().map(ChangeEvent::body).toArray(String[]::new));
    }

    private String serialize(ObjectNode object) {
        try {
            return json.writeValueAsString(object);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an object could not be written as JSON", e);
        }
    }

    private String restamp(String body, long revision) {
        try {
            ObjectNode object = (ObjectNode) json.readTree(body);
            object.with("metadata").put("resourceVersion", Long.toString(revision));
            return serialize(object);
        } catch (JsonProcessingException | ClassCastException e) {
            throw new IllegalStateException("the record holds an object that is not JSON", e);
        }
    }
}
