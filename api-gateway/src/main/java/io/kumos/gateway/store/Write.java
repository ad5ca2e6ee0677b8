package io.kumos.gateway.store;

import java.util.UUID;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One write to the record, as the group commit takes it: what to do to which object, under which precondition.
 * The record stamps {@code metadata.resourceVersion} into {@code object} when it assigns the write's revision.
 */
sealed interface Write {

    ObjectKey key();

    /**
     * Stores a new object; refused if its key is taken, or if {@code namespace} (the key of the Namespace the
     * object is created in; null for none) does not exist or is terminating. That check is made in the write's
     * transaction, so no object gets into a namespace whose deletion committed before it.
     */
    record Create(ObjectKey key, UUID uid, ObjectNode object, ObjectKey namespace) implements Write {

        /** A create that depends on no namespace. */
        Create(ObjectKey key, UUID uid, ObjectNode object) {
            this(key, uid, object, null);
        }
    }

    /** Replaces an object; with {@code expected} > 0 only while that is still its revision. */
    record Update(ObjectKey key, long expected, ObjectNode object) implements Write {
    }

    /** Removes an object, under the same precondition as {@link Update}. */
    record Delete(ObjectKey key, long expected) implements Write {
    }
}
