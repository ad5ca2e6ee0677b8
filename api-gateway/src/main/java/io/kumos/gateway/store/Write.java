package io.kumos.gateway.store;

import java.util.UUID;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One write to the record, as the group commit takes it: what to do to which object, under which precondition.
 * The record stamps {@code metadata.resourceVersion} into {@code object} when it assigns the write's revision.
 */
sealed interface Write {

    ObjectKey key();

    /** Stores a new object; refused if its key is taken. */
    record Create(ObjectKey key, UUID uid, ObjectNode object) implements Write {
    }

    /** Replaces an object; with {@code expected} > 0 only while that is still its revision. */
    record Update(ObjectKey key, long expected, ObjectNode object) implements Write {
    }

    /** Removes an object, under the same precondition as {@link Update}. */
    record Delete(ObjectKey key, long expected) implements Write {
    }
}
