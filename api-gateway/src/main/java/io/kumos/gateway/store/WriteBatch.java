package io.kumos.gateway.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The decisions of one group commit, made in memory before anything is written: each write in arrival order
 * against the objects as the batch found them and as the writes before it in the batch left them, so two writes
 * to one object in one batch behave as two transactions one after the other. Every accepted write takes the next
 * revision after {@code current}; a refused one takes none, so revisions stay gap-free. Pure: the caller reads the
 * rows before and writes {@link #rows()} and {@link #changes()} after, in the same transaction.
 */
final class WriteBatch {

    /**
     * An object as the record holds it: what a write is checked against.
     *
     * @param object      the object {@code body} was written from, for a row the batch wrote; null for one it read
     * @param terminating whether its {@code metadata.deletionTimestamp} is set
     */
    record Row(UUID uid, long revision, String body, ObjectNode object, boolean terminating) {

        Row(UUID uid, long revision, String body, boolean terminating) {
            this(uid, revision, body, null, terminating);
        }
    }

    /**
     * What became of one write: the object it stored (or last held, for a delete), or why it was refused (a
     * {@link RecordException}, or the failure to write that one object, which fails no other write of the batch).
     */
    record Outcome(StoredObject stored, RuntimeException refusal) {

        static Outcome stored(StoredObject stored) {
            return new Outcome(stored, null);
        }

        static Outcome refused(RuntimeException refusal) {
            return new Outcome(null, refusal);
        }
    }

    private final Map<ObjectKey, Row> objects;
    private final Map<ObjectKey, Row> written = new LinkedHashMap<>();
    private final List<ChangeEvent> changes = new ArrayList<>();
    private final List<Outcome> outcomes = new ArrayList<>();
    private long revision;

    /**
     * @param current  the record's revision when the batch took the revision lock
     * @param existing the stored objects of the keys the writes name, as read under that lock
     * @param writes   the writes, in the order they were accepted
     * @param stamp    serializes an object after its {@code metadata.resourceVersion} is set
     * @param restamp  the body of a deleted object stamped with the deletion's revision
     */
    WriteBatch(long current, Map<ObjectKey, Row> existing, List<Write> writes, Function<ObjectNode, String> stamp,
            Restamp restamp) {
        this.revision = current;
        this.objects = new HashMap<>(existing);
        for (Write write : writes) {
            Outcome outcome;
            try {
                outcome = decide(write, stamp, restamp);
            } catch (RuntimeException unwritable) {
                outcome = Outcome.refused(unwritable);
            }
            outcomes.add(outcome);
        }
    }

    /** Stamps an already stored body with another revision. */
    interface Restamp {
        String apply(String body, long revision);
    }

    private Outcome decide(Write write, Function<ObjectNode, String> stamp, Restamp restamp) {
        ObjectKey key = write.key();
        Row row = objects.get(key);
        if (write instanceof Write.Create create) {
            if (row != null) {
                return Outcome.refused(RecordException.alreadyExists(key));
            }
            if (create.namespace() != null) {
                Row namespace = objects.get(create.namespace());
                if (namespace == null) {
                    return Outcome.refused(RecordException.namespaceNotFound(create.namespace()));
                }
                if (namespace.terminating()) {
                    return Outcome.refused(RecordException.namespaceTerminating(create.namespace()));
                }
            }
            return store(key, create.uid(), create.object(), "ADDED", stamp);
        }
        long expected = write instanceof Write.Update update ? update.expected() : ((Write.Delete) write).expected();
        if (row == null) {
            return Outcome.refused(RecordException.notFound(key));
        }
        if (expected != 0 && expected != row.revision()) {
            return Outcome.refused(RecordException.conflict(key, expected));
        }
        if (write instanceof Write.Update update) {
            return store(key, row.uid(), update.object(), "MODIFIED", stamp);
        }
        long next = revision + 1;
        String body = restamp.apply(row.body(), next);
        revision = next;
        objects.put(key, null);
        written.put(key, null);
        changes.add(new ChangeEvent(next, "DELETED", key, body));
        return Outcome.stored(new StoredObject(key, row.uid(), next, body));
    }

    /** Stores an object at the next revision; the revision is taken only once its body could be written. */
    private Outcome store(ObjectKey key, UUID uid, ObjectNode object, String event, Function<ObjectNode, String> stamp) {
        long next = revision + 1;
        ObjectNode metadata = object.with("metadata");
        metadata.put("resourceVersion", Long.toString(next));
        String body = stamp.apply(object);
        revision = next;
        Row row = new Row(uid, next, body, object, metadata.hasNonNull("deletionTimestamp"));
        objects.put(key, row);
        written.put(key, row);
        changes.add(new ChangeEvent(next, event, key, body));
        return Outcome.stored(new StoredObject(key, uid, next, body));
    }

    /** The revision of the last accepted write: the record's revision after the batch. */
    long revision() {
        return revision;
    }

    /** What became of each write, in the order of the writes. */
    List<Outcome> outcomes() {
        return outcomes;
    }

    /** The changes to append to the revision log, in revision order. */
    List<ChangeEvent> changes() {
        return changes;
    }

    /** The final state of each object the batch changed: a row to upsert, or null for one to remove. */
    Map<ObjectKey, Row> rows() {
        return written;
    }
}
