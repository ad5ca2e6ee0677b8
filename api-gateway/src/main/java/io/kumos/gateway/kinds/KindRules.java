package io.kumos.gateway.kinds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** What one kind adds to the common rules; each method's default is "nothing". */
public interface KindRules {

    /** Fills in what Kubernetes defaults; runs on every create and update, so it must be idempotent. */
    default void applyDefaults(ObjectNode object) {
    }

    /**
     * On an update, before {@link #applyDefaults}: fills in what the new object leaves out but the old one had and
     * the client cannot be expected to repeat (what the server allocated, such as a Service's cluster IP and node
     * ports), and drops what the change makes meaningless.
     */
    default void applyUpdateDefaults(ObjectNode object, JsonNode old) {
    }

    /** Sets what a new object starts with (its initial status, generated selectors...), after defaulting. */
    default void prepareForCreate(ObjectNode object) {
    }

    /** The rules any object of this kind must meet. */
    default void validate(ObjectNode object, FieldErrors errors) {
    }

    /** The rules an update must meet, besides {@link #validate}: immutable fields, allowed transitions. */
    default void validateUpdate(ObjectNode object, JsonNode old, FieldErrors errors) {
    }

    /** Whether a change outside metadata and status bumps {@code metadata.generation}. */
    default boolean tracksGeneration() {
        return false;
    }
}
